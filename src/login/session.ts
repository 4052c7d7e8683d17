/**
 * The customer session: one store per page, shared by every CarStrel widget (`carstrel-login`
 * changes it, `carstrel-test-drive-form` prefills from it). Subscribers are called with the
 * current state and on every change; the page also gets `carstrel-session-change` on `window`.
 *
 * Where the tokens are: the proxy keeps the customer's tokens in an httpOnly cookie, so page
 * JavaScript never sees them; login/register answers carry only the user. When the browser
 * refuses that cookie (third-party cookie blocking), `/external/auth/me` right after login
 * answers 401; the store then logs in again asking the proxy for a bearer token
 * (`X-CarStrel-Session: bearer`; the token comes back in `X-CarStrel-Bearer`) and keeps the access token in memory only
 * (`CarstrelClient.bearer`): never in storage, gone on reload (see README for the risk).
 * The password is used for the request and never stored or logged.
 */
import { CarstrelApiError, CarstrelClient } from '../api/client.js';
import type { AuthResult, CustomerUser, LoginBody, MeResult, RegisterBody } from '../api/types.js';
import { CarstrelSessionChangeEvent } from '../shared/events.js';
import { readHint, writeHint } from './session-hint.js';

export type SessionStatus = 'unknown' | 'checking' | 'anonymous' | 'authenticated';
export type SessionReason = 'login' | 'register' | 'logout' | 'expired' | 'restored';
/** How the session is held: the proxy's httpOnly cookie, or the in-memory bearer fallback. */
export type SessionTransport = 'cookie' | 'bearer';

export interface SessionState {
  status: SessionStatus;
  user?: CustomerUser;
  customer?: MeResult['customer'];
  /** Login found an existing CarStrel user who is new to this dealer (linked on first sign-in). */
  isNewCustomer?: boolean;
  /** Registration created a new CarStrel user. */
  isNewUser?: boolean;
  /** Why the state last changed. */
  reason?: SessionReason;
  transport?: SessionTransport;
}

export type SessionListener = (state: SessionState) => void;

/**
 * Answer of login/register through the proxy: the contract's `AuthResult` without the tokens,
 * which the proxy keeps in its cookie — unless the bearer fallback asked for the access token.
 */
type AuthAnswer = Pick<AuthResult, 'user' | 'isNewUser'> & Partial<Pick<AuthResult, 'isNewCustomer' | 'access_token'>>;

/** The proxy (or upstream) answered with `status`. */
function refusedWith(error: unknown, status: number): boolean {
  return error instanceof CarstrelApiError && error.status === status;
}

export const BEARER_HEADER = { 'x-carstrel-session': 'bearer' } as const;
export const BEARER_RESPONSE_HEADER = 'x-carstrel-bearer';

export class SessionStore {
  private state: SessionState = { status: 'unknown' };
  private readonly listeners = new Set<SessionListener>();
  private restoring: Promise<SessionState> | undefined;

  get current(): SessionState {
    return this.state;
  }

  /** Calls `listener` now and on every change; returns the unsubscribe function. */
  subscribe(listener: SessionListener): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  /** `known`: the proxy answered (so the login hint follows); false when it could not be reached. */
  private set(next: SessionState, known = true): void {
    const wasIn = this.state.status === 'authenticated';
    this.state = next;
    if (known && next.status === 'authenticated') writeHint(true);
    else if (known && next.status === 'anonymous') writeHint(false);
    for (const l of [...this.listeners]) l(next);
    const isIn = next.status === 'authenticated';
    if (next.reason && (wasIn !== isIn || next.reason !== 'restored')) {
      globalThis.dispatchEvent?.(new CarstrelSessionChangeEvent({ loggedIn: isIn, reason: next.reason }));
    }
  }

  /**
   * Asks the proxy who is logged in (the cookie session survives reloads). Deduplicated: every
   * widget may call it; the page makes one request.
   */
  restore(client: CarstrelClient): Promise<SessionState> {
    if (this.state.status === 'authenticated' || this.state.status === 'anonymous') return Promise.resolve(this.state);
    if (!this.restoring) this.set({ status: 'checking' });
    this.restoring ??= this.restoreFrom(client);
    return this.restoring;
  }

  private async restoreFrom(client: CarstrelClient): Promise<SessionState> {
    let me: MeResult | undefined;
    try {
      me = await this.whoIsLoggedIn(client);
    } catch (error) {
      this.restoring = undefined;
      this.set({ status: 'anonymous' }, false); // unreachable: show the forms; logging in will say why
      throw error;
    }
    this.set(
      me
        ? {
            status: 'authenticated',
            user: me.user,
            customer: me.customer,
            reason: 'restored',
            transport: CarstrelClient.bearer ? 'bearer' : 'cookie',
          }
        : { status: 'anonymous' },
    );
    return this.state;
  }

  /**
   * The customer behind this page, or `undefined`. The proxy's `GET /session` (answered without
   * any upstream call) first says whether it holds a session cookie, so an anonymous visitor costs
   * no `/external/auth/me` (no upstream call, no 401 in the console). A proxy without that route
   * (404) is simply asked `/auth/me`.
   */
  private async whoIsLoggedIn(client: CarstrelClient): Promise<MeResult | undefined> {
    if (!CarstrelClient.bearer && (await this.cookieSession(client)) === false) return undefined;
    try {
      return await this.fetchMe(client);
    } catch (error) {
      if (refusedWith(error, 401)) return undefined;
      throw error;
    }
  }

