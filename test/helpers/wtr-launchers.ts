/**
 * web-test-runner launchers, one per engine found (see engines.ts):
 * - Chromium: `@web/test-runner-chrome` (puppeteer-core over CDP) with Debian's chromium;
 * - Firefox: the same launcher given puppeteer-core with `browser: 'firefox'` (WebDriver BiDi)
 *   and Debian's firefox-esr (what `@web/test-runner-puppeteer` does, without pulling in the full
 *   `puppeteer` package and the browser it downloads on install);
 * - WebKit: `@web/test-runner-webdriver` (webdriverio, classic WebDriver) against a WebKitWebDriver
 *   started here under xvfb-run, driving WebKitGTK's MiniBrowser.
 *
 * Two gaps of the drivers (not of the engines) are closed here so that a test that presses a key
 * means the same in every engine: puppeteer's BiDi keyboard does not know the key name `Space`, and
 * webdriverio's `keys()` presses a whole string as one chord (all keys down, then all up), which
 * drops repeated letters and spaces in WebKit.
 */
import { chromeLauncher } from '@web/test-runner-chrome';
import type { BrowserLauncher, TestRunnerPlugin } from '@web/test-runner-core';
import { webdriverLauncher, type WebdriverLauncher } from '@web/test-runner-webdriver';
import * as puppeteerCore from 'puppeteer-core';
import type { Keyboard, KeyInput, Page } from 'puppeteer-core';
import { chromePath, CHROME_ARGS } from './chrome.js';
import {
  chooseEngines,
  ENGINE_LABELS,
  FIREFOX_PREFS,
  firefoxPath,
  startWebKitDriver,
  type EngineChoice,
  type EngineId,
} from './engines.js';

export interface EngineLaunchers extends EngineChoice {
  browsers: BrowserLauncher[];
  /** Which engine a launcher (a session's `browser`) runs. */
  engineOf(launcher: BrowserLauncher): EngineId | undefined;
  /** Stops what was started here (the WebKit driver and its X display). */
  stop(): Promise<void>;
}

/** Key names of the W3C WebDriver keyboard (the `press` names tests use, as in Playwright). */
const WEBDRIVER_KEYS: Record<string, string> = {
  Backspace: '\uE003',
  Tab: '\uE004',
  Enter: '\uE007',
  Shift: '\uE008',
  Control: '\uE009',
  Alt: '\uE00A',
  Escape: '\uE00C',
  Space: '\uE00D',
  PageUp: '\uE00E',
  PageDown: '\uE00F',
  End: '\uE010',
  Home: '\uE011',
  ArrowLeft: '\uE012',
  ArrowUp: '\uE013',
  ArrowRight: '\uE014',
  ArrowDown: '\uE015',
  Delete: '\uE017',
  Meta: '\uE03D',
};

/** `['a', 'b']` (typed) or `['Shift+Tab']` (pressed) as key down/up pairs, one key after another. */
export function webdriverKeyActions(keys: string[]): Array<{ type: 'keyDown' | 'keyUp'; value: string }> {
  const actions: Array<{ type: 'keyDown' | 'keyUp'; value: string }> = [];
  for (const key of keys) {
    const chord = key.length > 1 && key.includes('+') ? key.split('+') : [key];
    const values = chord.map((k) => WEBDRIVER_KEYS[k] ?? k);
    for (const v of values) actions.push({ type: 'keyDown', value: v });
    for (const v of [...values].reverse()) actions.push({ type: 'keyUp', value: v });
  }
  return actions;
}

function fixBidiKeyboard(keyboard: Keyboard): void {
  const name = (key: KeyInput): KeyInput => (key === 'Space' ? ' ' : key);
  const { press, down, up } = keyboard;
  keyboard.press = (key, options) => press.call(keyboard, name(key), options);
  keyboard.down = (key, options) => down.call(keyboard, name(key), options);
  keyboard.up = (key) => up.call(keyboard, name(key));
}

