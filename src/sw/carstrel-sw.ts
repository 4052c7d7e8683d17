/// <reference lib="webworker" />
/**
 * The service worker served as `/sw.js` by the proxy, for pages the proxy itself serves (the demo,
 * or a dealer who hosts pages there). Built on its own (`vite build --mode sw`).
 *
 * It makes repeat visits instant and the page shell usable offline:
 *  - `/chunks/*` (content-hashed, immutable): cache first;
 *  - `/carstrel.js`: stale-while-revalidate (it names the current chunks);
 *  - `/media/*`: cache first, bounded;
 *  - page navigations: network first, the cached page when offline;
 *  - the page's own stylesheets, scripts and images: stale-while-revalidate.
 * It never handles `/external/*` or `/session/*`: every API call goes to the network, because a
 * vehicle view must record its impression upstream and a lead must reach the proxy (whose own
 * queue, not the browser's, guarantees delivery).
 */
import { clientsClaim } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import { registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst, StaleWhileRevalidate } from 'workbox-strategies';

declare const self: ServiceWorkerGlobalScope;

void self.skipWaiting();
clientsClaim();

const ours = (url: URL, prefix: string): boolean =>
  url.origin === self.location.origin && url.pathname.startsWith(prefix);

registerRoute(
  ({ url }) => ours(url, '/chunks/'),
  new CacheFirst({ cacheName: 'carstrel-chunks', plugins: [new ExpirationPlugin({ maxEntries: 80 })] }),
);
registerRoute(({ url }) => ours(url, '/carstrel.js'), new StaleWhileRevalidate({ cacheName: 'carstrel-loader' }));
registerRoute(
  ({ url }) => ours(url, '/media/'),
  new CacheFirst({
    cacheName: 'carstrel-media',
    plugins: [new ExpirationPlugin({ maxEntries: 300, maxAgeSeconds: 7 * 24 * 3600 })],
  }),
);
registerRoute(
  ({ request, url }) =>
    ['style', 'script', 'image', 'font'].includes(request.destination) &&
    url.origin === self.location.origin &&
    !ours(url, '/external/'),
  new StaleWhileRevalidate({ cacheName: 'carstrel-assets', plugins: [new ExpirationPlugin({ maxEntries: 60 })] }),
);
registerRoute(
  ({ request, url }) => request.mode === 'navigate' && url.origin === self.location.origin,
  new NetworkFirst({
    cacheName: 'carstrel-pages',
    networkTimeoutSeconds: 4,
    plugins: [new ExpirationPlugin({ maxEntries: 20 })],
  }),
);
