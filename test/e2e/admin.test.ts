/**
 * The dealer console in Chromium, against the built proxy with its embedded sandbox and a dealer
 * webhook started here: sign in (a wrong password first), search a customer, edit tags and VIP,
 * see a lead the webhook refuses, and deliver it with "Retry now".
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startWebhook, type WebhookReceiver } from '../node/proxy/sinks-fakes.js';
import { launchChromium, startBuiltProxy, type RunningProxy } from './support.js';

const PASSWORD = 'correct horse battery staple';

describe('the dealer console (/admin)', () => {
  let proxy: RunningProxy;
  let browser: Browser;
  let hook: WebhookReceiver;
  let page: Page;

  before(async () => {
    hook = await startWebhook();
    hook.fallback = 500;
    proxy = await startBuiltProxy({
      CARSTREL_ADMIN_PASSWORD: PASSWORD,
      CARSTREL_RATE_LIMIT: 'off',
      CARSTREL_LOG: 'off',
      CARSTREL_LEAD_WEBHOOK: hook.url,
      CARSTREL_LEAD_WEBHOOK_SECRET: 'whsec_test_0123456789abcdef',
    });
    browser = await launchChromium();
    page = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
    await proxy?.stop();
    await hook?.close();
  });

  test('signs in after a wrong password, announced as an alert', async () => {
    await page.goto(`${proxy.url}/admin`);
    const password = page.getByLabel('Password');
    await password.fill('not the password');
    await password.press('Enter');
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: 'Wrong password' }).waitFor();
    assert.equal(await password.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement), true);
    await password.fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'carstrel_admin');
    assert.ok(session?.httpOnly, 'httpOnly');
    assert.equal(session?.sameSite, 'Strict');
    assert.equal(await page.evaluate(() => document.cookie.includes('carstrel_admin')), false);
  });

  test('searches a customer and edits tags and VIP, saved upstream', async () => {
    await page.getByLabel('Search by name or email').fill('jane.doe');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const open = page.getByRole('button', { name: 'Open Jane Doe' });
    await open.waitFor();
    await open.click();
    await page.getByRole('heading', { name: 'Customer Jane Doe' }).waitFor();
    await page.getByLabel('Tags').fill('weekend, hybrid, weekend');
    const vip = page.getByLabel('VIP customer');
    if (!(await vip.isChecked())) await vip.check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Changes saved.' }).waitFor();
    const stored = await page.evaluate(async () => {
      const list = await (await fetch('/admin/api/customers?search=jane.doe')).json();
      const c = await (await fetch(`/admin/api/customers/${list.data.data[0].id}`)).json();
      return { tags: c.data.tags, vip: c.data.classification.isVip };
    });
    assert.deepEqual(stored, { tags: ['weekend', 'hybrid'], vip: true });
    await page.getByRole('button', { name: 'Back to customers' }).click();
    await page.getByRole('button', { name: 'Open Jane Doe' }).waitFor();
  });

  test('shows a lead the webhook refuses, and "Retry now" delivers it', { timeout: 60_000 }, async () => {
    const lead = await fetch(`${proxy.url}/external/contact/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'e2e-admin-lead-0001' },
      body: JSON.stringify({ name: 'Grace Hopper', email: 'grace@example.com', message: 'Call me back' }),
    });
    assert.ok(lead.status < 300);
    await page.getByRole('button', { name: 'Lead outbox' }).click();
    const row = page.locator('tr[data-reference]').filter({ hasText: 'contact' }).first();
    const webhook = row.locator('li[data-sink="webhook"]');
    for (let i = 0; i < 30 && !/last error/.test((await webhook.textContent().catch(() => '')) ?? ''); i++) {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.waitForTimeout(300);
    }
    assert.match((await webhook.textContent()) ?? '', /webhook: Pending.*last error: .*500/);
    hook.fallback = 200;
    await page.getByRole('button', { name: 'Retry now' }).click();
    await page.getByRole('status').filter({ hasText: 'Retrying every waiting lead now.' }).waitFor();
    for (let i = 0; i < 20 && !/Delivered/.test((await webhook.textContent()) ?? ''); i++) {
      await page.waitForTimeout(300);
      await page.getByRole('button', { name: 'Refresh' }).click();
    }
    assert.match((await webhook.textContent()) ?? '', /webhook: Delivered/);
    assert.equal(hook.accepted().filter((h) => h.body.includes('grace@example.com')).length, 1);
  });

  test('shows the statistics and the health check in French, without the key', async () => {
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('button', { name: 'Statistiques' }).click();
    await page.getByRole('heading', { name: 'Statistiques clients' }).waitFor();
    await page.getByRole('button', { name: 'État et configuration' }).click();
    await page.getByRole('heading', { name: 'Vérification de la configuration' }).waitFor();
    const text = await page.locator('carstrel-admin').evaluate((el) => el.shadowRoot?.innerHTML ?? '');
    assert.doesNotMatch(text, /sk_test_sandbox|whsec_test/);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByLabel('Mot de passe').waitFor();
    const after = await page.evaluate(async () => (await fetch('/admin/api/stats')).status);
    assert.equal(after, 401);
  });
});
