/**
 * The script-tag entry, served as `/carstrel.js`. A dealer pastes
 *   <script src="https://cars.dealer.example/carstrel.js" async></script>
 * (or `type="module"`) and places CarStrel elements anywhere on the page.
 *
 * It is deliberately tiny and has no static imports, so that it runs as a classic script and as
 * a module script alike. It:
 *  - records the proxy origin it was loaded from (elements use it unless they have `api`);
 *  - first of all, reserves each listing element's space until its code has arrived
 *    (`loader/reserve.ts`: nothing on the dealer's page moves when the widgets appear);
 *  - defines each element lazily: the first time an element appears in the document (now or
 *    later, e.g. in a CMS's client-side rendered block) every file of its import graph is
 *    preloaded at once, and its first list request starts while the code loads; the files then run
 *    one step at a time, so that no long task blocks the page (`loader/preload.ts`);
 *  - for an element the proxy renders (inventory, vehicle, brands, blog), asks for its server render
 *    in place of that first request and puts it in the element as soon as it arrives, before the
 *    element's code runs; the element hydrates it (`loader/render.ts`; else today's path);
 *  - hydrates on intent: when every inventory of the page shows its render (none with `data-layer`),
 *    it loads nothing more at load (no element code, hydration support, prefetch module or
 *    preload); it announces `carstrel-results-loaded` from the served list, and loads the code at
 *    the shopper's first sign of intent inside an inventory (pointer, touch, focus, key; or the page
 *    setting an attribute, or `load(name)`), holding what the shopper does until it has hydrated and
 *    replaying it on the same nodes (`loader/intent.ts`);
 *  - is safe when the page includes it twice, or two versions of it: the first loader wins and
 *    element definitions are guarded (`src/shared/define.ts`);
 *  - on pages served by the proxy itself, registers the service worker (`src/sw/`) that caches
 *    the chunks for repeat and offline visits (`data-service-worker="off"` on the tag opts out).
 */
import { CONFIG_KEY, type CarstrelGlobalConfig } from './api/client.js';
import { announceServed, sleepUntilIntent } from './loader/intent.js';
import { modulePreload, runInSteps, startFirstLists, startPrefetch } from './loader/preload.js';
import { startRenders } from './loader/render.js';
import { reserveSpace } from './loader/reserve.js';

/**
 * Whether the proxy that serves this file has `/render`: the edge build, which has not, serves a
 * copy that says `off` here (proxy/edge/build.ts), so that its pages never wait for a 404.
 */
const RENDERS = 'carstrel:server-render=on ';

/**
 * The chunks (in `chunks/` beside this script); element name → the chunks of its import graph
 * (its own first); element name → its prefetch module. Injected by the build (see vite.config.ts).
 */
declare const __CARSTREL_FILES__: string[];
declare const __CARSTREL_CHUNKS__: Record<string, number[]>;
declare const __CARSTREL_PREFETCH__: Record<string, number | undefined>;
declare const __CARSTREL_VERSION__: string;
/** Path of the service-worker registration chunk, relative to this script. */
declare const __CARSTREL_SW_REGISTER__: string;
/** Path of the hydration chunk (Lit's hydrate support, for server-rendered elements), relative to this script. */
declare const __CARSTREL_HYDRATE__: string;

interface LoaderState extends CarstrelGlobalConfig {
  loader?: { version: string; src: string; load(name: string): Promise<void> };
}