interface WebdriverInternals {
  driver?: { performActions(a: unknown[]): Promise<void>; releaseActions(): Promise<void> };
}

/**
 * `sendKeys({ down })` / `sendKeys({ up })` for the WebDriver launcher, which
 * `@web/test-runner-commands` refuses ("Only press and type"): WebDriver's actions keep a key held
 * between calls, so Shift+Tab written as down Shift, press Tab, up Shift works in WebKit as it does
 * in the other engines. Wraps the built-in send-keys command once the server has its plugins.
 */
export function webdriverHeldKeysPlugin(): TestRunnerPlugin {
  return {
    name: 'carstrel-webdriver-held-keys',
    serverStart({ config }) {
      const sendKeys: TestRunnerPlugin | undefined = config.plugins?.find((p) => p.name === 'send-keys-command');
      const original = sendKeys?.executeCommand?.bind(sendKeys);
      if (!sendKeys || !original) return;
      sendKeys.executeCommand = (args) => {
        const { command, payload, session } = args;
        const hold = (session.browser as { holdKey?: (key: string, down: boolean) => Promise<void> }).holdKey;
        if (command === 'send-keys' && hold && payload && typeof payload === 'object') {
          if ('down' in payload) return hold(String(payload.down), true).then(() => true);
          if ('up' in payload) return hold(String(payload.up), false).then(() => true);
        }
        return original(args);
      };
    },
  };
}

export async function engineLaunchers(): Promise<EngineLaunchers> {
  const choice = chooseEngines();
  const webkitDriver = choice.run.includes('webkit') ? await startWebKitDriver() : undefined;
  const engines = new Map<BrowserLauncher, EngineId>();

  for (const id of choice.run) {
    let launcher: BrowserLauncher;
    if (id === 'chromium') {
      launcher = chromeLauncher({ launchOptions: { executablePath: chromePath(), headless: true, args: CHROME_ARGS } });
    } else if (id === 'firefox') {
      launcher = chromeLauncher({
        puppeteer: puppeteerCore,
        launchOptions: {
          browser: 'firefox',
          executablePath: firefoxPath(),
          headless: true,
          extraPrefsFirefox: FIREFOX_PREFS,
        },
        createPage: async ({ context }) => {
          const page: Page = await context.newPage();
          fixBidiKeyboard(page.keyboard);
          return page;
        },
      });
    } else {
      if (!webkitDriver) throw new Error('WebKit driver not started');
      const wd: WebdriverLauncher = webdriverLauncher(webkitDriver.remoteOptions);
      const initialize = wd.initialize.bind(wd);
      wd.initialize = async (config) => {
        await initialize(config);
        wd.name = ENGINE_LABELS.webkit; // not "linux MiniBrowser"
      };
      const held = new Set<string>();
      const keyboard = async (actions: Array<{ type: 'keyDown' | 'keyUp'; value: string }>) => {
        const driver = (wd as unknown as WebdriverInternals).driver;
        if (!driver) throw new Error('WebKit session not started');
        await driver.performActions([{ type: 'key', id: 'keyboard', actions }]);
        // WebDriver keeps keys held between calls: release only when no `down` is pending.
        if (!held.size) await driver.releaseActions();
      };
      wd.sendKeys = (_sessionId, keys) => keyboard(webdriverKeyActions(keys));
      Object.assign(wd, {
        holdKey: (key: string, down: boolean) => {
          const value = WEBDRIVER_KEYS[key] ?? key;
          if (down) held.add(value);
          else held.delete(value);
          return keyboard([{ type: down ? 'keyDown' : 'keyUp', value }]);
        },
      });
      launcher = wd;
    }
    launcher.name = ENGINE_LABELS[id];
    engines.set(launcher, id);
  }

  return {
    ...choice,
    browsers: [...engines.keys()],
    engineOf: (launcher) => engines.get(launcher),
    stop: async () => {
      await webkitDriver?.stop();
    },
  };
}
