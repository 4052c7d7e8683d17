/**
 * Server-rendered first paint (`GET /render/<element>`): what the route needs of a renderer. The
 * renderer itself (renderer.ts, Lit SSR) is Node-only and handed to the app by the runtime
 * (`ProxyDeps.render`); a runtime without one answers `/render` with 404.
 */
import type { Layout } from '../../src/inventory/footprint.js';

/** One public read through the proxy's own pipeline (cache for lists and metadata, never for a detail). */
export type PublicRead = (target: string) => Promise<{ status: number; body: unknown }>;

export interface RenderOptions {
  /**
   * The proxy's mode (`X-CarStrel-Mode`): `test` puts the "Test mode" marker in the rendered
   * shadow root, so that an editor sees it in the first paint (never the key).
   */
  mode?: 'test' | 'live';
  /**
   * The layout to draw the element in (an inventory's, at the page's width: `layout`, `columns`
   * render parameters); `WIDE_LAYOUT` when not given. The element reads it off its host
   * (`LAYOUT_ATTRIBUTE`, `COLUMNS_ATTRIBUTE` in compact.ts: written only when it differs), and hydrates it.
   */
  layout?: Layout;
}

export interface ElementRenderer {
  /** The elements it renders. */
  readonly elements: readonly string[];
  /**
   * The element's HTML (declarative shadow DOM, then the served data in its light DOM) for these
   * attributes, its data loaded with `read`. Throws a Refusal (400 naming the attribute) for
   * attributes it does not take, and the API's refusal when a load fails.
   */
  render(
    element: string,
    attributes: ReadonlyMap<string, string>,
    read: PublicRead,
    options?: RenderOptions,
  ): Promise<string>;
}
