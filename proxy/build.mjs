// Build the proxy (with the embedded sandbox) into ONE file that plain `node` runs without
// node_modules: dist/proxy/carstrel-proxy.mjs.
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
// `--outfile <path>` builds elsewhere (the build test uses a temporary directory).
const at = process.argv.indexOf('--outfile');
const outfile = at === -1 ? join(root, 'dist', 'proxy', 'carstrel-proxy.mjs') : resolve(process.argv[at + 1]);
mkdirSync(dirname(outfile), { recursive: true });

await build({
  entryPoints: [join(root, 'proxy', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minifySyntax: true,
  legalComments: 'none',
  // CommonJS dependencies (undici) call require() for Node built-ins; give them one.
  banner: {
    js: [
      '#!/usr/bin/env node',
      "import { createRequire as __carstrelCreateRequire } from 'node:module';",
      'const require = __carstrelCreateRequire(import.meta.url);',
    ].join('\n'),
  },
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
// Quiet on success: `npm start` shows the proxy's own first lines (mode, URLs) right away.
