import type { Plugin } from 'vite';

/**
 * Build-only: a dynamic `import()` stays a plain `import()`. Vite wraps each one in its preload
 * helper (`__vitePreload`: `<link rel=modulepreload>` of the imported chunk's dependencies, and a
 * `vite:preloadError` event on `window`), about 0.5 KB brotli in the importing chunk even with
 * `build.modulePreload: false`, where it preloads nothing. The elements' lazy chunks (what an
 * element needs after its first paint) import only chunks the page already has, so the wrapper is
 * unwrapped before minification, and the helper, unused, is dropped by the minifier.
 */
const WRAPPED = /__vitePreload\(\(\) => (import\("[^"]+"\)(?:\.then\(\((\w+)\) => \2\.\w+\))?), __VITE_PRELOAD__\)/g;

export function plainDynamicImportPlugin(): Plugin {
  return {
    name: 'carstrel-plain-dynamic-import',
    enforce: 'post',
    renderChunk(code, chunk) {
      if (!code.includes('__vitePreload(')) return null;
      const plain = code.replace(WRAPPED, '$1');
      if (/__vitePreload\(\(\)/.test(plain)) {
        this.error(`${chunk.fileName}: a dynamic import() in a form this plugin does not unwrap (Vite changed?).`);
      }
      return { code: plain, map: null };
    },
  };
}
