import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  claimUrlKey,
  navigateWithinPage,
  onUrlChange,
  readParams,
  releaseUrlKey,
  urlWith,
  type UrlMode,
} from './url-state.js';

/** How an element's state goes into the page URL: `push` (Back steps through it), `replace`, or `off`. */
export type UrlSync = UrlMode | 'off';

export interface UrlStateOptions {
  /** The element's parameter names, unprefixed (read at each use, so they may follow a property). */
  names: () => readonly string[];
  /** The namespace of the parameters (`used` → `?used.page=2`); empty for none. Read at connect. */
  key?: () => string;
  /** How writes enter the history; `off` does not sync at all. Read at connect (`off`) and at each write. */
  mode?: () => UrlSync;
  /**
   * The namespace is the element's alone (two inventories must not both own `?page=`). An element
   * that cannot claim it does not sync; `onConflict` is told the key.
   */
  exclusive?: boolean;
  onConflict?: (key: string) => void;
  /**
   * Receives the element's parameters (missing and empty ones left out): on connect, on `read()`,
   * and with `navigated: true` when the URL changed (back/forward, another widget's navigation).
   */
  onRead: (params: Record<string, string>, change: { navigated: boolean }) => void;
}

/**
 * Keeps an element's state in the page URL, so that a view is shareable and back/forward work:
 * claims the element's namespace (`url-key`), reads its parameters on connect and on every URL
 * change, and writes them back without a page load. Parameters the element does not own are kept.
 * The pure URL functions it uses are in `url-state.ts`.
 */
export class UrlStateController implements ReactiveController {
  private readonly host: ReactiveControllerHost & Element;
  private readonly options: UrlStateOptions;
  /** The namespace in use while connected and syncing; undefined otherwise. */
  private syncedKey?: string;
  private unsubscribe?: () => void;

  constructor(host: ReactiveControllerHost & Element, options: UrlStateOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  /** True while the element's state goes into the URL. */
  get syncing(): boolean {
    return this.syncedKey !== undefined;
  }

  hostConnected(): void {
    if (this.mode === 'off') return;
    const key = this.options.key?.().trim() ?? '';
    if (this.options.exclusive && !claimUrlKey(key, this.host)) {
      this.options.onConflict?.(key);
      return;
    }
    this.syncedKey = key;
    this.unsubscribe = onUrlChange(() => this.readParams(true));
    this.readParams(false);
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.syncedKey !== undefined && this.options.exclusive) releaseUrlKey(this.syncedKey, this.host);
    this.syncedKey = undefined;
  }

  /** Reads the element's parameters again (e.g. after its parameter names changed). */
  read(): void {
    this.readParams(false);
  }

  /** Writes the element's parameters (missing or empty values are removed); nothing when not syncing. */
  write(values: Record<string, string | undefined>): void {
    if (this.syncedKey === undefined) return;
    navigateWithinPage(
      urlWith(this.syncedKey, this.options.names(), values),
      this.mode === 'replace' ? 'replace' : 'push',
    );
  }

  private get mode(): UrlSync {
    return this.options.mode?.() ?? 'push';
  }

  private readParams(navigated: boolean): void {
    if (this.syncedKey === undefined) return;
    this.options.onRead(readParams(this.syncedKey, this.options.names()), { navigated });
  }
}
