/**
 * The static files' names and content types, for Node (`static.ts`, from disk) and the edge
 * (`edge/assets.ts`, from the `ASSETS` binding): one table, no runtime imports.
 */

const TYPES = new Map<string, string>(
  Object.entries({
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
  }),
);

/** The extension of a file name or path, lower-cased (what follows its last dot). */
function extension(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1).toLowerCase();
}

/** A file's content type by its extension; `application/octet-stream` for one not in the table. */
export function contentTypeOf(path: string): string {
  return TYPES.get(extension(path)) ?? 'application/octet-stream';
}

/** A file name the static routes accept: one plain segment with a known extension. */
export function safeFileName(name: string): string | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(name) || name.includes('..')) return undefined;
  return TYPES.has(extension(name)) ? name : undefined;
}

/** Where a widget-build file lives (under the widgets directory, `/`-separated) and how it is cached. */
export interface WidgetFile {
  path: string;
  cacheControl: string;
}

/**
 * The widget-build files the proxy serves, by request path: the loader, the service worker, the
 * console's script and the content-hashed chunks. The same on Node and on the edge.
 */
export function widgetFile(name: string): WidgetFile | undefined {
  if (name === '/carstrel.js') return { path: 'carstrel.js', cacheControl: 'public, max-age=300, must-revalidate' };
  if (name === '/sw.js') return { path: 'sw.js', cacheControl: 'no-cache' };
  if (name === '/admin/app.js') return { path: 'admin/app.js', cacheControl: 'no-cache' };
  // Stryker disable next-line Regex: `(.+)` runs to the end of a path without `$`: a request path has no line break (a control character, refused before routing).
  const m = /^\/chunks\/(.+)$/.exec(name);
  const file = m?.[1] && safeFileName(m[1]);
  return file ? { path: `chunks/${file}`, cacheControl: 'public, max-age=31536000, immutable' } : undefined;
}
