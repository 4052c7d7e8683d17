/**
 * One small page API over the three engines' drivers, so that a journey is written once and run
 * in each engine found (test/helpers/engines.ts):
 * - Chromium: playwright-core (CDP) with Debian's chromium;
 * - Firefox: puppeteer-core over WebDriver BiDi with Debian's firefox-esr;
 * - WebKit: webdriverio over classic WebDriver, against WebKitWebDriver (under xvfb-run) driving
 *   WebKitGTK's MiniBrowser.
 * Clicks and keys are real input events from each driver. Selectors pierce open shadow roots:
 * `carstrel-inventory [part~="card"]` finds the card inside the element's shadow root.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium as playwright, type ElementHandle as PwElement, type Page as PwPage } from 'playwright-core';
import * as puppeteer from 'puppeteer-core';
import { remote } from 'webdriverio';
import { chromePath, CHROME_ARGS } from '../helpers/chrome.js';
import {
  chooseEngines,
  ENGINE_LABELS,
  FIREFOX_PREFS,
  firefoxPath,
  missingLine,
  startWebKitDriver,
  type EngineId,
} from '../helpers/engines.js';
import { cropPng } from '../helpers/png.js';
import { webdriverKeyActions } from '../helpers/wtr-launchers.js';

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

export interface E2EBrowser {
  readonly engine: EngineId;
  readonly label: string;
  newPage(viewport?: { width: number; height: number }): Promise<E2EPage>;
  close(): Promise<void>;
}

/** First in a dealer page's head: collects errors where the driver cannot (WebKit). */
export const ERROR_COLLECTOR = `<script>window.__e2eErrors = [];
addEventListener('error', (e) => __e2eErrors.push(String(e.message)));
addEventListener('unhandledrejection', (e) => __e2eErrors.push(String(e.reason)));
const consoleError = console.error;
console.error = (...args) => { __e2eErrors.push(args.map(String).join(' ')); consoleError.apply(console, args); };</script>`;

let announced = false;
/** The engines to run end-to-end journeys in (found on this machine); names the ones skipped. */
export function e2eEngines(): EngineId[] {
  const { run, missing } = chooseEngines();
  if (!announced) for (const m of missing) console.warn(`e2e: ${missingLine(m)}`);
  announced = true;
  return run;
}

export const label = (engine: EngineId): string => ENGINE_LABELS[engine];

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
const deep = (op: DeepOp, selector: string) => `${DEEP}(${JSON.stringify(op)}, ${JSON.stringify(selector)})`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Shared parts: everything is built on evaluate + the driver's click/keys/screenshot. */
abstract class BasePage implements E2EPage {
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

// ------------------------------------------------------------------ Chromium (playwright-core)

class ChromiumPage extends BasePage {
  readonly engine = 'chromium' as const;
  private readonly pageErrors: string[] = [];
  constructor(private readonly page: PwPage) {
    super();
    page.on('pageerror', (e) => this.pageErrors.push(String(e)));
  }
  async goto(url: string) {
    await this.page.goto(url);
  }
  url() {
    return Promise.resolve(this.page.url());
  }
  async back() {
    await this.page.goBack();
  }
  evaluate<T, A>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T> {
    return this.page.evaluate<T>(fn as never, arg as never);
  }
  protected expression(source: string) {
    return this.page.evaluate(source);
  }
  private async handle(selector: string) {
    const h = (await this.page.evaluateHandle(deep('find', selector))).asElement() as PwElement | null;
    if (!h) throw new Error(`chromium: nothing matches ${selector}`);
    return h;
  }
  async click(selector: string) {
    await (await this.handle(selector)).click();
  }
  async typeKeys(text: string) {
    await this.page.keyboard.type(text);
  }
  async press(key: string) {
    await this.page.keyboard.press(key);
  }
  async screenshot(selector: string, path: string) {
    mkdirSync(dirname(path), { recursive: true });
    await (await this.handle(selector)).screenshot({ path });
  }
  async errors() {
    const collected = (await this.expression('window.__e2eErrors || []')) as string[];
    return [...this.pageErrors, ...collected];
  }
  async close() {
    await this.page.close();
  }
}

async function launchChromium(): Promise<E2EBrowser> {
  const browser = await playwright.launch({ executablePath: chromePath(), args: CHROME_ARGS, headless: true });
  return {
    engine: 'chromium',
    label: label('chromium'),
    newPage: async (viewport = { width: 1280, height: 900 }) => new ChromiumPage(await browser.newPage({ viewport })),
    close: () => browser.close(),
  };
}

// ------------------------------------------------------------------ Firefox (puppeteer-core, BiDi)

class FirefoxPage extends BasePage {
  readonly engine = 'firefox' as const;
  private readonly pageErrors: string[] = [];
  constructor(private readonly page: puppeteer.Page) {
    super();
    page.on('pageerror', (e) => this.pageErrors.push(String(e)));
  }
  async goto(url: string) {
    await this.page.goto(url);
  }
  url() {
    return Promise.resolve(this.page.url());
  }
  async back() {
    await this.page.goBack();
  }
  evaluate<T, A>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T> {
    return this.page.evaluate(fn as never, arg as never);
  }
  protected expression(source: string) {
    return this.page.evaluate(source);
  }
  private async handle(selector: string) {
    const h = (await this.page.evaluateHandle(deep('find', selector))).asElement();
    if (!h) throw new Error(`firefox: nothing matches ${selector}`);
    return h as puppeteer.ElementHandle<Element>;
  }
  async click(selector: string) {
    await (await this.handle(selector)).click();
  }
  async typeKeys(text: string) {
    await this.page.keyboard.type(text);
  }
  async press(key: 'Enter' | 'Tab' | 'Escape') {
    await this.page.keyboard.press(key);
  }
  async screenshot(selector: string, path: string) {
    mkdirSync(dirname(path), { recursive: true });
    await (await this.handle(selector)).screenshot({ path });
  }
  async errors() {
    const collected = (await this.expression('window.__e2eErrors || []')) as string[];
    return [...this.pageErrors, ...collected];
  }
  async close() {
    await this.page.close();
  }
}

async function launchFirefox(): Promise<E2EBrowser> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    extraPrefsFirefox: FIREFOX_PREFS,
  });
  return {
    engine: 'firefox',
    label: label('firefox'),
    newPage: async (viewport = { width: 1280, height: 900 }) => {
      const page = await browser.newPage();
      await page.setViewport(viewport);
      return new FirefoxPage(page);
    },
    close: () => browser.close(),
  };
}