  /** Whether the proxy holds a live session cookie for this browser; `undefined` when it cannot say. */
  private async cookieSession(client: CarstrelClient): Promise<boolean | undefined> {
    try {
      return (await client.get<{ active: boolean }>('/session')).data.active;
    } catch (error) {
      if (refusedWith(error, 404)) return undefined;
      throw error;
    }
  }

  /**
   * `restore()` only when this browser logged in on this site before (a non-secret hint in local
   * storage): widgets that merely benefit from a session (prefill) cost anonymous shoppers no
   * request, and the dealer's upstream no `/auth/me` call per page view.
   */
  restoreIfHinted(client: CarstrelClient): Promise<SessionState> {
    return readHint() ? this.restore(client) : Promise.resolve(this.state);
  }

  /**
   * Checks that the session is still alive (e.g. when the shopper returns to the tab). A session
   * that ended on the server becomes anonymous with reason `expired`.
   */
  async revalidate(client: CarstrelClient): Promise<SessionState> {
    if (this.state.status !== 'authenticated') return this.state;
    try {
      const me = await this.fetchMe(client);
      this.set({ ...this.state, user: me.user, customer: me.customer, reason: undefined });
    } catch (error) {
      if (refusedWith(error, 401)) this.expire();
      else throw error;
    }
    return this.state;
  }

  /** The session ended without the shopper logging out (expired, revoked). */
  expire(): void {
    CarstrelClient.bearer = undefined;
    this.restoring = undefined;
    this.set({ status: 'anonymous', reason: 'expired' });
  }

  async login(client: CarstrelClient, body: LoginBody): Promise<SessionState> {
    const answer = await this.authenticate(client, body);
    return this.establish(client, answer, body, 'login');
  }

  /** Registration is a lead: it carries the submission's Idempotency-Key. `queued` when the proxy stored it for later. */
  async register(
    client: CarstrelClient,
    body: RegisterBody,
    idempotencyKey: string | undefined,
  ): Promise<{ state: SessionState; queued: boolean }> {
    const res = await client.post<AuthAnswer>('/external/auth/register', body, { idempotencyKey });
    if (res.queued) return { state: this.state, queued: true };
    const state = await this.establish(
      client,
      res.body.data,
      { email: body.email, password: body.password },
      'register',
    );
    return { state, queued: false };
  }

  /**
   * Ends the session at the proxy (clears its cookie). When the proxy cannot be reached the
   * session is kept and the error thrown: showing "logged out" while the cookie lives on would lie.
   */
  async logout(client: CarstrelClient): Promise<void> {
    try {
      await client.request('POST', '/session/logout');
    } catch (error) {
      const unreachable = error instanceof CarstrelApiError && (error.status === 0 || error.status >= 500);
      if (unreachable) throw error;
    }
    CarstrelClient.bearer = undefined;
    this.restoring = undefined;
    this.set({ status: 'anonymous', reason: 'logout' });
  }

  /** Logs in; with `bearer`, the proxy also hands out the access token (header `X-CarStrel-Bearer`). */
  private async authenticate(client: CarstrelClient, body: LoginBody, bearer = false): Promise<AuthAnswer> {
    const res = await client.post<AuthAnswer>(
      '/external/auth/login',
      body,
      bearer ? { headers: { ...BEARER_HEADER } } : {},
    );
    const answer = res.body.data;
    return bearer
      ? { ...answer, access_token: res.headers.get(BEARER_RESPONSE_HEADER) ?? answer.access_token }
      : answer;
  }

  /** The customer just logged in or registered becomes the page's session. */
  private async establish(
    client: CarstrelClient,
    answer: AuthAnswer,
    credentials: LoginBody,
    reason: SessionReason,
  ): Promise<SessionState> {
    CarstrelClient.bearer = undefined;
    const { me, transport } = await this.confirm(client, credentials);
    this.restoring = undefined;
    this.set({
      status: 'authenticated',
      user: me.user,
      customer: me.customer,
      isNewCustomer: answer.isNewCustomer,
      isNewUser: answer.isNewUser,
      reason,
      transport,
    });
    return this.state;
  }

  /**
   * Confirms the session with `/auth/me` through the proxy's cookie; when the browser refused the
   * cookie (401), logs in again for an access token held in memory only.
   */
  private async confirm(
    client: CarstrelClient,
    credentials: LoginBody,
  ): Promise<{ me: MeResult; transport: SessionTransport }> {
    try {
      return { me: await this.fetchMe(client), transport: 'cookie' };
    } catch (error) {
      if (!refusedWith(error, 401)) throw error;
      const again = await this.authenticate(client, credentials, true);
      if (!again.access_token) throw new SessionCookieRefused();
      CarstrelClient.bearer = again.access_token;
      return { me: await this.fetchMe(client), transport: 'bearer' };
    }
  }

  private async fetchMe(client: CarstrelClient): Promise<MeResult> {
    return (await client.get<MeResult>('/external/auth/me')).data;
  }
}

/**
 * The credentials were right, but the browser refused the proxy's session cookie and this
 * deployment hands out no bearer token (`CARSTREL_BEARER_FALLBACK` off, the default).
 */
export class SessionCookieRefused extends CarstrelApiError {
  constructor() {
    super(401, {
      statusCode: 401,
      message: 'The browser refused the session cookie.',
      error: 'Unauthorized',
      timestamp: new Date().toISOString(),
    });
  }
}

const STORE_KEY = Symbol.for('carstrel.session');

/** The page's one session store (shared even by two copies of the bundle on the page). */
export function session(): SessionStore {
  const g = globalThis as unknown as Record<symbol, SessionStore | undefined>;
  return (g[STORE_KEY] ??= new SessionStore());
}
