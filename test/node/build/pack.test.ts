/**
 * The package as a dealer's developer gets it: `npm pack` (of the built dist/), the tarball
 * installed into a scratch project (offline, from the npm cache), then TypeScript on that project:
 * a TSX file that uses every element with every attribute (React 19 types), a file that uses the
 * client and the proxy library, and files that must NOT type-check (a wrong attribute type, an
 * unknown attribute, a client call with a wrong argument). Then the other frameworks the package
 * types, each on a file with every element and every attribute and on lines with a wrong attribute
 * type: Preact (TSX, `jsxImportSource: "preact"`, tsc), Vue (single-file components, `vue-tsc
 * --noEmit`), Svelte (components, `svelte-check`). Their libraries are linked into the scratch
 * project from the project's own node_modules (no registry). Needs `npm run build` first.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readElements, type ElementInfo } from '../../../build/package-types.js';
import { BAD_ATTRIBUTES, preactFiles, svelteFiles, validValue, vueFiles } from './framework-sources.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const reactTypes = (
  JSON.parse(readFileSync(join(root, 'node_modules/@types/react/package.json'), 'utf8')) as { version: string }
).version;

function everyElementTsx(elements: ElementInfo[]): string {
  const uses = elements.map((el) => {
    const attrs = el.attributes.map((a) => `${a.name}=${validValue(a.type)}`).join(' ');
    return `      <${el.tag} ${attrs} className="w" id="${el.tag}-1"></${el.tag}>`;
  });
  return [
    "import type {} from 'carstrel-widgets/react';",
    "import type { CarstrelInventory } from 'carstrel-widgets';",
    "import 'carstrel-widgets/elements/carstrel-inventory';",
    '',
    'export function Page() {',
    '  const el: CarstrelInventory | null = document.querySelector("carstrel-inventory");',
    '  void el?.pageSize;',
    '  return (',
    '    <main>',
    '      <carstrel-inventory brand="toyota" page-size={12} listing-type="sale" url-state="replace" />',
    ...uses,
    '    </main>',
    '  );',
    '}',
    '',
  ].join('\n');
}

const CLIENT_TS = `import { createCarstrelClient, CarstrelApiError, type ResultOf } from 'carstrel-widgets/client';
import { createProxyApp, loadConfig } from 'carstrel-widgets/proxy';

const client = createCarstrelClient({ baseUrl: 'http://127.0.0.1:4010', apiKey: 'sk_test_sandbox' });
export async function main(): Promise<string> {
  const page: ResultOf<'listVehicles'> = await client.listVehicles({ listingType: 'sale', limit: 5 });
  const first = page.data[0];
  try {
    await client.submitContact({ name: 'A', email: 'a@example.com', message: 'Hi' }, { idempotencyKey: 'k1' });
    await client.updateCustomer('id', { isVip: true });
  } catch (err) {
    if (err instanceof CarstrelApiError) return \`\${err.status} \${err.envelope.message}\`;
  }
  const app = createProxyApp(loadConfig({ CARSTREL_API_KEY: 'sk_test_x' }));
  await app.close();
  return first?.id ?? '';
}
`;

/** Each line must be refused by TypeScript. */
const BAD = {
  'wrong attribute type': '<carstrel-inventory page-size={true} />',
  'wrong literal': '<carstrel-inventory url-state="sometimes" />',
  'unknown attribute': '<carstrel-inventory bogus="x" />',
  'number where a string is due': '<carstrel-test-drive-form vehicle-id={42} />',
} as const;

