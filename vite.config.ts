import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { minifyTemplatesPlugin } from './build/minify-templates.js';
import { plainDynamicImportPlugin } from './build/plain-dynamic-import.js';
import { loaderTables, type Manifest } from './build/preload-graph.js';
import { EDITOR_MODULES, ELEMENT_MODULES, PREFETCH_MODULES } from './src/elements.js';

/**
 * Builds into dist/widgets/ (the dealer console's `--mode admin` too: `admin/app.js`, served at `/admin/app.js`):
 *  - `vite build` (elements): one chunk per custom element (plus the service-worker registration)
 *    and shared chunks (lit…), hashed, under chunks/, with a manifest;
 *  - `vite build --mode loader`: the tiny script-tag entry `carstrel.js`, an IIFE without static
 *    imports (runs as classic and module script), told by `define` which chunk holds each element;
 *  - `vite build --mode sw`: the service worker `sw.js` (a classic worker script).
 */
const outDir = resolve(import.meta.dirname, 'dist/widgets');
const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8')) as { version: string };

const SW_REGISTER = 'src/sw/register.ts';
/** Lit's hydrate support, loaded first on pages with server-rendered elements (`/render`). */
const HYDRATE = 'src/ssr/hydrate.ts';

function elementsManifest(): Manifest {
  try {
    return JSON.parse(readFileSync(resolve(outDir, '.vite/manifest.json'), 'utf8')) as Manifest;
  } catch {
    throw new Error('vite build --mode loader: the elements manifest is missing; run `vite build` first.');
  }
}

/** Built file of a source entry, relative to the loader. */
function builtFile(manifest: Manifest, src: string): string {
  const entry = manifest[src];
  if (!entry) throw new Error(`vite build --mode loader: ${src} is not in the elements manifest.`);
  return entry.file;
}

/** What the loader is told: each element's whole import graph (entry first), its prefetch module, the SW registration. */
function loaderDefines(): Record<string, string> {
  const manifest = elementsManifest();
  const tables = loaderTables(manifest, { ...ELEMENT_MODULES, ...EDITOR_MODULES }, PREFETCH_MODULES);
  return {
    __CARSTREL_FILES__: JSON.stringify(tables.files),
    __CARSTREL_CHUNKS__: JSON.stringify(tables.chunks),
    __CARSTREL_PREFETCH__: JSON.stringify(tables.prefetch),
    __CARSTREL_SW_REGISTER__: JSON.stringify(builtFile(manifest, SW_REGISTER)),
    __CARSTREL_HYDRATE__: JSON.stringify(builtFile(manifest, HYDRATE)),
  };
}

/**
 * Chunks of the elements build (fewer, larger files: an inventory page loads 7 besides the loader):
 * what every element needs (Lit, the base element, tokens, events, messages lookup) in one `shared`
 * chunk; the API client, the prefetch registry and the number and date formats in a small `core`
 * chunk without Lit (a prefetch module starts its request, and warms `Intl`, before Lit has
 * arrived); the inventory's query and loading (what its prefetch module needs) in
 * `inventory-data`; what the listing elements (inventory, vehicle, favourites, blog, brands) share
 * in `listing`; the rest split by the elements that use it.
 * A group takes the modules its members import too (`includeDependenciesRecursively`), so a
 * group that others depend on has the higher priority.
 */
const CODE_SPLITTING = {
  groups: [
    {
      name: 'core',
      // With Vite's preload helper (a plain call here, see build/plain-dynamic-import.ts): a dynamic
      // import in a prefetch module must not pull the helper from the Lit chunk.
      test: /([\\/]src[\\/](api[\\/]client|shared[\\/](prefetch|vehicle-data|url-state|format))\.ts|^\0vite[\\/]preload-helper\.js)$/,
      priority: 4,
    },
    {
      name: 'inventory-data',
      test: /[\\/]src[\\/]inventory[\\/](load|query|metadata|footprint|prefetch)\.ts$/,
      priority: 2,
    },
    {
      name: 'listing',
      test: /[\\/](src[\\/](shared[\\/](listing-messages|language-packs|json-ld-later|pricing|url-state-controller|load-error|served-task|reset))\.ts$|node_modules[\\/]@lit[\\/]task[\\/])/,
      priority: 2,
    },
    {
      name: 'shared',
      test: /[\\/](node_modules[\\/](lit-element|@lit[\\/]reactive-element)[\\/](?!decorators)|node_modules[\\/]lit[\\/]index\.js$|node_modules[\\/]lit-html[\\/]lit-html\.js$|src[\\/]shared[\\/](carstrel-element|tokens|i18n|events|define|motion|test-mode)\.ts$)/,
      priority: 3,
    },
  ],
};

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

/** `vite build --mode admin`: the dealer console's own script (`admin/app.js`), never loaded by dealer pages. */
const adminBuild = {
  plugins: [minifyTemplatesPlugin()],
  build: {
    outDir,
    emptyOutDir: false,
    target: 'es2022',
    copyPublicDir: false,
    lib: {
      entry: resolve(import.meta.dirname, 'src/admin/main.ts'),
      formats: ['es' as const],
      fileName: () => 'admin/app.js',
    },
  },
};

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
  mode === 'admin'
    ? adminBuild
    : mode === 'sw'
      ? serviceWorkerBuild
      : mode === 'loader'
        ? {
            define: { ...loaderDefines(), __CARSTREL_VERSION__: JSON.stringify(pkg.version) },
            plugins: [noImportMeta(), minifyTemplatesPlugin()],
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
            plugins: [minifyTemplatesPlugin(), ...plainDynamicImportPlugin()],
            build: {
              outDir,
              emptyOutDir: true,
              target: 'es2022',
              manifest: true,
              modulePreload: false,
              copyPublicDir: false,
              rollupOptions: {
                input: [
                  ...Object.values(ELEMENT_MODULES),
                  ...Object.values(EDITOR_MODULES),
                  ...Object.values(PREFETCH_MODULES),
                  SW_REGISTER,
                  HYDRATE,
                ].map((p) => resolve(import.meta.dirname, p)),
                preserveEntrySignatures: 'exports-only',
                output: {
                  codeSplitting: CODE_SPLITTING,
                  entryFileNames: 'chunks/[name]-[hash].js',
                  chunkFileNames: 'chunks/[name]-[hash].js',
                  assetFileNames: 'chunks/[name]-[hash][extname]',
                },
              },
            },
          },
);
