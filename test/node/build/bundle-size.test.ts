/**
 * Size budgets for what a shopper downloads. Sizes of a build are deterministic, so a budget
 * that fails is a real regression. Run after `npm run build` (npm test does that first).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { brotliCompressSync, constants } from 'node:zlib';
import { staticGraph } from '../../../build/preload-graph.js';
import { ELEMENT_MODULES, PREFETCH_MODULES } from '../../../src/elements.js';

const DIST = 'dist/widgets';
const KB = 1024;

/** Script-tag entry: it runs on every page view of every dealer page. */
const LOADER_BUDGET = 3 * KB;
/** One element with everything it imports (lit included): what the first element on a page costs. */
const ELEMENT_BUDGET = 40 * KB;
/**
 * Everything an inventory page downloads: the loader (with its space reservation), the inventory's
 * whole graph and its prefetch module. Measured at 25,497 B by `npm run size` after server
 * rendering joined, then at 28,831 B once the cards gained the "Save" toggle with the favourites
 * store (~1.4 KB), the opt-in "from $X/month" line (~0.4 KB) and the "Test mode" marker (~0.2 KB),
 * 28,942 B once listing elements stopped probing the mode, 29,360 B once the start-up path drew an
 * arrived early list in the first render, warmed Intl while the code loads and ran the files in
 * steps (~420 B); the budget is that plus ~230 B. Issue 12's goal is 15 KB, not reached (README, "Performance and
 * strict pages"). A budget that fails is a regression: a change that needs more raises it here,
 * with the reason.
 */
const INVENTORY_PAGE_BUDGET = 28.9 * KB;

function brotli(path: string): number {
  return brotliCompressSync(readFileSync(path), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
}

interface ManifestEntry {
  file: string;
  imports?: string[];
}
function manifest(): Record<string, ManifestEntry> {
  return JSON.parse(readFileSync(`${DIST}/.vite/manifest.json`, 'utf8')) as Record<string, ManifestEntry>;
}

/** Files an entry loads before it runs: itself and its static imports, transitively. */
function closure(m: Record<string, ManifestEntry>, key: string, seen = new Set<string>()): Set<string> {
  const entry = m[key];
  if (!entry || seen.has(entry.file)) return seen;
  seen.add(entry.file);
  for (const dep of entry.imports ?? []) closure(m, dep, seen);
  return seen;
}

test('the built bundle exists (run `npm run build` first)', () => {
  assert.ok(existsSync(`${DIST}/carstrel.js`), 'dist/widgets/carstrel.js is missing');
  assert.ok(existsSync(`${DIST}/.vite/manifest.json`), 'the elements manifest is missing');
});

test(`the script-tag entry carstrel.js is at most ${LOADER_BUDGET / KB} KB brotli`, () => {
  const size = brotli(`${DIST}/carstrel.js`);
  assert.ok(size <= LOADER_BUDGET, `carstrel.js is ${size} B brotli, budget ${LOADER_BUDGET} B`);
});

for (const [name, src] of Object.entries(ELEMENT_MODULES)) {
  test(`<${name}> with all it imports is at most ${ELEMENT_BUDGET / KB} KB brotli`, () => {
    const m = manifest();
    assert.ok(m[src], `${src} is not in the manifest`);
    const files = closure(m, src);
    const size = [...files].reduce((sum, f) => sum + brotli(`${DIST}/${f}`), 0);
    assert.ok(
      size <= ELEMENT_BUDGET,
      `<${name}> costs ${size} B brotli (${[...files].join(', ')}), budget ${ELEMENT_BUDGET} B`,
    );
  });
}

test(`an inventory page's JavaScript is at most ${INVENTORY_PAGE_BUDGET / KB} KB brotli`, () => {
  const m = manifest();
  const files = new Set([
    ...staticGraph(m, ELEMENT_MODULES['carstrel-inventory']),
    ...staticGraph(m, PREFETCH_MODULES['carstrel-inventory'] ?? ELEMENT_MODULES['carstrel-inventory']),
  ]);
  const sizes = [
    ['carstrel.js', brotli(`${DIST}/carstrel.js`)] as const,
    ...[...files].map((f) => [f, brotli(`${DIST}/${f}`)] as const),
  ];
  const total = sizes.reduce((sum, [, size]) => sum + size, 0);
  assert.ok(
    total <= INVENTORY_PAGE_BUDGET,
    `an inventory page costs ${total} B brotli (${sizes.map(([f, n]) => `${f} ${n}`).join(', ')}), budget ${INVENTORY_PAGE_BUDGET} B`,
  );
});

test('the script-tag entry has no static import/export (works as a classic <script>)', () => {
  const code = readFileSync(`${DIST}/carstrel.js`, 'utf8');
  assert.doesNotMatch(code, /^\s*(import|export)\s/m);
  assert.doesNotMatch(code, /\bimport\.meta\b/);
});

test('no API key string is in anything served to browsers', () => {
  const m = manifest();
  const files = new Set<string>(['carstrel.js', 'sw.js', ...Object.values(m).map((e) => e.file)]);
  for (const f of files) {
    assert.doesNotMatch(
      readFileSync(`${DIST}/${f}`, 'utf8'),
      /sk_(live|test)_[A-Za-z0-9]/,
      `${f} contains an API key string`,
    );
  }
});
