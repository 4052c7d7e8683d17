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
import { chromium as playwright } from 'playwright-core';
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
import { BasePage, deep, type E2EPage } from './page.js';

export { ERROR_COLLECTOR, type E2EPage } from './page.js';

export interface E2EBrowser {
  readonly engine: EngineId;
  readonly label: string;
  newPage(viewport?: { width: number; height: number }): Promise<E2EPage>;
  close(): Promise<void>;
}

let announced = false;
/** The engines to run end-to-end journeys in (found on this machine); names the ones skipped. */
export function e2eEngines(): EngineId[] {
  const { run, missing } = chooseEngines();
  if (!announced) for (const m of missing) console.warn(`e2e: ${missingLine(m)}`);
  announced = true;
  return run;
}

export const label = (engine: EngineId): string => ENGINE_LABELS[engine];

const VIEWPORT = { width: 1280, height: 900 };

/** What Playwright's and Puppeteer's elements have alike, as the pages below use them. */
interface DriverElement {
  click(): Promise<void>;
  screenshot(options: { path: string }): Promise<unknown>;
}

/** What Playwright's and Puppeteer's pages have alike, as the pages below use them. */
interface DriverPage {
  on(event: 'pageerror', listener: (e: unknown) => void): unknown;
  goto(url: string): Promise<unknown>;
  url(): string;
  goBack(): Promise<unknown>;
  evaluate(fn: string | ((arg: never) => unknown), arg?: unknown): Promise<unknown>;
  evaluateHandle(source: string): Promise<{ asElement(): unknown }>;
  readonly keyboard: { type(text: string): Promise<void>; press(key: string): Promise<void> };
  close(): Promise<void>;
}

/**
 * Chromium (playwright-core, CDP) and Firefox (puppeteer-core, BiDi): both drivers report page
 * errors and send real input through the same calls, so one page serves both.
 */
class DriverBackedPage extends BasePage {
  private readonly pageErrors: string[] = [];
  constructor(
    readonly engine: 'chromium' | 'firefox',
    private readonly page: DriverPage,
  ) {
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
    return this.page.evaluate(fn, arg) as Promise<T>;
  }
  protected expression(source: string) {
    return this.page.evaluate(source);
  }
  private async handle(selector: string) {
    const h = (await this.page.evaluateHandle(deep('find', selector))).asElement() as DriverElement | null;
    if (!h) throw new Error(`${this.engine}: nothing matches ${selector}`);
    return h;
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

// ------------------------------------------------------------------ Chromium (playwright-core)

async function launchChromium(): Promise<E2EBrowser> {
  const browser = await playwright.launch({ executablePath: chromePath(), args: CHROME_ARGS, headless: true });
  return {
    engine: 'chromium',
    label: label('chromium'),
    newPage: async (viewport = VIEWPORT) => new DriverBackedPage('chromium', await browser.newPage({ viewport })),
    close: () => browser.close(),
  };
}

// ------------------------------------------------------------------ Firefox (puppeteer-core, BiDi)

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
    newPage: async (viewport = VIEWPORT) => {
      const page = await browser.newPage();
      await page.setViewport(viewport);
      return new DriverBackedPage('firefox', page);
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
    await this.keys(text.split(''));
  }
  async press(key: 'Enter' | 'Tab' | 'Escape') {
    await this.keys([key]);
  }
  private async keys(keys: string[]) {
    await this.driver.performActions([{ type: 'key', id: 'keyboard', actions: webdriverKeyActions(keys) }]);
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
  const idle: Wdio[] = [];
  return {
    engine: 'webkit',
    label: label('webkit'),
    // A WebDriver session drives one MiniBrowser window: a closed page's window is reused for the
    // next page (starting MiniBrowser is the slow part), as tabs share one profile in the other
    // engines. Its window has a minimum width (about 450 CSS px): narrower viewports use an iframe.
    // A reused session can be gone (MiniBrowser quit under load: "invalid session id"): it is dropped
    // and the page gets a fresh session, once, before the journey's own steps begin.
    newPage: async (viewport = VIEWPORT) => {
      let trying: Wdio | undefined;
      const ready = async (driver: Wdio | undefined) => {
        trying = driver ?? (await remote(driverProcess.remoteOptions));
        sessions.add(trying);
        await trying.url('about:blank');
        await trying.setWindowSize(viewport.width, viewport.height);
        return trying;
      };
      let own: Wdio;
      try {
        own = await ready(idle.pop());
      } catch (err) {
        if (trying) {
          sessions.delete(trying);
          await trying.deleteSession().catch(() => undefined);
        }
        console.warn(`e2e: a WebKit WebDriver session failed (${String(err).split('\n')[0]}); starting a new one`);
        own = await ready(undefined);
      }
      return new WebKitPage(own, async () => {
        await own.url('about:blank').catch(() => undefined);
        idle.push(own);
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
