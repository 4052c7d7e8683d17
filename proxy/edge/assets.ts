/**
 * The widgets build and the demo pages on the edge: the `ASSETS` binding (Workers static assets
 * once deployed; a read-only disk directory under `workerd serve`) holds `widgets/…` and `demo/…`,
 * laid out by the edge build. Same names, types and cache policies as on Node (`lib/static.ts`),
 * each file read once per isolate.
 */
import { etagFor } from '../lib/cache.js';
import type { AssetSource, StaticFile } from '../lib/static.js';
import type { Fetcher } from './platform.js';

const TYPES: Record<string, string> = {
  js: 'application/javascript; charset=utf-8',
  mjs: 'application/javascript; charset=utf-8',
  map: 'application/json; charset=utf-8',
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  webp: 'image/webp',
  txt: 'text/plain; charset=utf-8',
};

/** One plain segment with a known extension (as `safeFileName` on Node). */
function safeName(name: string): string | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(name) || name.includes('..')) return undefined;
  return TYPES[name.slice(name.lastIndexOf('.') + 1).toLowerCase()] ? name : undefined;
}

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
    const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
    return { body, type: TYPES[ext] ?? 'application/octet-stream', etag: etagFor(body), cacheControl, encoded: {} };
  }

  return {
    widget(name) {
      if (name === '/carstrel.js') return load('widgets/carstrel.js', 'public, max-age=300, must-revalidate');
      if (name === '/sw.js') return load('widgets/sw.js', 'no-cache');
      const m = /^\/chunks\/(.+)$/.exec(name);
      const file = m?.[1] && safeName(m[1]);
      return file ? load(`widgets/chunks/${file}`, 'public, max-age=31536000, immutable') : Promise.resolve(undefined);
    },
    demo(name) {
      const file = name === '/' ? 'index.html' : safeName(name.slice(1));
      return file ? load(`demo/${file}`, 'no-cache') : Promise.resolve(undefined);
    },
  };
}
