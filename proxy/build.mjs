// Build the proxy (with the embedded sandbox) into ONE file that plain `node` runs without
// node_modules: dist/proxy/carstrel-proxy.mjs.
import { build } from 'esbuild';
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outfile = join(root, 'dist', 'proxy', 'carstrel-proxy.mjs');
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
console.log(`built ${outfile}`);
