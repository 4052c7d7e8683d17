/**
 * The elements rendered on the server with Lit SSR (`@lit-labs/ssr`): the same element classes
 * and templates the widgets ship, their tasks run once here with a client that reads through the
 * proxy's own pipeline (`PublicRead`), the result as declarative shadow DOM
 * (`<template shadowrootmode="open">`), the loaded data beside it in the light DOM
 * (`<script type="application/json" data-carstrel-ssr>`) for the element to hydrate from.
 * Node only (the DOM shim and parse5): the runtime hands it to the app (`ProxyDeps.render`).
 */
import { render } from '@lit-labs/ssr';
import { collectResult } from '@lit-labs/ssr/lib/render-result.js';
import { html, unsafeStatic } from 'lit/static-html.js';
import { CarstrelApiError, CarstrelClient, type ApiResult, type Query } from '../../src/api/client.js';
import type { ErrorEnvelope, Vehicle } from '../../src/api/types.js';
import '../../src/blog/carstrel-blog.js';
import '../../src/brands/carstrel-brands.js';
import { cardHref } from '../../src/inventory/card.js';
import '../../src/inventory/carstrel-inventory.js';
import type { CarstrelInventory } from '../../src/inventory/carstrel-inventory.js';
import { COLUMNS_ATTRIBUTE, LAYOUT_ATTRIBUTE } from '../../src/inventory/compact.js';
import { WIDE_LAYOUT } from '../../src/inventory/footprint.js';
import type { CarstrelElement } from '../../src/shared/carstrel-element.js';
import { carJsonLd, jsonLdBody, jsonLdText } from '../../src/shared/json-ld.js';
import type { ServableTask, ServedData } from '../../src/shared/served-task.js';
import { testModeHtml } from '../../src/shared/test-mode-look.js';
import '../../src/vehicle/carstrel-vehicle.js';
import { refuse } from '../lib/errors.js';
import { checkAttributes } from './attributes.js';
import { relativeLinks } from './globals.js';
import type { ElementRenderer, PublicRead, RenderOptions } from './types.js';

/** The elements `/render` renders: the listing ones (forms are left to the client). */
export const RENDERED_ELEMENTS = [
  'carstrel-inventory',
  'carstrel-vehicle',
  'carstrel-brands',
  'carstrel-blog',
] as const;

/** A client whose reads go through the proxy's pipeline (in process, no network). */
class ProxyReadClient extends CarstrelClient {
  constructor(private readonly read: PublicRead) {
    super('');
  }

  override async request<E>(method: string, path: string, init: { query?: Query } = {}): Promise<ApiResult<E>> {
    if (method !== 'GET') throw new Error(`server render: ${method} ${path} is not a read`);
    const { status, body } = await this.read(this.url(path, init.query));
    if (status >= 400) throw new CarstrelApiError(status, envelopeOf(status, body));
    return { status, queued: false, body: body as E, headers: new Headers() };
  }
}

function envelopeOf(status: number, body: unknown): ErrorEnvelope {
  const e = body as Partial<ErrorEnvelope> | undefined;
  return typeof e?.message === 'string'
    ? { statusCode: status, message: e.message, error: e.error ?? 'Error', timestamp: new Date().toISOString() }
    : {
        statusCode: status,
        message: 'The dealer service failed.',
        error: 'Error',
        timestamp: new Date().toISOString(),
      };
}

type ServerElement = CarstrelElement & { servedTasks: ServableTask[] };

/** JSON inside `<script>`: no `<` (so no `</script>` or `<!--`) can end it early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * An inventory's structured data for crawlers (schema.org `Car`s), as the element writes it
 * (shared/json-ld.ts, same items and links), in the light DOM after the served data: crawlers run no
 * script, and the element hydrated later takes this script over. Links are made against the
 * stand-in page like the cards' (`relativeLinks`); the loader makes them the page's (loader/render.ts).
 */
function inventoryJsonLd(tag: string, el: ServerElement, served: ServedData): string {
  const vehicles = (served.results?.value as { vehicles?: Vehicle[] } | undefined)?.vehicles;
  if (tag !== 'carstrel-inventory' || !vehicles?.length) return '';
  const { link, hrefTemplate, currency, distanceUnit } = el as unknown as CarstrelInventory;
  const items = vehicles.map((v) => carJsonLd(v, { url: cardHref(v, { link, hrefTemplate }), currency, distanceUnit }));
  return `<script type="application/ld+json" data-carstrel-jsonld>${jsonLdText(jsonLdBody(items))}</script>`;
}