// ------------------------------------------------------------------ WebKit (webdriverio, classic WebDriver)

type Wdio = Awaited<ReturnType<typeof remote>>;

class WebKitPage extends BasePage {
  readonly engine = 'webkit' as const;
  constructor(
    private readonly driver: Wdio,
    private readonly onClose: () => Promise<void>,
  ) {
    super();
  }
  async goto(url: string) {
    await this.driver.url(url);
  }
  async url() {
    return this.driver.getUrl();
  }
  async back() {
    await this.driver.back();
  }
  async evaluate<T, A>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T> {
    // Classic WebDriver's executeAsyncScript, so that promises are awaited.
    const result = await this.driver.executeAsync<{ value: T } | { error: string }, [A | null]>(
      `const done = arguments[arguments.length - 1];
       Promise.resolve((${fn.toString()})(arguments[0])).then(
         (value) => done({ value: value === undefined ? null : value }),
         (e) => done({ error: String(e) }));`,
      arg ?? null,
    );
    if ('error' in result) throw new Error(`webkit: ${result.error}`);
    return result.value;
  }
  protected expression(source: string) {
    return this.driver.execute(`return ${source};`);
  }
  private async element(selector: string) {
    const ref = await this.driver.execute(`return ${deep('find', selector)};`);
    if (!ref) throw new Error(`webkit: nothing matches ${selector}`);
    return this.driver.$(ref as unknown as WebdriverIO.Element);
  }
  async click(selector: string) {
    await this.scrollIntoView(selector);
    await (await this.element(selector)).click();
  }
  async typeKeys(text: string) {
    await this.driver.performActions([{ type: 'key', id: 'keyboard', actions: webdriverKeyActions(text.split('')) }]);
    await this.driver.releaseActions();
  }
  async press(key: 'Enter' | 'Tab' | 'Escape') {
    await this.driver.performActions([{ type: 'key', id: 'keyboard', actions: webdriverKeyActions([key]) }]);
    await this.driver.releaseActions();
  }
  /** WebKitGTK's element screenshots come out black under Xvfb: cut the element out of the viewport's. */
  async screenshot(selector: string, path: string) {
    mkdirSync(dirname(path), { recursive: true });
    await this.expression(deep('top', selector));
    const box = await this.box(selector);
    if (!box) throw new Error(`webkit: nothing matches ${selector}`);
    const scale = Number(await this.expression('window.devicePixelRatio')) || 1;
    const png = Buffer.from(await this.driver.takeScreenshot(), 'base64');
    writeFileSync(path, cropPng(png, box, scale));
  }
  async errors() {
    const collected = await this.evaluate(() => (window as unknown as { __e2eErrors?: string[] }).__e2eErrors ?? null);
    return collected ?? undefined;
  }
  async close() {
    await this.onClose();
  }
}

async function launchWebKit(): Promise<E2EBrowser> {
  const driverProcess = await startWebKitDriver();
  const sessions = new Set<Wdio>();
  return {
    engine: 'webkit',
    label: label('webkit'),
    // One MiniBrowser per page (a WebDriver session drives one window). MiniBrowser's window has
    // a minimum width (about 450 CSS px), so narrower viewports are shown in an iframe instead.
    newPage: async (viewport = { width: 1280, height: 900 }) => {
      const driver = await remote(driverProcess.remoteOptions);
      sessions.add(driver);
      await driver.setWindowSize(viewport.width, viewport.height);
      return new WebKitPage(driver, async () => {
        sessions.delete(driver);
        await driver.deleteSession().catch(() => undefined);
      });
    },
    close: async () => {
      for (const d of sessions) await d.deleteSession().catch(() => undefined);
      await driverProcess.stop();
    },
  };
}

export function launch(engine: EngineId): Promise<E2EBrowser> {
  if (engine === 'chromium') return launchChromium();
  if (engine === 'firefox') return launchFirefox();
  return launchWebKit();
}
