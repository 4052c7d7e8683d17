/**
 * What the build tells the loader (each element's whole import graph, from Vite's manifest) and the
 * template minification of the build: pure functions, and checked against the real build output.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { minifyCss, minifyHtml, minifyTemplates } from '../../../build/minify-templates.js';
import { loaderTables, preloadLists, staticGraph, type Manifest } from '../../../build/preload-graph.js';
import { ELEMENT_MODULES, PREFETCH_MODULES } from '../../../src/elements.js';

const M: Manifest = {
  'src/a.ts': { file: 'chunks/a.js', imports: ['_shared.js', '_data.js'] },
  'src/b.ts': { file: 'chunks/b.js', imports: ['_shared.js'] },
  'src/a-early.ts': { file: 'chunks/a-early.js', imports: ['_data.js'] },
  '_shared.js': { file: 'chunks/shared.js', imports: ['_core.js'] },
  '_data.js': { file: 'chunks/data.js', imports: ['_core.js'] },
  '_core.js': { file: 'chunks/core.js' },
};

test('an element preloads its whole static graph, entry first, each file once', () => {
  assert.deepEqual(staticGraph(M, 'src/a.ts'), ['chunks/a.js', 'chunks/shared.js', 'chunks/core.js', 'chunks/data.js']);
  const lists = preloadLists(M, { 'x-a': 'src/a.ts', 'x-b': 'src/b.ts' }, { 'x-a': 'src/a-early.ts' });
  assert.deepEqual(lists['x-a'], [
    'chunks/a.js',
    'chunks/shared.js',
    'chunks/core.js',
    'chunks/data.js',
    'chunks/a-early.js',
  ]);
  assert.deepEqual(lists['x-b'], ['chunks/b.js', 'chunks/shared.js', 'chunks/core.js']);
  assert.throws(() => staticGraph(M, 'src/missing.ts'), /not in the elements manifest/);
});

test("the loader's tables name each file once and point at them", () => {
  const t = loaderTables(M, { 'x-a': 'src/a.ts', 'x-b': 'src/b.ts' }, { 'x-a': 'src/a-early.ts' });
  assert.equal(new Set(t.files).size, t.files.length);
  assert.deepEqual(
    t.chunks['x-b'].map((i) => t.files[i]),
    ['b.js', 'shared.js', 'core.js'],
  );
  assert.equal(t.files[t.prefetch['x-a']], 'a-early.js');
});

test('the real build: every element has a graph, the prefetch modules carry no Lit', () => {
  const manifest = JSON.parse(readFileSync('dist/widgets/.vite/manifest.json', 'utf8')) as Manifest;
  const lists = preloadLists(manifest, ELEMENT_MODULES, PREFETCH_MODULES);
  for (const name of Object.keys(ELEMENT_MODULES)) assert.ok(lists[name].length >= 2, name);
  for (const src of Object.values(PREFETCH_MODULES)) {
    for (const file of staticGraph(manifest, src)) {
      const code = readFileSync(`dist/widgets/${file}`, 'utf8');
      assert.doesNotMatch(code, /lit-html|ReactiveElement|adoptedStyleSheets/, `${file} (graph of ${src}) holds Lit`);
    }
  }
});

test('CSS templates lose comments and whitespace, not meaning', () => {
  assert.equal(
    minifyCss(`
      /* a comment */
      .a > .b,
      .c :focus {
        margin: 0.25rem 0 0;
        width: calc(var(--x) * 0.75 + 1px);
        grid-column: 1 / -1;
      }
    `),
    ' .a > .b,.c :focus{margin:.25rem 0 0;width:calc(var(--x)*.75 + 1px);grid-column:1/-1}',
  );
});

test('HTML templates keep one space where a line break was; <pre>/<textarea> and comments are left alone', () => {
  assert.equal(minifyHtml('<p>\n    a\n    <b>b</b>\n  </p>'), '<p> a <b>b</b> </p>');
  const source = [
    'const a = html`<ul>\n  <li>${x}</li>\n</ul>`;',
    'const b = html`<textarea>\n  keep\n</textarea>`;',
    'const c = css`\n  .x {\n    color: red;\n  }\n`;',
    'const d = other`\n  same\n`;',
  ].join('\n');
  assert.equal(
    minifyTemplates(source, 'x.ts'),
    [
      'const a = html`<ul> <li>${x}</li> </ul>`;',
      'const b = html`<textarea>\n  keep\n</textarea>`;',
      'const c = css` .x{color:red}`;',
      'const d = other`\n  same\n`;',
    ].join('\n'),
  );
});
