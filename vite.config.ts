import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { ELEMENT_MODULES } from './src/elements.js';

/**
 * Three builds, all into dist/widgets/:
 *  - `vite build` (elements): one chunk per custom element (plus the service-worker registration)
 *    and shared chunks (lit…), hashed, under chunks/, with a manifest;
 *  - `vite build --mode loader`: the tiny script-tag entry `carstrel.js`, an IIFE without static
 *    imports (runs as classic and module script), told by `define` which chunk holds each element;
 *  - `vite build --mode sw`: the service worker `sw.js` (a classic worker script).
 */
const outDir = resolve(import.meta.dirname, 'dist/widgets');
const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8')) as { version: string };

const SW_REGISTER = 'src/sw/register.ts';

/** Built file of a source entry, relative to the loader, from the elements build's manifest. */
function builtFile(src: string): string {
  const manifest = JSON.parse(readFileSync(resolve(outDir, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    { file: string }
  >;
  const entry = manifest[src];
  if (!entry)
    throw new Error(`vite build --mode loader: ${src} is not in the elements manifest; run \`vite build\` first.`);
  return `./${entry.file}`;
}

function chunkMap(): Record<string, string> {
  return Object.fromEntries(Object.entries(ELEMENT_MODULES).map(([name, src]) => [name, builtFile(src)]));
}

/** Strips the dev-only `import.meta` references Vite may leave in an IIFE. */
const noImportMeta = (): Plugin => ({
  name: 'carstrel-loader-guard',
  generateBundle(_options, bundle) {
    for (const file of Object.values(bundle)) {
      if (file.type === 'chunk' && /\bimport\.meta\b/.test(file.code)) {
        this.error(`${file.fileName} uses import.meta, which breaks classic <script> loading.`);
      }
    }
  },
});

const serviceWorkerBuild = {
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir,
    emptyOutDir: false,
    target: 'es2020',
    copyPublicDir: false,
    lib: {
      entry: resolve(import.meta.dirname, 'src/sw/carstrel-sw.ts'),
      formats: ['iife' as const],
      name: 'CarStrelServiceWorker',
      fileName: () => 'sw.js',
    },
  },
};

export default defineConfig(({ mode }) =>
  mode === 'sw'
    ? serviceWorkerBuild
    : mode === 'loader'
      ? {
          define: {
            __CARSTREL_CHUNKS__: JSON.stringify(chunkMap()),
            __CARSTREL_SW_REGISTER__: JSON.stringify(builtFile(SW_REGISTER)),
            __CARSTREL_VERSION__: JSON.stringify(pkg.version),
          },
          plugins: [noImportMeta()],
          build: {
            outDir,
            emptyOutDir: false,
            target: 'es2020',
            copyPublicDir: false,
            lib: {
              entry: resolve(import.meta.dirname, 'src/carstrel.ts'),
              formats: ['iife'],
              name: 'CarStrelLoader',
              fileName: () => 'carstrel.js',
            },
          },
        }
      : {
          build: {
            outDir,
            emptyOutDir: true,
            target: 'es2022',
            manifest: true,
            modulePreload: false,
            copyPublicDir: false,
            rollupOptions: {
              input: [...Object.values(ELEMENT_MODULES), SW_REGISTER].map((p) => resolve(import.meta.dirname, p)),
              preserveEntrySignatures: 'exports-only',
              output: {
                entryFileNames: 'chunks/[name]-[hash].js',
                chunkFileNames: 'chunks/[name]-[hash].js',
                assetFileNames: 'chunks/[name]-[hash][extname]',
              },
            },
          },
        },
);
