/** Sandbox-only routes (no key; never forwarded by the proxy): journal, faults, reset. */
import { Hono } from 'hono';
import type { SandboxContext, SandboxEnv } from '../context.js';
import { errors } from '../errors.js';
import { json } from '../http.js';
import { journal, type JournalScope } from '../journal.js';
import { jsonBody } from '../middleware.js';
import { check, faultsBody } from '../validation.js';

/** `?dealer=<id|slug>` or `?key=<api key>` narrows the journal to one dealer. */
function journalScope(c: SandboxContext): JournalScope {
  const { keys, store } = c.var.sandbox;
  const params = new URL(c.req.url).searchParams;
  const dealer = params.get('dealer');
  const key = params.get('key');
  if (key !== null) {
    const k = keys.get(key);
    if (!k) throw errors.badJournalScope('key');
    return { dealerId: k.dealerId, environment: k.environment };
  }
  if (dealer !== null) {
    const d = store.allDealers().find((x) => x.id === dealer || x.slug === dealer);
    if (!d) throw errors.badJournalScope('dealer');
    return { dealerId: d.id };
  }
  return {};
}

/** `/_sandbox`: GET journal, GET|POST faults, POST reset. */
export const sandboxOnly = new Hono<SandboxEnv>()
  .get('/journal', (c) => json(journal(c.var.sandbox.store, journalScope(c))))
  .get('/faults', (c) => json(c.var.sandbox.faults.get()))
  .post('/faults', jsonBody, (c) => json(c.var.sandbox.faults.set(check(faultsBody, c.var.body, 'field'))))
  .post('/reset', (c) => {
    c.var.sandbox.reset();
    return json({
      statusCode: 200,
      message: 'Sandbox reset: seed restored, faults, journal and rate limits cleared.',
    });
  });
