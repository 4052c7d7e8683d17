/**
 * The page API the end-to-end journeys are written against (one implementation per engine in
 * ./browsers.ts), and what the implementations share: finding elements through open shadow roots
 * and collecting page errors where the driver cannot.
 */
import type { EngineId } from '../helpers/engines.js';

export interface E2EPage {
  readonly engine: EngineId;
  goto(url: string): Promise<void>;
  url(): Promise<string>;
  back(): Promise<void>;
  /** Runs `fn(arg)` in the page (both must be serialisable). */
  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  /** Polls `fn(arg)` in the page until it returns a truthy value. */
  waitFor<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A, timeout?: number, what?: string): Promise<T>;
  /** Waits for the first match of `selector` (through shadow roots). */
  waitForSelector(selector: string, timeout?: number): Promise<void>;
  count(selector: string): Promise<number>;
  text(selector: string): Promise<string>;
  /** A real click (the driver's pointer input) on the first match. */
  click(selector: string): Promise<void>;
  /** Clicks the field, then types `text` with the keyboard. */
  type(selector: string, text: string): Promise<void>;
  press(key: 'Enter' | 'Tab' | 'Escape'): Promise<void>;
  /** Box of the first match in CSS pixels of the viewport. */
  box(selector: string): Promise<{ x: number; y: number; width: number; height: number } | null>;
  /** PNG of the first match, written to `path`. */
  screenshot(selector: string, path: string): Promise<void>;
  /**
   * Uncaught errors and unhandled rejections of the page. Chromium and Firefox report them through
   * their protocols; classic WebDriver cannot, so in WebKit they are read from the in-page
   * collector `ERROR_COLLECTOR` (pages this test serves include it), or `undefined` without it.
   */
  errors(): Promise<string[] | undefined>;
  close(): Promise<void>;
}

/** First in a dealer page's head: collects errors where the driver cannot (WebKit). */
export const ERROR_COLLECTOR = `<script>window.__e2eErrors = [];
addEventListener('error', (e) => __e2eErrors.push(String(e.message)));
addEventListener('unhandledrejection', (e) => __e2eErrors.push(String(e.reason)));
const consoleError = console.error;
console.error = (...args) => { __e2eErrors.push(args.map(String).join(' ')); consoleError.apply(console, args); };</script>`;

/**
 * In-page source (plain JS, kept out of the TypeScript build so no helper of the transpiler leaks
 * into the page): `deep(op, selector)` finds the first match of `selector` searching open shadow
 * roots; `host inner` looks for `inner` inside `host` (its shadow root, then its children).
 */
const DEEP = String.raw`((op, selector) => {
  const search = (root, sel, all) => {
    for (const el of root.querySelectorAll(sel)) { all.add(el); if (all.first) return; }
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) search(el.shadowRoot, sel, all);
  };
  const parts = selector.split(/\s+(?![^[]*\])/);
  const host = parts[0];
  const inner = parts.slice(1).join(' ');
  const found = new Set();
  const hosts = new Set();
  search(document, host, hosts);
  for (const h of hosts) {
    if (!inner) found.add(h);
    else {
      if (h.shadowRoot) search(h.shadowRoot, inner, found);
      search(h, inner, found);
    }
  }
  const first = [...found][0] || null;
  if (op === 'count') return found.size;
  if (op === 'find') return first;
  if (!first) return null;
  if (op === 'text') return first.innerText;
  if (op === 'scroll') return void first.scrollIntoView({ block: 'center' });
  if (op === 'top') return void first.scrollIntoView({ block: 'start' });
  const r = first.getBoundingClientRect();
  return { x: r.x, y: r.y, width: r.width, height: r.height };
})`;

type DeepOp = 'find' | 'count' | 'text' | 'box' | 'scroll' | 'top';
/** An expression for the page: `deep(op, selector)`. */
export const deep = (op: DeepOp, selector: string) => `${DEEP}(${JSON.stringify(op)}, ${JSON.stringify(selector)})`;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Shared parts: everything is built on evaluate + the driver's click/keys/screenshot. */
export abstract class BasePage implements E2EPage {
  abstract readonly engine: EngineId;
  abstract goto(url: string): Promise<void>;
  abstract url(): Promise<string>;
  abstract back(): Promise<void>;
  abstract evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  /** Evaluates a JavaScript expression (from `deep()`) in the page. */
  protected abstract expression(source: string): Promise<unknown>;
  abstract click(selector: string): Promise<void>;
  abstract typeKeys(text: string): Promise<void>;
  abstract press(key: 'Enter' | 'Tab' | 'Escape'): Promise<void>;
  abstract screenshot(selector: string, path: string): Promise<void>;
  abstract errors(): Promise<string[] | undefined>;
  abstract close(): Promise<void>;

  async waitFor<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A, timeout = 15_000, what = 'condition') {
    const end = Date.now() + timeout;
    for (;;) {
      const v = await this.evaluate(fn, arg);
      if (v) return v;
      if (Date.now() > end) throw new Error(`${this.engine}: timed out after ${timeout} ms waiting for ${what}`);
      await sleep(100);
    }
  }

  async waitForSelector(selector: string, timeout = 15_000): Promise<void> {
    const end = Date.now() + timeout;
    while (!(await this.count(selector))) {
      if (Date.now() > end) throw new Error(`${this.engine}: timed out after ${timeout} ms waiting for ${selector}`);
      await sleep(100);
    }
  }

  async count(selector: string): Promise<number> {
    return Number(await this.expression(deep('count', selector)));
  }

  async text(selector: string): Promise<string> {
    const t = await this.expression(deep('text', selector));
    if (t === null) throw new Error(`${this.engine}: nothing matches ${selector}`);
    return String(t);
  }

  async box(selector: string) {
    return (await this.expression(deep('box', selector))) as {
      x: number;
      y: number;
      width: number;
      height: number;
    } | null;
  }

  async type(selector: string, text: string): Promise<void> {
    await this.click(selector);
    await this.typeKeys(text);
  }

  protected scrollIntoView(selector: string): Promise<unknown> {
    return this.expression(deep('scroll', selector));
  }
}
