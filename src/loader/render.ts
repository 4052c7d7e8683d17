/**
 * The first paint from the proxy's server render, for a page that has only the script tag: for
 * each element the proxy renders (`GET /render/<element>`, proxy/routes/render.ts), the loader
 * asks for its HTML while the element's code loads, and puts it into the element the moment it
 * arrives (its declarative shadow DOM parsed by `setHTMLUnsafe`), so that the cards paint before Lit's
 * code has arrived. The element then hydrates what is there exactly as for a render a CMS inlined:
 * the data the render used travels with it, so there is no second request (a vehicle view is one
 * detail call, one impression) and nothing is redrawn.
 *
 * Where that cannot be done the element is left as it is and today's path runs (its own first
 * request, once): an engine without `setHTMLUnsafe`, a page whose Trusted Types policy refuses
 * `carstrel`, a render that fails (4xx, 5xx, network, slower than `RENDER_TIMEOUT_MS`), an element
 * whose state comes from the page URL, or one with content of its own. A narrow inventory is
 * rendered in its compact layout (the render is told it: `layoutQuery`).
 *
 * Strict pages: the fragment's `<style>` elements are taken out and given to their shadow roots
 * as constructable stylesheets (no inline style, so no `'unsafe-inline'`), and the HTML goes through
 * the loader's `carstrel` policy, which passes only the texts this module fetched from the proxy.
 */

import { COMPACT_WIDTH, columnsFor } from '../inventory/footprint.js';
import { languageOf } from '../shared/i18n.js';
import { jsonLdText } from '../shared/json-ld.js';
import { jsonScript, TRUSTED_TYPES_POLICY } from '../shared/page-marks.js';
import { followsPageUrl } from './preload.js';

/** The elements the proxy renders (proxy/ssr/renderer.ts, `RENDERED_ELEMENTS`). */
export const RENDERED = ['carstrel-inventory', 'carstrel-vehicle', 'carstrel-brands', 'carstrel-blog'];

/** How long (ms) a render may take before the element loads its data itself. */
export const RENDER_TIMEOUT_MS = 8000;

/** Global attributes of any element: the page's own, not the widget's (the render refuses them). */
const GLOBAL =
  /^(class|id|style|slot|hidden|title|role|tabindex|dir|part|exportparts|inert|nonce|autofocus|draggable|spellcheck|translate|contenteditable|accesskey|popover|is|item\w*|data-.*|aria-.*|on.*)$/;

interface HtmlPolicy {
  createHTML?(text: string): unknown;
  createScript?(text: string): unknown;
}

type Sink = Element & { setHTMLUnsafe(html: unknown): void };

/** What the page URL says about this element: true when its first view follows the URL. */
function followsUrl(el: Element): boolean {
  const params = new URLSearchParams(location.search);
  const attr = (name: string) => el.getAttribute(name);
  switch (el.localName) {
    case 'carstrel-inventory':
      return followsPageUrl(el); // the render would not show that state
    case 'carstrel-vehicle':
      return !attr('vehicle-id')?.trim() && !attr('slug')?.trim(); // the render needs one of them
    case 'carstrel-blog':
      return params.has(attr('url-param') || 'post');
    default:
      return false;
  }
}

/**
 * The layout the element will draw at its width, for the render to draw it too (the server knows no
 * width): a narrow inventory (a phone, a sidebar) its compact one, and the cards of its first row
 * (`CompactController`). Only what differs from the render's default (`WIDE_LAYOUT`: not compact,
 * 4 cards a row; also an element whose width is 0) is asked, so a wide render's URL is a CMS's.
 */
function layoutQuery(el: Element): string {
  const width = el.localName === 'carstrel-inventory' ? el.getBoundingClientRect().width : 0;
  if (!width) return '';
  const columns = columnsFor(width);
  return (width < COMPACT_WIDTH ? '&layout=compact' : '') + (columns !== 4 ? `&columns=${columns}` : '');
}

/** The render URL for this element, or undefined when it is not one to render here. */
export function renderUrl(el: Element, apiBase: string): string | undefined {
  if (!RENDERED.includes(el.localName) || customElements.get(el.localName)) return undefined;
  if (el.shadowRoot || el.hasAttribute('data-carstrel-ssr') || el.textContent?.trim() || el.childElementCount)
    return undefined;
  if (!canInsert() || followsUrl(el)) return undefined;
  const query = new URLSearchParams();
  for (const name of el.getAttributeNames()) if (!GLOBAL.test(name)) query.set(name, el.getAttribute(name) ?? '');
  if (!query.has('lang')) query.set('lang', languageOf(el)); // the element's, so the first paint is in it
  const url = `${(el.getAttribute('api') || apiBase).replace(/\/+$/, '')}/render/${el.localName}?${query}${layoutQuery(el)}`;
  return preloaded(url) ?? url;
}