describe('npm pack: the tarball installs and type-checks in a scratch project', () => {
  let dir: string;
  let app: string;
  let files: string[] = [];

  before(() => {
    assert.ok(
      existsSync(join(root, 'dist/types/react.d.ts')) && existsSync(join(root, 'dist/lib/proxy/client/index.js')),
      'dist/ is not built: run `npm run build` first',
    );
    dir = mkdtempSync(join(tmpdir(), 'carstrel-pack-'));
    const out = execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
      cwd: root,
      encoding: 'utf8',
    });
    const [packed] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
    assert.ok(packed);
    files = packed.files.map((f) => f.path);
    app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
    // From the npm cache when it holds everything; else the registry fills the gaps (--prefer-offline).
    const install = (mode: string) =>
      spawnSync(
        npm,
        ['install', mode, '--no-audit', '--no-fund', join(dir, packed.filename), `@types/react@${reactTypes}`],
        { cwd: app, encoding: 'utf8' },
      );
    let installed = install('--offline');
    if (installed.status !== 0 && /ENOTCACHED/.test(installed.stderr)) installed = install('--prefer-offline');
    assert.equal(installed.status, 0, installed.stderr);
    // The frameworks, as the project has them (devDependencies): linked, so their own imports resolve there.
    for (const name of ['preact', 'vue', 'svelte'])
      symlinkSync(join(root, 'node_modules', name), join(app, 'node_modules', name), 'dir');
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          jsx: 'react-jsx',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
      }),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const typecheck = () =>
    spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: app, encoding: 'utf8' }).stdout;

  it('ships the entry points, license and changelog, and no sources or tests', () => {
    for (const f of [
      'package.json',
      'LICENSE',
      'CHANGELOG.md',
      'README.md',
      'dist/widgets/carstrel.js',
      'dist/elements/carstrel-inventory.js',
      'dist/elements/carstrel-inventory.d.ts',
      'dist/lib/src/inventory/carstrel-inventory.js',
      'dist/lib/proxy/client/index.js',
      'dist/lib/proxy/client/index.d.ts',
      'dist/proxy/carstrel-proxy.mjs',
      'dist/proxy/library.mjs',
      'dist/custom-elements.json',
      'dist/types/react.d.ts',
    ])
      assert.ok(files.includes(f), `${f} is not in the tarball`);
    const stray = files.filter(
      (f) => /^(test|src|proxy|build)\//.test(f) || f.endsWith('.test.js') || f.includes('testing/'),
    );
    assert.deepEqual(stray, []);
    const pkg = JSON.parse(readFileSync(join(app, 'node_modules/carstrel-widgets/package.json'), 'utf8')) as {
      private?: boolean;
      license: string;
    };
    assert.equal(pkg.private, undefined);
    assert.equal(pkg.license, 'MIT');
  });

  it('type-checks a TSX file with every element and every attribute, and a file using the client and the proxy', () => {
    const elements = readElements();
    assert.ok(elements.length >= 11);
    writeFileSync(join(app, 'page.tsx'), everyElementTsx(elements));
    writeFileSync(join(app, 'server.ts'), CLIENT_TS);
    const out = typecheck();
    assert.equal(out, '', out);
  });

  it('refuses a wrong attribute type, an unknown attribute and a wrong client argument', () => {
    rmSync(join(app, 'page.tsx'), { force: true });
    rmSync(join(app, 'server.ts'), { force: true });
    const lines = Object.values(BAD).map((jsx, i) => `export const e${i} = ${jsx};`);
    writeFileSync(join(app, 'bad.tsx'), ["import type {} from 'carstrel-widgets/react';", ...lines, ''].join('\n'));
    writeFileSync(
      join(app, 'bad-client.ts'),
      "import { createCarstrelClient } from 'carstrel-widgets/client';\n" +
        "const c = createCarstrelClient({ baseUrl: 'http://x', apiKey: 'k' });\n" +
        'void c.getVehicle(42);\n' +
        "void c.listVehicles({ listingType: 'lease' });\n",
    );
    const out = typecheck();
    Object.keys(BAD).forEach((what, i) =>
      assert.match(out, new RegExp(`bad\\.tsx\\(${i + 2},`), `${what} was accepted:\n${out}`),
    );
    assert.match(out, /bad-client\.ts\(3,/);
    assert.match(out, /bad-client\.ts\(4,/);
  });

  /** A folder of the scratch project with its own tsconfig and these files. */
  function framework(name: string, sources: Record<string, string>, include: string[], jsx = {}): string {
    const at = join(app, name);
    mkdirSync(at, { recursive: true });
    for (const [file, text] of Object.entries(sources)) writeFileSync(join(at, file), text);
    const compilerOptions = {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ES2023', 'DOM', 'DOM.Iterable'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      verbatimModuleSyntax: true,
      types: [],
      ...jsx,
    };
    writeFileSync(join(at, 'tsconfig.json'), JSON.stringify({ compilerOptions, include }));
    return at;
  }
  /** The lines of `file` reported with an error, from tool output in `file(line,col)` or `"file" line:col` form. */
  const errorLines = (out: string, file: string) =>
    [...out.matchAll(new RegExp(`${file.replace('.', '\\.')}"?[(\\s](\\d+)[,:]`, 'g'))].map((m) => Number(m[1]));
  const badLines = (first: number, count: number) => Array.from({ length: count }, (_, i) => first + i);

  it('Preact: a TSX file with every element and attribute type-checks; a wrong attribute type is refused', () => {
    const at = framework('preact-app', preactFiles(readElements()), ['*.tsx'], {
      jsx: 'react-jsx',
      jsxImportSource: 'preact',
    });
    const out = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: at, encoding: 'utf8' }).stdout;
    assert.deepEqual(errorLines(out, 'page.tsx'), [], out);
    assert.deepEqual([...new Set(errorLines(out, 'bad.tsx'))], badLines(3, BAD_ATTRIBUTES.jsx.length), out);
  });

  it('Vue: vue-tsc --noEmit passes an SFC with every element and attribute and refuses a wrong attribute type', () => {
    const at = framework('vue-app', vueFiles(readElements()), ['*.vue']);
    const vueTsc = join(root, 'node_modules', 'vue-tsc', 'bin', 'vue-tsc.js');
    const run = spawnSync(process.execPath, [vueTsc, '--noEmit', '-p', 'tsconfig.json'], { cwd: at, encoding: 'utf8' });
    const out = run.stdout + run.stderr;
    assert.deepEqual(errorLines(out, 'Page.vue'), [], out);
    assert.deepEqual([...new Set(errorLines(out, 'Bad.vue'))], badLines(6, BAD_ATTRIBUTES.vue.length), out);
  });

  it('Svelte: svelte-check passes a component with every element and attribute and refuses a wrong attribute type', () => {
    const at = framework('svelte-app', svelteFiles(readElements()), ['*.svelte']);
    const check = join(root, 'node_modules', 'svelte-check', 'bin', 'svelte-check');
    const run = spawnSync(
      process.execPath,
      [check, '--workspace', at, '--tsconfig', './tsconfig.json', '--output', 'machine'],
      {
        cwd: at,
        encoding: 'utf8',
      },
    );
    const out = run.stdout + run.stderr;
    const errors = out.split('\n').filter((l) => / ERROR /.test(l));
    assert.match(out, /COMPLETED \d+ FILES/, out);
    assert.deepEqual(
      errors.filter((l) => l.includes('"Page.svelte"')),
      [],
      out,
    );
    assert.deepEqual(
      [...new Set(errorLines(errors.join('\n'), 'Bad.svelte'))],
      badLines(5, BAD_ATTRIBUTES.jsx.length),
      out,
    );
  });

  it('runs: the client loads in Node and refuses a browser; the bin answers --help', () => {
    const run = (script: string) =>
      spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: app, encoding: 'utf8' });
    const r = run("const m = await import('carstrel-widgets/client'); console.log(Object.keys(m.OPERATIONS).length);");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '31');
    const inPage = run("globalThis.window = {}; await import('carstrel-widgets/client');");
    assert.notEqual(inPage.status, 0);
    assert.match(inPage.stderr, /server-only/);
    const help = spawnSync(process.execPath, ['node_modules/.bin/carstrel-proxy', '--help'], {
      cwd: app,
      encoding: 'utf8',
    });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /CARSTREL_API_KEY/);
  });
});
