/**
 * Fills the contact fields from the logged-in customer (`carstrel-login`, shared session), never
 * over what the shopper typed, and takes them back on logout unless the shopper edited them
 * (shared computers). The proxy is asked only when this browser logged in here before, so an
 * anonymous shopper costs no session check.
 */
import type { ReactiveControllerHost } from 'lit';
import type { CarstrelClient } from '../api/client.js';
import type { CustomerUser } from '../api/types.js';
import type { FormController } from '../forms/form-controller.js';
import type { Values } from '../forms/form-options.js';
import { SessionController } from '../login/session-controller.js';
import type { SessionState } from '../login/session.js';

/** The contact fields an account fills. */
function accountValues(user: CustomerUser): Values {
  return {
    name: [user.firstName, user.lastName].filter(Boolean).join(' '),
    email: user.email,
    phone: user.phone?.mobile ?? '',
  };
}

export class AccountPrefill {
  /** The customer's session, as the form last saw it. */
  readonly session: SessionController;

  /** What was filled in from the account (taken back on logout unless edited). */
  private fromAccount: Values = {};

  constructor(
    host: ReactiveControllerHost,
    private readonly form: FormController<unknown>,
    client: () => CarstrelClient,
  ) {
    this.session = new SessionController(host, {
      client,
      restore: 'if-hinted',
      onChange: (state) => this.onSessionChange(state),
    });
  }

  /** Some field shows the account's data (the form says so). */
  get prefilled(): boolean {
    return Object.keys(this.fromAccount).length > 0;
  }

  private onSessionChange(state: SessionState): void {
    if (state.status === 'anonymous') {
      this.form.unfill(this.fromAccount);
      this.fromAccount = {};
      return;
    }
    if (state.status !== 'authenticated' || !state.user) return;
    const account = accountValues(state.user);
    const before = { ...this.form.values };
    this.form.prefill(account);
    this.fromAccount = Object.fromEntries(Object.entries(account).filter(([k, v]) => v && !before[k]));
  }
}