/**
 * The URL of a `<link rel="preload" as="fetch" crossorigin>` on the page for this same render (the
 * snippet builder writes them: `src/builder/snippet.ts`), fetched as it is written so that the
 * browser hands over the response it started before this script ran. The same render: the same
 * proxy and element, the same attributes in any order, the same layout; the cards of the first row
 * (`columns`: which photos come first) may differ, the element follows its width once hydrated;
 * a `lang` without a region stands for all of its regions (`en` for a page in `en-us`).
 */
function preloaded(url: string): string | undefined {
  const parse = (href: string): URL | undefined => {
    try {
      return new URL(href);
    } catch {
      return undefined; // a link the page got wrong is not ours
    }
  };
  const ours = parse(url);
  const same = (link: HTMLLinkElement): boolean => {
    const theirs = parse(link.href);
    if (
      !ours ||
      !theirs ||
      link.crossOrigin !== 'anonymous' ||
      theirs.origin + theirs.pathname !== ours.origin + ours.pathname
    )
      return false;
    const names = new Set([...ours.searchParams.keys(), ...theirs.searchParams.keys()]);
    names.delete('columns');
    return [...names].every((name) => {
      const [a, b] = [ours.searchParams.get(name), theirs.searchParams.get(name)];
      return a === b || (name === 'lang' && !!b && !b.includes('-') && a?.split('-')[0] === b);
    });
  };
  return [...document.querySelectorAll<HTMLLinkElement>('link[rel~="preload"][as="fetch"]')].find(same)?.href;
}

/** Texts fetched from the proxy and not yet inserted: the only ones the policy passes. */
const fetched = new Set<string>();

/**
 * The `carstrel` Trusted Types policy (shared with `shared/json-ld.ts`, which creates it with
 * `createScript` only when the loader has not): null when the page refuses it, undefined when the
 * browser has no Trusted Types (strings then go as they are).
 */
function policy(): HtmlPolicy | null | undefined {
  const g = globalThis as unknown as Record<symbol, HtmlPolicy | null | undefined> & {
    trustedTypes?: { createPolicy(name: string, rules: Required<HtmlPolicy>): HtmlPolicy };
  };
  if (!g.trustedTypes) return undefined;
  if (g[TRUSTED_TYPES_POLICY] === undefined) {
    try {
      g[TRUSTED_TYPES_POLICY] = g.trustedTypes.createPolicy('carstrel', {
        createHTML: (text) => {
          if (!fetched.delete(text)) throw new TypeError('carstrel: only the proxy’s render is passed');
          return text;
        },
        createScript: jsonScript,
      });
    } catch {
      g[TRUSTED_TYPES_POLICY] = null; // not allowed by the page's policy
    }
  }
  const found = g[TRUSTED_TYPES_POLICY];
  return found && typeof found.createHTML === 'function' ? found : null;
}

/** The shadow roots of a parsed host and of the hosts inside it. */
function shadowRoots(host: Element, into: ShadowRoot[] = []): ShadowRoot[] {
  if (host.shadowRoot) {
    into.push(host.shadowRoot);
    for (const child of host.shadowRoot.querySelectorAll('*')) shadowRoots(child, into);
  }
  return into;
}

/** Whether this engine can put a render in an element (`setHTMLUnsafe`: Chromium 124, Firefox 123, Safari 17.4). */
export const canInsert = (): boolean => typeof (Element.prototype as Partial<Sink>).setHTMLUnsafe === 'function';

/**
 * Puts a render's HTML into the element, which keeps its identity (and the page's listeners): the
 * declarative shadow root, parsed apart, becomes the element's own shadow root, its styles
 * constructable stylesheets (no inline `<style>` ever reaches the page); the served data becomes
 * its light DOM. False when nothing was inserted.
 */
