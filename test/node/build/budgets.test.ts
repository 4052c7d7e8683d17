/**
 * Budgets that keep the code easy to change: no hand-written source file over 400 lines, and no
 * import cycle between files, type-only imports included. Generated code (`src/api/schema.ts`),
 * the sandbox's seed data (`proxy/sandbox/data/`) and test files (`*.test.ts`) are outside the line
 * budget; every file is inside the cycle check. Cycles are found by dependency-cruiser, reading
 * the TypeScript sources before compilation so that `import type` edges count.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const MAX_LINES = 400;
/** Folders of hand-written code, and the code files at the top (configs). */
const SOURCE_DIRS = ['src', 'proxy', 'test', 'demo'];
const SOURCE_FILE = /\.(ts|mts|cts|js|mjs|cjs|css|html)$/;
const OUTSIDE_LINE_BUDGET = [/^src\/api\/schema\.ts$/, /^proxy\/sandbox\/data\//, /\.test\.ts$/];

/** Repository-relative paths (with `/`) of the code files under `dirs` and at the top of `root`. */
function sourceFiles(root: string, dirs: string[]): string[] {
  const top = readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
  const nested = dirs.flatMap((d) =>
    readdirSync(join(root, d), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(root, join(e.parentPath, e.name))),
  );
  return [...top, ...nested]
    .map((p) => p.split(sep).join('/'))
    .filter((p) => SOURCE_FILE.test(p) && !p.split('/').includes('node_modules'))
    .sort();
}

function lineCount(text: string): number {
  if (!text) return 0;
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') ? newlines : newlines + 1;
}

/** Files over the line budget, as `path: N lines`. */
function oversized(root: string, dirs: string[]): string[] {
  return sourceFiles(root, dirs)
    .filter((p) => !OUTSIDE_LINE_BUDGET.some((re) => re.test(p)))
    .map((p) => ({ p, n: lineCount(readFileSync(join(root, p), 'utf8')) }))
    .filter(({ n }) => n > MAX_LINES)
    .map(({ p, n }) => `${p}: ${n} lines`);
}

interface Graph {
  /** Each cycle once, as `a.ts → b.ts → a.ts`. */
  cycles: string[];
  /** Relative imports that did not resolve to a file (the cycle check would be blind to them). */
  unresolved: string[];
}

/** The import graph of `paths` under `baseDir`, type-only imports included. */
async function importGraph(baseDir: string, paths: string[]): Promise<Graph> {
  const { output } = await cruise(paths, {
    baseDir,
    tsPreCompilationDeps: true,
    exclude: { path: '(^|/)(node_modules|dist)/' },
    doNotFollow: { path: 'node_modules' },
    validate: true,
    ruleSet: { forbidden: [{ name: 'no-circular', severity: 'error', from: {}, to: { circular: true } }] },
  });
  assert.ok(typeof output === 'object', 'dependency-cruiser answers with a result object');
  const seen = new Set<string>();
  const cycles: string[] = [];
  for (const v of output.summary.violations) {
    if (v.rule.name !== 'no-circular' || !v.cycle) continue;
    const members = [v.from, ...v.cycle.map((c) => c.name)];
    const key = [...new Set(members)].sort().join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    cycles.push(members.join(' → '));
  }
  const unresolved = output.modules.flatMap((m) =>
    m.dependencies
      .filter((d) => d.couldNotResolve && d.module.startsWith('.'))
      .map((d) => `${m.source} imports ${d.module}`),
  );
  return { cycles, unresolved };
}

function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'carstrel-budgets-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('the checks themselves', () => {
  test('a cycle made only of `import type` is found, as are inline type and value cycles', async () => {
    const dir = fixture({
      'src/a.ts': "import type { B } from './b.js';\nexport interface A { b?: B }\n",
      'src/b.ts': "import type { A } from './a.js';\nexport interface B { a?: A }\n",
      'src/c.ts': "import { d, type D } from './d.js';\nexport const c: D = d;\n",
      'src/d.ts': "import type { c } from './c.js';\nexport type D = typeof c | number;\nexport const d = 1;\n",
      'src/e.ts': "import { f } from './f.js';\nexport const e = () => f;\n",
      'src/f.ts': "import { e } from './e.js';\nexport const f = () => e;\n",
      'src/g.ts': "import { h } from './h.js';\nexport const g = h;\n",
      'src/h.ts': 'export const h = 1;\n',
    });
    try {
      const { cycles, unresolved } = await importGraph(dir, ['src']);
      assert.deepEqual(unresolved, []);
      assert.deepEqual(cycles.sort(), [
        'src/a.ts → src/b.ts → src/a.ts',
        'src/c.ts → src/d.ts → src/c.ts',
        'src/e.ts → src/f.ts → src/e.ts',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an import that resolves to no file is reported, since a cycle through it would go unseen', async () => {
    const dir = fixture({ 'src/a.ts': "import { b } from './b.js';\nexport const a = b;\n" });
    try {
      assert.deepEqual((await importGraph(dir, ['src'])).unresolved, ['src/a.ts imports ./b.js']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('line counting: generated code, seed data and tests are outside the budget, the rest is not', () => {
    const long = 'x\n'.repeat(MAX_LINES + 1);
    const dir = fixture({
      'src/big.ts': long,
      'src/fits.ts': 'x\n'.repeat(MAX_LINES),
      'src/api/schema.ts': long,
      'src/big.test.ts': long,
      'proxy/sandbox/data/catalog.ts': long,
      'proxy/node_modules/dep/index.js': long,
      'demo/page.html': long,
      'vite.config.ts': long,
      'README.md': long,
    });
    try {
      assert.deepEqual(oversized(dir, ['src', 'proxy', 'demo']), [
        'demo/page.html: 401 lines',
        'src/big.ts: 401 lines',
        'vite.config.ts: 401 lines',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('budgets', () => {
  test(`no hand-written source file is over ${MAX_LINES} lines`, () => {
    const over = oversized(ROOT, SOURCE_DIRS);
    assert.deepEqual(over, [], `split these by concern:\n  ${over.join('\n  ')}`);
  });

  test('no import cycle between files, type imports included', async () => {
    const top = sourceFiles(ROOT, []).filter((p) => /\.(ts|mjs|js)$/.test(p));
    const { cycles, unresolved } = await importGraph(ROOT, [...SOURCE_DIRS, ...top]);
    assert.deepEqual(unresolved, [], `imports that resolve to no file:\n  ${unresolved.join('\n  ')}`);
    assert.deepEqual(cycles, [], `import cycles:\n  ${cycles.join('\n  ')}`);
  });
});
