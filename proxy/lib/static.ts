/**
 * Static files: the widgets build (loader, hashed chunks, service worker) and the demo pages.
 * Read from disk, kept in memory until the file's mtime changes; compressed once per version.
 */
import { stat, readFile } from 'node:fs/promises';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { etagFor } from './cache.js';
import { contentTypeOf, safeFileName, widgetFile } from './mime.js';

export interface StaticFile {
  body: Uint8Array;
  type: string;
  etag: string;
  cacheControl: string;
  encoded: Partial<Record<'br' | 'gzip', Uint8Array>>;
}

export interface AssetSource {
  /** `/carstrel.js`, `/sw.js`, `/chunks/<hash>.js` from the widgets build. */
  widget(name: string): Promise<StaticFile | undefined>;
  /** `/`, `/<page>.html`, `/<style>.css`, … from the demo directory. */
  demo(name: string): Promise<StaticFile | undefined>;
}

/**
 * Where the package root is, from the running file: `proxy/lib/` when run from source (tsx),
 * `dist/proxy/` when run as the single-file build.
 */
export function packageRoot(fromUrl: string = import.meta.url): string {
  const here = dirname(fileURLToPath(fromUrl));
  if (basename(here) === 'proxy' && basename(dirname(here)) === 'dist') return dirname(dirname(here));
  if (basename(here) === 'lib' && basename(dirname(here)) === 'proxy') return dirname(dirname(here));
  if (basename(here) === 'proxy') return dirname(here);
  return process.cwd();
}

export function diskAssets(widgetsDir: string, demoDir: string): AssetSource {
  const memo = new Map<string, { mtimeMs: number; size: number; file: StaticFile }>();

  async function load(path: string, cacheControl: string): Promise<StaticFile | undefined> {
    let st;
    try {
      st = await stat(path);
    } catch {
      return undefined;
    }
    if (!st.isFile()) return undefined;
    const hit = memo.get(path);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.file;
    const body = new Uint8Array(await readFile(path));
    const file: StaticFile = {
      body,
      type: contentTypeOf(path),
      etag: etagFor(body),
      cacheControl,
      encoded: {},
    };
    memo.set(path, { mtimeMs: st.mtimeMs, size: st.size, file });
    return file;
  }

  return {
    widget(name) {
      const file = widgetFile(name);
      return file ? load(join(widgetsDir, ...file.path.split('/')), file.cacheControl) : Promise.resolve(undefined);
    },
    demo(name) {
      const file = name === '/' ? 'index.html' : safeFileName(name.slice(1));
      if (!file) return Promise.resolve(undefined);
      return load(join(demoDir, file), 'no-cache');
    },
  };
}
