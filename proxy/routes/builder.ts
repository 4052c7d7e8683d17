/**
 * `GET /builder`: the snippet builder, for the CMS editors who place the widgets. A small page that
 * loads `carstrel.js` (the same bundle dealer pages load) and the `carstrel-builder` element, which
 * the loader fetches from its own chunk only here. The page tells the element this proxy's public
 * base (the snippet's script URL: `CARSTREL_PUBLIC_URL`, else the origin asked, plus a tenant's
 * `/d/<id>` prefix) and says when the proxy forwards with a test key; never the key.
 */
import { Hono } from 'hono';
import type { ProxyEnv } from '../context.js';
import { proxyMode } from '../middleware.js';
import { send } from '../respond.js';

const encoder = new TextEncoder();

/** Text for an HTML attribute or element. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );
}

const STYLE = `
  :root { color-scheme: light; }
  body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #1b1f24; background: #f6f7f9; }
  header { padding: 1rem 1.5rem; background: #fff; border-bottom: 1px solid #d0d4da; }
  h1 { margin: 0; font-size: 1.4rem; }
  header p { margin: 0.25rem 0 0; color: #3b4450; }
  .test-mode { display: inline-block; margin-top: 0.5rem; padding: 0.25rem 0.75rem; border: 2px dashed #7a4b00;
    border-radius: 6px; background: #fff4d6; color: #4a2d00; font-weight: 600; }
  main { padding: 1rem 1.5rem 3rem; }
`;

export function builderPage(publicBase: string, mode: 'test' | 'live'): string {
  const base = escapeHtml(publicBase);
  const note =
    mode === 'test'
      ? `<p class="test-mode" role="note"><strong>Test mode:</strong> this proxy uses a test key (or its sandbox). Widgets show a “Test mode” marker, and leads go to a test account.</p>`
      : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>CarStrel snippet builder</title>
<style>${STYLE}</style>
<script src="${base}/carstrel.js" async></script>
</head>
<body>
<header>
<h1>CarStrel snippet builder</h1>
<p>Pick a widget, set it up, check the preview, then copy the snippet into your WordPress, Wix or HTML page.</p>
${note}
</header>
<main>
<carstrel-builder public-url="${base}" mode="${mode}"></carstrel-builder>
</main>
</body>
</html>
`;
}

export const builder = new Hono<ProxyEnv>().get('/', (c) => {
  const { config, url, path } = c.var;
  // Below a tenant's `/d/<id>` the router sees the rest of the path: what precedes it is the prefix.
  const prefix = url.pathname.endsWith(path) ? url.pathname.slice(0, url.pathname.length - path.length) : '';
  const base = (config.publicUrl ?? url.origin) + prefix;
  return send(c, 200, encoder.encode(builderPage(base, proxyMode(config))), {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
});
