/**
 * carstrel-trade-in: the lead is never lost nor sent twice — sending, queued by the proxy while
 * CarStrel is down and delivered exactly once later, refused with a reason, one submission at a time.
 */
import { expect } from '@open-wc/testing';
import type { CarstrelFormErrorEvent, CarstrelLeadSubmittedEvent } from '../shared/events.js';
import { faults, until } from '../testing/browser.js';
import {
  announced,
  focused,
  freshEmail,
  freshSandboxEach,
  mountForm,
  press,
  pressSubmit,
  recordedFor,
  storedDraft,
} from '../testing/forms.js';
import { choicesLoaded, fillTradeIn } from '../testing/trade-in.js';
import './carstrel-trade-in.js';

/** Counts the contact POSTs the page makes while `run` runs (and can answer them itself). */
async function watchingPosts(run: (posts: string[]) => Promise<void>, answer?: () => Response): Promise<string[]> {
  const posts: string[] = [];
  const realFetch = window.fetch;
  window.fetch = (url, init) => {
    if (String(url).endsWith('/external/contact/submit')) {
      posts.push(new Headers(init?.headers).get('idempotency-key') ?? '');
      if (answer) return Promise.resolve(answer());
    }
    return realFetch(url, init);
  };
  try {
    await run(posts);
  } finally {
    window.fetch = realFetch;
  }
  return posts;
}

describe('carstrel-trade-in: lead delivery', () => {
  freshSandboxEach();

  it('sending: one submission at a time (Enter pressed again sends nothing more), accessible while sending', async () => {
    const el = await mountForm('carstrel-trade-in', 'sending');
    const email = freshEmail('sending');
    await fillTradeIn(el, { name: 'Ada', email });
    await faults({ latencyMs: 800 });
    const posts = await watchingPosts(async () => {
      await pressSubmit(el);
      await announced(el, /Sending/);
      expect(el.querySelector('.submit')?.getAttribute('aria-disabled')).to.equal('true');
      expect(el.querySelector('.submit')?.textContent?.trim()).to.equal('Sending…');
      await expect(el).to.be.accessible();
      await press('Enter');
      await press('Space');
      await until(() => el.querySelector('.result'), 8000, 'the confirmation');
    });
    expect(posts).to.have.length(1);
    expect(posts[0], 'sent with an Idempotency-Key').to.match(/^[0-9a-f-]{36}$/);
    expect(await recordedFor('contacts', email)).to.have.length(1);
  });

  it('upstream down: queued by the proxy (202 shown as received), then delivered exactly once when it is back', async () => {
    const el = await mountForm('carstrel-trade-in', 'queued');
    const email = freshEmail('queued');
    const submitted: CarstrelLeadSubmittedEvent[] = [];
    el.addEventListener('carstrel-lead-submitted', (e) => submitted.push(e));
    await fillTradeIn(el, { name: 'Katherine Johnson', email });
    await faults({ down: true });
    await pressSubmit(el);
    await until(() => el.querySelector('.result--queued'), 8000, 'the queued state');
    await announced(el, /saved and will be delivered automatically/);
    expect(focused()?.textContent).to.match(/Trade-in request received/);
    expect(submitted.map((e) => [e.detail.kind, e.detail.queued])).to.deep.equal([['trade-in', true]]);
    await expect(el).to.be.accessible();
    expect(await recordedFor('contacts', email), 'not delivered while upstream is down').to.have.length(0);

    await faults({ down: false });
    await until(
      async () => (await recordedFor('contacts', email)).length === 1,
      20000,
      'the queued lead to be delivered',
    );
    await new Promise((r) => setTimeout(r, 1500));
    const leads = await recordedFor('contacts', email);
    expect(leads, 'delivered exactly once').to.have.length(1);
    expect(leads[0]?.subject).to.equal('Trade-in');
    expect(String(leads[0]?.message)).to.contain('Toyota').and.contain('Corolla').and.contain('45000 km');
  });

  it('error: a refusal is shown with its reason, the draft kept; "Try again" resends with the same key, stored once', async () => {
    const el = await mountForm('carstrel-trade-in', 'error');
    const email = freshEmail('error');
    const errors: CarstrelFormErrorEvent[] = [];
    el.addEventListener('carstrel-form-error', (e) => errors.push(e));
    await fillTradeIn(el, { name: 'Alan', email });
    const refused = await watchingPosts(
      async () => {
        await pressSubmit(el);
        await announced(el, /Not sent/);
      },
      () =>
        new Response(
          JSON.stringify({ statusCode: 503, message: 'Service Unavailable', error: 'Unavailable', timestamp: '' }),
          { status: 503, headers: { 'content-type': 'application/json' } },
        ),
    );
    expect(el.querySelector('.notice--error')?.textContent).to.match(/unavailable/i);
    expect(el.querySelector('.submit')?.textContent?.trim()).to.equal('Try again');
    expect(errors.map((e) => [e.detail.kind, e.detail.status])).to.deep.equal([['trade-in', 503]]);
    const draft = storedDraft('carstrel-trade-in', 'error') as { values: Record<string, string> };
    expect(draft.values).to.include({ name: 'Alan', email, year: '2019', mileage: '45000' });
    expect(draft.values.brand, 'the car is kept too').to.match(/^[0-9a-f-]{36}$/);
    await expect(el).to.be.accessible();

    const retried = await watchingPosts(async () => {
      await pressSubmit(el);
      await until(() => el.querySelector('.result'), 8000, 'the confirmation');
    });
    expect(retried).to.deep.equal(refused);
    expect(await recordedFor('contacts', email)).to.have.length(1);
  });

  it('the reference lists come from the proxy: a second form on the page reuses them (no second request)', async () => {
    const first = await mountForm('carstrel-trade-in', 'one');
    await choicesLoaded(first, 'brand');
    const requests: string[] = [];
    const realFetch = window.fetch;
    window.fetch = (url, init) => {
      requests.push(String(url));
      return realFetch(url, init);
    };
    try {
      const second = await mountForm('carstrel-trade-in', 'two');
      await choicesLoaded(second, 'brand');
    } finally {
      window.fetch = realFetch;
    }
    expect(requests.filter((u) => u.includes('/external/brands'))).to.have.length(0);
  });
});