/** The element (its attributes set) and the data its served tasks load for these attributes. */
async function load(
  tag: string,
  attributes: ReadonlyMap<string, string>,
  read: PublicRead,
): Promise<{ el: ServerElement; served: ServedData }> {
  const Ctor = customElements.get(tag) as (new () => ServerElement) | undefined;
  if (!Ctor) throw refuse.notRendered(tag, RENDERED_ELEMENTS);
  const el = new Ctor();
  for (const [name, value] of attributes) el.attributeChangedCallback(name, null, value);
  el.serverClient = new ProxyReadClient(read);
  // Strings that load on demand (src/shared/language-packs.ts) are in before the render.
  const lang = attributes.get('lang');
  if (lang) el.setAttribute('lang', lang);
  await el.languageReady();
  const tasks = el.servedTasks;
  const values = await Promise.all(tasks.map((t) => t.serve()));
  return { el, served: Object.fromEntries(tasks.map((t, i) => [t.name, values[i]])) };
}

/** The "Test mode" marker first in the element's declarative shadow root (test-mode.ts), in its language. */
function withTestMode(html: string, tag: string, attributes: ReadonlyMap<string, string>): string {
  // The first `<template` is the shadow root's: attribute values hold no raw `<` (escapeAttribute).
  const at = html.indexOf('<template');
  const end = html.indexOf('>', at) + 1;
  if (at < 0 || !html.slice(at, end).includes('shadowrootmode="open"'))
    throw new Error(`server render of <${tag}> has no declarative shadow root`);
  return html.slice(0, end) + testModeHtml(attributes.get('lang') ?? 'en') + html.slice(end);
}

/** The host attributes that tell the element the layout asked for, when it is not the wide one. */
function layoutAttributes(layout = WIDE_LAYOUT): Array<[string, string]> {
  const attributes: Array<[string, string]> = [];
  if (layout.compact !== WIDE_LAYOUT.compact) attributes.push([LAYOUT_ATTRIBUTE, 'compact']);
  if (layout.columns !== WIDE_LAYOUT.columns) attributes.push([COLUMNS_ATTRIBUTE, String(layout.columns)]);
  return attributes;
}

/** Lit SSR of the element, without the markers of the one-off template around it. */
async function renderHtml(
  tag: string,
  attributes: ReadonlyMap<string, string>,
  { el, served }: { el: ServerElement; served: ServedData },
  options: RenderOptions,
): Promise<string> {
  const { mode } = options;
  const attrs = [...attributes, ...layoutAttributes(options.layout)]
    .map(([name, value]) => `${name}="${escapeAttribute(value)}"`)
    .join(' ');
  const t = unsafeStatic(tag);
  const out = await collectResult(
    render(html`<${t} ${unsafeStatic(attrs)} data-carstrel-ssr .served=${served}></${t}>`),
  );
  const start = out.indexOf(`<${tag}`);
  const end = out.lastIndexOf(`</${tag}>`);
  if (start < 0 || end < 0) throw new Error(`server render of <${tag}> has no element`);
  const element = relativeLinks(out.slice(start, end));
  const jsonLd = relativeLinks(inventoryJsonLd(tag, el, served));
  return `${mode === 'test' ? withTestMode(element, tag, attributes) : element}<script type="application/json" data-carstrel-ssr>${scriptJson(served)}</script>${jsonLd}</${tag}>`;
}

export const litRenderer: ElementRenderer = {
  elements: RENDERED_ELEMENTS,
  async render(tag, attributes, read, options = {}) {
    const Ctor = customElements.get(tag);
    if (!Ctor || !RENDERED_ELEMENTS.includes(tag as (typeof RENDERED_ELEMENTS)[number]))
      throw refuse.notRendered(tag, RENDERED_ELEMENTS);
    checkAttributes(tag, (Ctor as { observedAttributes?: string[] }).observedAttributes ?? [], attributes);
    return renderHtml(tag, attributes, await load(tag, attributes, read), options);
  },
};
