/**
 * Hydration of server-rendered elements (`GET /render/<element>` on the proxy): Lit's hydrate
 * support, installed before any element is defined. `carstrel.js` loads this chunk first, and only
 * on pages that hold a server-rendered element (`script[data-carstrel-ssr]`): other pages never
 * download it. An element with a declarative shadow root then adopts it (no re-render, no
 * flash), and its first render takes the data the server used (see `shared/served-task.ts`).
 *
 * `lit` is imported first on purpose: `lit-element` then finds no hook when it loads, and the hook
 * is installed once, here (the chunk that holds `lit-element` may have been evaluated already).
 */
import { LitElement } from 'lit';
import '@lit-labs/ssr-client/lit-element-hydrate-support.js';

type HydrateSupport = (lit: { LitElement: typeof LitElement }) => void;

const install = (globalThis as { litElementHydrateSupport?: HydrateSupport }).litElementHydrateSupport;
install?.({ LitElement });