/** This script's own tag: `currentScript` for classic scripts, a DOM lookup for module scripts. */
function ownScript(): HTMLScriptElement | undefined {
  const current = document.currentScript as HTMLScriptElement | null;
  if (current?.src) return current;
  const scripts = Array.from(document.querySelectorAll<HTMLScriptElement>('script[src]'));
  return scripts.reverse().find((s) => /\/carstrel(\.[\w-]+)?\.js(\?|#|$)/.test(s.src));
}

/** Service worker only where it is allowed (same origin as the proxy) and not opted out. */
function registerServiceWorker(base: URL, script: HTMLScriptElement | undefined): void {
  if (base.origin !== location.origin || !('serviceWorker' in navigator)) return;
  if (script?.dataset.serviceWorker === 'off') return;
  import(/* @vite-ignore */ new URL(__CARSTREL_SW_REGISTER__, base).href)
    .then((m: { default: (url: string) => Promise<unknown> }) => m.default(new URL('sw.js', base).href))
    .catch((error: unknown) => console.warn('[carstrel] service worker not registered', error));
}

function boot(): void {
  const root = globalThis as unknown as Record<symbol, LoaderState | undefined>;
  const state = (root[CONFIG_KEY] ??= {});
  if (state.loader) {
    if (state.loader.version !== __CARSTREL_VERSION__) {
      console.info(
        `[carstrel] ${__CARSTREL_VERSION__} ignored: ${state.loader.version} (${state.loader.src}) is active`,
      );
    }
    return;
  }
  const reserveFound = reserveSpace();
  const script = ownScript();
  const src = script?.src ?? new URL('/carstrel.js', location.href).href;
  const base = new URL('.', src);
  // `data-server-render="off"` on the tag: each element loads its own data (e.g. a proxy without `/render`).
  const serverRender = script?.dataset.serverRender !== 'off' && !RENDERS.endsWith('off');
  state.apiBase ??= base.href.replace(/\/$/, '');

  const pending = new Map(Object.entries(__CARSTREL_CHUNKS__));
  const loading = new Map<string, Promise<void>>();

  const url = (file: number) => new URL(`chunks/${__CARSTREL_FILES__[file]}`, base).href;

  // Server-rendered elements (`/render`) on the page: Lit's hydrate support comes before any element's code.
  let hydration: Promise<unknown> | undefined;
  const hydrated = (): Promise<unknown> => {
    if (!hydration && document.querySelector('script[data-carstrel-ssr]'))
      hydration = import(/* @vite-ignore */ new URL(__CARSTREL_HYDRATE__, base).href).catch((error: unknown) =>
        console.error('[carstrel] could not load the hydration support', error),
      );
    return hydration ?? Promise.resolve();
  };

  /** Elements whose code waits for the shopper's intent (loader/intent.ts): name → wake. */
  const sleeping = new Map<string, () => void>();

  const load = (name: string): Promise<void> => {
    sleeping.get(name)?.(); // asked for by name: no more waiting
    const files = pending.get(name);
    if (!files?.length) return loading.get(name) ?? Promise.resolve();
    pending.delete(name);
    const early = __CARSTREL_PREFETCH__[name];
    // The prefetch module, imported at once, is not preloaded as well: WebKit fetches a module
    // twice when a modulepreload follows an import() of it still in flight.
    const rest = files.slice(1).filter((f) => f !== early);
    const start = (): void => {
      if (name === 'carstrel-inventory') startFirstLists((state.early ??= new Map()), state.apiBase ?? '');
      if (early !== undefined) startPrefetch(url(early), name);
      modulePreload([...rest, ...files.slice(0, 1)].map(url));
    };
    // The server render of each element that can have it, in place of its first request. It comes
    // first: the code is asked for once it is in (or given up; then the elements not rendered ask as
    // before), so that on HTTP/1.1 the render and the photos it shows do not queue behind the chunks.
    const rendering = serverRender ? startRenders(name, state.apiBase ?? '') : undefined;
    if (!rendering) start();
    // Then run in steps, deepest files first and the element's own last (it defines the element).
    const done = (
      rendering?.then(async (inserted) => {
        // Every inventory on the page now shows the render put in it (none with `data-layer`): the
        // code waits for intent. One added or replaced meanwhile (a CMS re-rendering its block) has
        // none: the code comes at once.
        const hosts = [...document.querySelectorAll(name)];
        const asleep = hosts.length > 0 && hosts.every((el) => inserted.includes(el));
        if (name === 'carstrel-inventory' && asleep && !hosts.some((el) => el.hasAttribute('data-layer'))) {
          announceServed(hosts);
          const sleep = sleepUntilIntent(hosts);
          sleeping.set(name, sleep.wake);
          observer.observe(document, { childList: true, subtree: true });
          await sleep.intent;
          sleeping.delete(name);
          // Held interactions replayed once hydrated (a held link followed if the code does not come).
          void sleep.settle(done);
        } else if (inserted.length) {
          // Hydrated at once: a press on the render before the code has come is held and replayed too.
          void sleepUntilIntent(inserted).settle(done);
        }
        if (inserted.length) modulePreload([new URL(__CARSTREL_HYDRATE__, base).href]);
        start();
      }) ?? Promise.resolve()
    )
      .then(hydrated)
      .then(() => runInSteps([...rest.reverse(), ...files.slice(0, 1)].map(url)))
      .then(
        () => undefined,
        (error: unknown) => {
          pending.set(name, files); // allow a later retry
          console.error(`[carstrel] could not load <${name}> from ${base.href}`, error);
        },
      );
    loading.set(name, done);
    return done;
  };

  // The observer stays while an element is still unknown to the page: CMS editors (Wix, a page
  // builder's client-side blocks) add elements after the document is complete, and those must be
  // upgraded too (test/e2e/wix.test.ts). It has nothing left to do, and disconnects, once every
  // element has been loaded; until then each batch of mutations costs one query per pending name.
  const scan = (): void => {
    const found = [...pending.keys()].filter((name) => document.querySelector(name));
    if (found.length) reserveFound(); // their own page-size and filters, before they are shown
    for (const name of found) void load(name);
    // An element added later without a render (a CMS's block) wakes the sleeping code of its name.
    for (const [name, wake] of sleeping) if (document.querySelector(`${name}:not([data-carstrel-ssr])`)) wake();
    if (pending.size === 0 && sleeping.size === 0) observer.disconnect();
  };
  const observer = new MutationObserver(scan);

  state.loader = { version: __CARSTREL_VERSION__, src, load };
  scan();
  if (pending.size) observer.observe(document, { childList: true, subtree: true });
  registerServiceWorker(base, script);
}

boot();
