// Build the proxy (with the embedded sandbox) into ONE file that plain `node` runs without
// node_modules: dist/proxy/carstrel-proxy.mjs.
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { tsImport } from 'tsx/esm/api';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
// `--outfile <path>` builds elsewhere (the build test uses a temporary directory).
const at = process.argv.indexOf('--outfile');
const outfile = at === -1 ? join(root, 'dist', 'proxy', 'carstrel-proxy.mjs') : resolve(process.argv[at + 1]);
mkdirSync(dirname(outfile), { recursive: true });

// The elements the proxy renders on the server (`/render`) get the same template minification as the
// widgets build (vite.config.ts): Lit's hydration matches templates by a digest of their strings.
const { minifyTemplates } = await tsImport('../build/minify-templates.ts', import.meta.url);
const minifyLitTemplates = {
  name: 'carstrel-minify-templates',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const code = readFileSync(args.path, 'utf8');
      return { contents: /\b(css|html|svg)`/.test(code) ? minifyTemplates(code, args.path) : code, loader: 'ts' };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minifySyntax: true,
  legalComments: 'none',
  plugins: [minifyLitTemplates],
  logLevel: 'warning',
};
// CommonJS dependencies (undici) call require() for Node built-ins; give them one.
const requireShim = [
  "import { createRequire as __carstrelCreateRequire } from 'node:module';",
  'const require = __carstrelCreateRequire(import.meta.url);',
].join('\n');

await build({
  ...common,
  entryPoints: [join(root, 'proxy', 'main.ts')],
  outfile,
  banner: { js: `#!/usr/bin/env node\n${requireShim}` },
});
chmodSync(outfile, 0o755);

// `carstrel-widgets/proxy`: the same proxy as a library (createProxyApp, startProxy, loadConfig),
// self-contained like the bin. Types: tsc (tsconfig.build.json) → dist/lib/proxy/library.d.ts.
if (at === -1)
  await build({
    ...common,
    entryPoints: [join(root, 'proxy', 'library.ts')],
    outfile: join(dirname(outfile), 'library.mjs'),
    banner: { js: requireShim },
  });
// Quiet on success: `npm start` shows the proxy's own first lines (mode, URLs) right away.
