/** `/media/*`: the generated SVG images that sandbox data links to (no key; not under faults). */
import { Hono } from 'hono';
import type { SandboxEnv } from '../context.js';
import { errors } from '../errors.js';
import { renderMedia } from '../media.js';

export const media = new Hono<SandboxEnv>().get('/*', (c) => {
  const path = new URL(c.req.url).pathname;
  const svg = renderMedia(path.slice('/media/'.length));
  if (svg === undefined) throw errors.mediaNotFound(path);
  return new Response(svg, {
    headers: {
      'content-type': 'image/svg+xml; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
});
