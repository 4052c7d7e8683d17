/**
 * Keeps an element in step with the page's one customer session (`./session.ts`) while it is
 * connected: `state` is the session as the element last saw it, and every change updates the
 * element and calls `onChange`. On connect the proxy is asked who is logged in — always
 * (`carstrel-login`), or only when this browser logged in here before (widgets that merely
 * prefill). With `revalidate`, the session is checked again when the shopper comes back to the
 * tab, or to the page from the back/forward cache.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CarstrelClient } from '../api/client.js';
import { session, type SessionState } from './session.js';

export interface SessionControllerOptions {
  client(): CarstrelClient;
  restore: 'always' | 'if-hinted';
  revalidate?: boolean;
  onChange?(state: SessionState, previous: SessionState): void;
}

export class SessionController implements ReactiveController {
  state: SessionState = session().current;

  private unsubscribe: (() => void) | undefined;

  /** Back on the tab: an expired session returns the element to logged out. */
  private readonly onVisibilityChange = (): void => {
    if (document.visibilityState === 'visible') this.revalidate();
  };

  /** Back from the back/forward cache: the session may have ended meanwhile. */
  private readonly onPageShow = (event: PageTransitionEvent): void => {
    if (event.persisted) this.revalidate();
  };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: SessionControllerOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const store = session();
    this.unsubscribe = store.subscribe((state) => this.onSessionChange(state));
    const client = this.options.client();
    const restoring = this.options.restore === 'always' ? store.restore(client) : store.restoreIfHinted(client);
    restoring.catch(() => undefined); // unreachable: the element shows what it can; acting will say why
    if (!this.options.revalidate) return;
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    window.addEventListener('pageshow', this.onPageShow);
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    window.removeEventListener('pageshow', this.onPageShow);
  }

  private onSessionChange(state: SessionState): void {
    const previous = this.state;
    this.state = state;
    this.host.requestUpdate();
    this.options.onChange?.(state, previous);
  }

  private revalidate(): void {
    session()
      .revalidate(this.options.client())
      .catch(() => undefined);
  }
}