export function insertRender(el: Element, html: string, tt: HtmlPolicy | undefined): boolean {
  const tag = el.localName;
  const data = html.lastIndexOf('<script type="application/json" data-carstrel-ssr>');
  const end = html.lastIndexOf(`</${tag}>`);
  if (data < 0 || end < data || el.shadowRoot || customElements.get(tag)) return false;
  const trusted = (text: string): unknown => {
    if (!tt?.createHTML) return text;
    fetched.add(text);
    try {
      return tt.createHTML(text);
    } finally {
      fetched.delete(text);
    }
  };
  // Styles out of the markup before it is parsed (an inert placeholder marks where each was): text
  // and attribute values hold no raw `<` (Lit escapes them; the JSON has `\u003c`).
  const styles: string[] = [];
  const markup = html.slice(0, data).replace(/<style>([\s\S]*?)<\/style>/g, (_, text: string) => {
    styles.push(text);
    return `<template data-carstrel-style="${styles.length - 1}"></template>`;
  });
  // Parsed in a detached element of this document (`Document.parseHTMLUnsafe` drops the comments
  // Lit hydrates by, in Chromium): nothing in it is shown, its photos start loading at once.
  const box = document.createElement('div') as Element as Sink;
  box.setHTMLUnsafe(trusted(`${markup}</${tag}>`));
  const from = box.querySelector(tag)?.shadowRoot;
  if (!from) return false;
  const sheets = shadowRoots(from.host).map((root): [ShadowRoot, CSSStyleSheet[]] => [
    root,
    [...root.querySelectorAll('template[data-carstrel-style]')].map((placeholder) => {
      placeholder.remove();
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(styles[Number(placeholder.getAttribute('data-carstrel-style'))] ?? '');
      return sheet;
    }),
  ]);
  const root = el.attachShadow({ mode: 'open', delegatesFocus: from.delegatesFocus });
  root.append(...from.childNodes); // nested shadow roots move with their hosts
  sheets[0][0] = root;
  for (const [target, list] of sheets) target.adoptedStyleSheets = list;
  (el as Sink).setHTMLUnsafe(trusted(pageLinks(html.slice(data, end))));
  el.setAttribute('data-carstrel-ssr', ''); // the loader's reserved space gives way to the content
  return true;
}

/**
 * The links of a render's JSON-LD (after the served data), relative to the page the server did not
 * know, made absolute as the element makes them (`vehicleHref`): `?vehicle=<id>` is this page with
 * that parameter set, anything else resolved against the page.
 */
function pageLinks(light: string): string {
  const at = light.indexOf('<script type="application/ld+json"');
  if (at < 0) return light;
  const absolute = (link: string): string => {
    const url = new URL(link, location.href);
    if (!link.startsWith('?')) return url.href;
    const here = new URL(location.href);
    url.searchParams.forEach((value, key) => here.searchParams.set(key, value));
    here.hash = '';
    return here.href;
  };
  const links = light
    .slice(at)
    .replace(/"url":"([^"\\]*)"/g, (_, link: string) => `"url":${jsonLdText(absolute(link))}`);
  return light.slice(0, at) + links;
}

/**
 * The photos a render shows first, named by its `Link` header (proxy/routes/render.ts), preloaded
 * the moment its headers are in: they load while its body is read and parsed, not after.
 */
function preloadPhotos(header: string | null): void {
  for (const [, href] of header?.matchAll(/<([^>]+)>[^,]*as=image/g) ?? []) {
    const link = document.createElement('link');
    Object.assign(link, { rel: 'preload', as: 'image', href, fetchPriority: 'high' });
    document.head.append(link);
  }
}

/** One element's render: fetched, then inserted; resolves true when the element shows it. */
async function renderInto(el: Element, url: string, tt: HtmlPolicy | undefined): Promise<boolean> {
  try {
    // The default credentials (`same-origin`: no cookie to another origin), those of a page's
    // `<link rel="preload" crossorigin>` of it, so that the browser uses that response (`preloaded`).
    const res = await fetch(url, {
      signal: typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(RENDER_TIMEOUT_MS) : undefined,
    });
    if (!res.ok || !/^text\/html/.test(res.headers.get('content-type') ?? '')) return false;
    preloadPhotos(res.headers.get('link'));
    return insertRender(el, await res.text(), tt);
  } catch {
    return false; // the element loads its data itself
  }
}

/**
 * Starts the renders of the elements named `name` on the page; resolves, once each has been
 * inserted or given up, to the elements that show their render (undefined when none is to be
 * rendered: the caller goes on at once).
 */
export function startRenders(name: string, apiBase: string): Promise<Element[]> | undefined {
  const jobs: Array<[Element, string]> = [];
  for (const el of document.querySelectorAll(name)) {
    const url = renderUrl(el, apiBase);
    if (url) jobs.push([el, url]);
  }
  if (!jobs.length) return undefined;
  const tt = policy();
  if (tt === null) return undefined; // a page that refuses the policy: today's path
  return Promise.all(jobs.map(([el, url]) => renderInto(el, url, tt))).then((shown) =>
    jobs.filter((_, i) => shown[i]).map(([el]) => el),
  );
}
