/**
 * Source files of a dealer's app in each framework the package types (pack.test.ts writes them into
 * the scratch project): every element with every attribute, each given a value of its type, in
 * the framework's own template syntax; and lines that must NOT type-check.
 */
import type { ElementInfo } from '../../../build/package-types.js';

/** A valid JSX value for an attribute of this type. */
export function validValue(type: string): string {
  const literal = /'[^']*'/.exec(type);
  if (literal) return `"${literal[0].slice(1, -1)}"`;
  if (type.startsWith('number')) return '{3}';
  if (type === 'boolean') return '{true}';
  return '"x"';
}

/** The same value as a Vue template attribute: literals as text, numbers and booleans bound (`:name`). */
function vueAttribute(name: string, type: string): string {
  const value = validValue(type);
  return value.startsWith('{') ? `:${name}="${value.slice(1, -1)}"` : `${name}=${value}`;
}

const uses = (elements: ElementInfo[], attribute: (name: string, type: string) => string, extra: string) =>
  elements.map((el) => {
    const attrs = el.attributes.map((a) => attribute(a.name, a.type)).join(' ');
    return `    <${el.tag} ${attrs} ${extra}></${el.tag}>`;
  });

/** Each must be refused: a wrong attribute type, a value outside an attribute's literals. */
export const BAD_ATTRIBUTES = {
  jsx: [
    '<carstrel-inventory page-size={true}></carstrel-inventory>',
    '<carstrel-inventory url-state="sometimes"></carstrel-inventory>',
  ],
  vue: ['<carstrel-inventory :page-size="true" />', '<carstrel-inventory url-state="sometimes" />'],
};

/** Preact (`jsxImportSource: "preact"`): the page, and the bad lines from line 3 on. */
export function preactFiles(elements: ElementInfo[]): Record<string, string> {
  return {
    'page.tsx': [
      "import type {} from 'carstrel-widgets/preact';",
      '',
      'export function Page() {',
      '  return (',
      '    <main>',
      ...uses(elements, (n, t) => `${n}=${validValue(t)}`, 'class="w"'),
      '    </main>',
      '  );',
      '}',
      '',
    ].join('\n'),
    'bad.tsx': [
      "import type {} from 'carstrel-widgets/preact';",
      '',
      ...BAD_ATTRIBUTES.jsx.map((jsx, i) => `export const e${i} = ${jsx};`),
      '',
    ].join('\n'),
  };
}

/** Vue single-file components (`vue-tsc --noEmit`): the page, and Bad.vue's bad lines from line 6 on. */
export function vueFiles(elements: ElementInfo[]): Record<string, string> {
  const sfc = (lines: string[]) =>
    [
      '<script setup lang="ts">',
      "import type {} from 'carstrel-widgets/vue';",
      '</script>',
      '<template>',
      '  <main>',
      ...lines,
      '  </main>',
      '</template>',
      '',
    ].join('\n');
  return {
    'Page.vue': sfc(uses(elements, vueAttribute, 'class="w"')),
    'Bad.vue': sfc(BAD_ATTRIBUTES.vue.map((line) => `    ${line}`)),
  };
}

/** Svelte components (`svelte-check`): the page, and Bad.svelte's bad lines from line 5 on. */
export function svelteFiles(elements: ElementInfo[]): Record<string, string> {
  const component = (lines: string[]) =>
    [
      '<script lang="ts">',
      "  import type {} from 'carstrel-widgets/svelte';",
      '</script>',
      '<main>',
      ...lines,
      '</main>',
      '',
    ].join('\n');
  return {
    'Page.svelte': component(uses(elements, (n, t) => `${n}=${validValue(t)}`, 'class="w"')),
    'Bad.svelte': component(BAD_ATTRIBUTES.jsx.map((line) => `    ${line}`)),
  };
}
