/**
 * Size report (`npm run size`): what an inventory page's JavaScript is made of. Rebuilds the
 * elements and the loader in memory (the loader reads the elements manifest of `dist/widgets`,
 * so `npm run build:widgets` runs first) and prints, brotli at quality 11:
 *  - each file an inventory page downloads before its first paint (the loader, the inventory's
 *    static import graph and its prefetch module), as served; then the chunks they import on demand;
 *  - each element's page the same way (the loader, the element's graph and its prefetch module's);
 *  - inside them, each group of source modules (lit core, reactive-element, directives, shared,
 *    i18n, events, json-ld…), each module compressed on its own: an upper bound that shows where
 *    the bytes are (a whole file compresses better than the sum of its parts).
 * Sizes are deterministic; the budget itself is tested in test/node/build/bundle-size.test.ts.
 */
import { relative } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { build, type Plugin, type Rollup } from 'vite';
import { ELEMENT_MODULES, PREFETCH_MODULES } from '../../src/elements.js';

const brotli = (code: string) =>
  code ? brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length : 0;
const kb = (n: number) => (n / 1024).toFixed(2);

/** Module id → the group it is reported in (first match wins). */
const GROUPS: Array<[string, RegExp]> = [
  ['lit-html core', /node_modules\/lit-html\/(lit-html|development\/lit-html)\.js$/],
  ['lit-html directives', /node_modules\/lit-html\/(directives?|directive-helpers|async-directive)/],
  ['reactive-element', /node_modules\/@lit\/reactive-element\//],
  ['lit-element + lit', /node_modules\/(lit-element|lit)\//],
  ['@lit/task', /node_modules\/@lit\/task\//],
  ['workbox', /node_modules\/workbox-/],
  ['other node_modules', /node_modules\//],
  ['loader', /src\/(carstrel|loader\/)/],
  ['api client', /src\/api\//],
  ['i18n + messages', /src\/(shared\/(i18n|listing-messages)|[\w-]+\/messages)\.ts$/],
  ['events', /src\/shared\/events\.ts$/],
  ['json-ld', /src\/shared\/json-ld\.ts$/],
  ['styles (tokens, reset, element css)', /src\/(shared\/(tokens|reset|page-tone)|[\w-]+\/[\w-]+\.styles)\.ts$/],
  ['pricing + format', /src\/shared\/(pricing|format)\.ts$/],
  ['shared (other)', /src\/shared\//],
  ['inventory', /src\/inventory\//],
  ['other src', /src\//],
];

const groupOf = (id: string) => GROUPS.find(([, re]) => re.test(id.replace(/\\/g, '/')))?.[0] ?? 'other';

/** Collects the rendered code of every module of every chunk written by a build. */
function capture(into: Map<string, Rollup.OutputChunk>): Plugin {
  return {
    name: 'carstrel-size-report',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) if (file.type === 'chunk') into.set(file.fileName, file);
    },
  };
}

async function buildInMemory(mode: string | undefined): Promise<Map<string, Rollup.OutputChunk>> {
  const chunks = new Map<string, Rollup.OutputChunk>();
  await build({
    root: process.cwd(),
    mode,
    logLevel: 'silent',
    plugins: [capture(chunks)],
    build: { write: false, emptyOutDir: false },
  });
  return chunks;
}

async function main(): Promise<void> {
  const elements = await buildInMemory(undefined);
  const loader = await buildInMemory('loader');
  const entry = (src: string) =>
    [...elements.values()].find((c) => c.isEntry && c.facadeModuleId?.replace(/\\/g, '/').endsWith(src));
  /** A chunk and its static imports, transitively (what the loader preloads for it). */
  const graph = (chunk: Rollup.OutputChunk | undefined, seen = new Set<string>()): Set<string> => {
    if (!chunk || seen.has(chunk.fileName)) return seen;
    seen.add(chunk.fileName);
    for (const f of chunk.imports) graph(elements.get(f), seen);
    return seen;
  };
  const early = PREFETCH_MODULES['carstrel-inventory'];
  const files = graph(entry(early ?? ''), graph(entry(ELEMENT_MODULES['carstrel-inventory'])));
  const served = [...loader.values(), ...[...files].map((f) => elements.get(f)!)];

  const perFile = served.map((c) => [c.fileName.replace(/^chunks\//, ''), brotli(c.code)] as const);
  const total = perFile.reduce((s, [, n]) => s + n, 0);
  console.log(`\nJavaScript of an inventory page, brotli (quality 11): ${kb(total)} KB\n`);
  console.log('| file | KB |\n| --- | ---: |');
  for (const [f, n] of perFile) console.log(`| ${f} | ${kb(n)} |`);

  // What those files import on demand (after the first paint, or only in some pages), not in the total.
  const later = new Set<string>();
  for (const f of files) for (const d of elements.get(f)?.dynamicImports ?? []) graph(elements.get(d), later);
  for (const f of files) later.delete(f);
  console.log('\nLoaded on demand, not in the total (with their own imports):\n');
  console.log('| file | KB |\n| --- | ---: |');
  for (const f of later) console.log(`| ${f.replace(/^chunks\//, '')} | ${kb(brotli(elements.get(f)!.code))} |`);

  // Every element's page the same way: the loader, the element's static graph and its prefetch module's.
  const loaderSize = [...loader.values()].reduce((s, c) => s + brotli(c.code), 0);
  console.log("\nEach element's page before its first paint (loader included):\n");
  console.log('| element | KB | files |\n| --- | ---: | ---: |');
  for (const [name, src] of Object.entries(ELEMENT_MODULES)) {
    const early = PREFETCH_MODULES[name as keyof typeof PREFETCH_MODULES];
    const page = graph(early ? entry(early) : undefined, graph(entry(src)));
    const size = [...page].reduce((s, f) => s + brotli(elements.get(f)!.code), loaderSize);
    console.log(`| ${name} | ${kb(size)} | ${page.size} |`);
  }

  const groups = new Map<string, { size: number; modules: Array<[string, number]> }>();
  for (const chunk of served)
    for (const [id, mod] of Object.entries(chunk.modules)) {
      const size = brotli(mod.code ?? '');
      if (!size) continue;
      const g = groups.get(groupOf(id)) ?? { size: 0, modules: [] };
      g.size += size;
      g.modules.push([
        relative(process.cwd(), id.replace(/\0/g, ''))
          .replace(/\\/g, '/')
          .replace(/^node_modules\//, ''),
        size,
      ]);
      groups.set(groupOf(id), g);
    }
  const sorted = [...groups.entries()].sort((a, b) => b[1].size - a[1].size);
  console.log('\nBy source group (each module compressed alone: an upper bound)\n');
  console.log('| group | KB | largest modules |\n| --- | ---: | --- |');
  for (const [name, g] of sorted) {
    const top = g.modules
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([m, n]) => `${m.replace(/^src\//, '')} ${kb(n)}`)
      .join(', ');
    console.log(`| ${name} | ${kb(g.size)} | ${top} |`);
  }
}

await main();
