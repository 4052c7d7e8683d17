/** Every refusal of the dealer console, in the CarStrel error envelope (lib/errors.ts `Refusal`). */
import { Refusal } from '../lib/errors.js';

export const adminRefuse = {
  disabled: (method: string, path: string) =>
    new Refusal(
      404,
      `Unrecognized request URL (${method} ${path}). The dealer console is off: set CARSTREL_ADMIN_PASSWORD_HASH (or CARSTREL_ADMIN_PASSWORD) on the proxy to turn it on.`,
    ),
  noTenant: () =>
    new Refusal(
      404,
      'This proxy serves several dealers: open the console of one of them at /d/<dealer id>/admin (or on a host listed for the dealer).',
    ),
  signIn: () => new Refusal(401, 'Sign in to the dealer console first (POST /admin/session with the password).'),
  wrongPassword: () => new Refusal(401, 'Wrong password. Check it and try again.'),
  foreignOrigin: (origin: string) =>
    new Refusal(
      403,
      `The dealer console accepts changes only from its own pages, not from ${origin}. Open the console at this proxy's /admin.`,
    ),
  invalid: (where: string, problem: string) => new Refusal(400, `${where} ${problem}.`),
  noOutbox: () =>
    new Refusal(404, 'The lead outbox of this runtime cannot be listed here; see GET /healthz for its counts.'),
  outboxUnreachable: () =>
    new Refusal(503, 'The lead outbox cannot be reached right now; no lead is lost. Try again in a moment.', {
      'retry-after': '5',
    }),
};
