import type { Plugin } from 'vite';

/**
 * Build-only: a dynamic `import()` stays a plain `import()`. Vite wraps each one in its preload
 * helper, `__vitePreload(() => import('x')…, __VITE_PRELOAD__)` (`<link rel=modulepreload>` of the
 * imported chunk's dependencies, and a `vite:preloadError` event on `window`): about 0.5 KB brotli
 * in the importing chunk even with `build.modulePreload: false`, where it preloads nothing. The
 * elements' lazy chunks (what an element needs after its first paint) import only chunks the page
 * already has, so each wrapper is unwrapped to its factory's body before minification (the two
 * markers are paired like brackets, so nesting is kept), and the helper, unused, is dropped by the
 * minifier. Any other form (Vite writes `async () => { … }` for a destructuring `.then`) fails the
 * build rather than ship the helper.
 */
const OPEN = '__vitePreload(() => ';
const CLOSE = ', __VITE_PRELOAD__)';

const HELPER = '\0vite/preload-helper.js';

export function plainDynamicImportPlugin(): Plugin[] {
  return [
    {
      // The helper itself, should a wrapper stay: a call of the factory (nothing to drop otherwise).
      name: 'carstrel-plain-dynamic-import-helper',
      enforce: 'pre',
      load(id) {
        return id === HELPER ? 'export const __vitePreload = (factory) => factory();' : null;
      },
    },
    {
      name: 'carstrel-plain-dynamic-import',
      enforce: 'post',
      renderChunk(code, chunk) {
        if (!code.includes('__vitePreload(')) return null;
        const opened = code.split(OPEN).length - 1;
        const closed = code.split(CLOSE).length - 1;
        const plain = code.replaceAll(OPEN, '(').replaceAll(CLOSE, ')');
        if (opened !== closed || /\b__vitePreload\(/.test(plain)) {
          const at = /.{0,60}\b__vitePreload\([^]{0,120}/.exec(plain)?.[0] ?? '';
          this.error(`${chunk.fileName}: a dynamic import() this plugin does not unwrap (Vite changed?): ${at}`);
        }
        return { code: plain, map: null };
      },
    },
  ];
}
