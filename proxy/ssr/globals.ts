import { HTMLElement } from '@lit-labs/ssr-dom-shim';
/**
 * The few browser APIs the elements touch while they are constructed and rendered, stubbed for
 * Lit SSR on the server (the DOM shim of `@lit-labs/ssr` covers `HTMLElement`, `customElements`
 * and attributes). Nothing observes or lays out on the server: observers never fire, the element
 * has no ancestors, and the language is the element's own `lang` or English.
 */
class NoObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

const g = globalThis as Record<string, unknown>;
g.ResizeObserver ??= NoObserver;
g.IntersectionObserver ??= NoObserver;
g.MutationObserver ??= NoObserver;
g.navigator ??= { language: 'en', languages: ['en'] };

/**
 * The page the HTML will be inlined in is unknown here: links are made against this stand-in,
 * then made relative to the page (`relativeLinks`), e.g. `?vehicle=<id>` or `/cars/<slug>`.
 */
export const STAND_IN_ORIGIN = 'https://carstrel-render.invalid';
export const STAND_IN_PAGE = `${STAND_IN_ORIGIN}/__carstrel_page__`;
const page = new URL(STAND_IN_PAGE);
g.location ??= { href: page.href, origin: page.origin, pathname: page.pathname, search: '', hash: '' };

/** Links of the stand-in page made relative to the page the HTML is inlined in. */
export function relativeLinks(html: string): string {
  return html.split(STAND_IN_PAGE).join('').split(STAND_IN_ORIGIN).join('');
}

const proto = HTMLElement.prototype as unknown as Record<string, unknown>;

/** The shim's elements have no children (the light DOM of the page is not known here)… */
proto.querySelector ??= () => null;
proto.querySelectorAll ??= () => [];

/** …and no ancestors: `closest('[lang]')` finds the element itself, or nothing. */
proto.closest ??= function closest(this: HTMLElement, selector: string): HTMLElement | null {
  const attribute = /^\[([\w-]+)\]$/.exec(selector)?.[1];
  return attribute && this.hasAttribute(attribute) ? this : null;
};
