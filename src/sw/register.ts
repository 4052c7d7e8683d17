/**
 * Registers `/sw.js` with workbox-window. Imported by the loader only on pages served by the
 * proxy itself (a service worker must be same-origin), unless the script tag says
 * `data-service-worker="off"`.
 */
import { Workbox } from 'workbox-window';

export function registerServiceWorker(scriptUrl: string): Promise<ServiceWorkerRegistration | undefined> {
  return new Workbox(scriptUrl, { scope: '/' }).register();
}

/** The loader calls this chunk's default export with the URL of `sw.js` beside it. */
export default registerServiceWorker;
