/**
 * The widgets build and the demo pages on the edge: the `ASSETS` binding (Workers static assets
 * once deployed; a read-only disk directory under `workerd serve`) holds `widgets/…` and `demo/…`,
 * laid out by the edge build. Same names, types and cache policies as on Node (`lib/static.ts`),
 * each file read once per isolate.
 */
import { etagFor } from '../lib/cache.js';
import { contentTypeOf, safeFileName, widgetFile } from '../lib/mime.js';
import type { AssetSource, StaticFile } from '../lib/static.js';
import type { Fetcher } from './platform.js';

export function fetcherAssets(assets: Fetcher): AssetSource {
  // Files, not promises, are kept: an I/O promise belongs to the request that started it.
  const memo = new Map<string, StaticFile>();

  async function load(path: string, cacheControl: string): Promise<StaticFile | undefined> {
    const hit = memo.get(path);
    if (hit) return hit;
    const file = await read(path, cacheControl);
    if (file) memo.set(path, file);
    return file;
  }

  async function read(path: string, cacheControl: string): Promise<StaticFile | undefined> {
    const res = await assets.fetch(`https://assets.local/${path}`);
    if (res.status !== 200) {
      await res.body?.cancel();
      return undefined;
    }
    const body = new Uint8Array(await res.arrayBuffer());
    return { body, type: contentTypeOf(path), etag: etagFor(body), cacheControl, encoded: {} };
  }

  return {
    widget(name) {
      const file = widgetFile(name);
      return file ? load(`widgets/${file.path}`, file.cacheControl) : Promise.resolve(undefined);
    },
    demo(name) {
      const file = name === '/' ? 'index.html' : safeFileName(name.slice(1));
      return file ? load(`demo/${file}`, 'no-cache') : Promise.resolve(undefined);
    },
  };
}
