/**
 * Customer sessions and the engines' cookie policies. On the proxy's own site the login is held in
 * the proxy's httpOnly cookie and survives a reload. On a dealer site of another domain the cookie
 * is a third-party one: WebKit (Safari) blocks third-party cookies by default, and no engine sends
 * a SameSite=Lax cookie across sites. By default the login then says the browser blocked its cookie;
 * a deployment with `CARSTREL_BEARER_FALLBACK=on` falls back to a bearer token held in memory
 * (README, "Customer sessions"): the login works, no script can read a token from storage, and a
 * reload asks the shopper to log in again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { e2eEngines, ERROR_COLLECTOR, label, launch, type E2EBrowser, type E2EPage } from './browsers.js';
import { DealerSite, startBuiltProxy, type RunningProxy } from './support.js';

const DEMO = { email: 'jane.doe@example.com', password: 'password123' };
/** Another site than the proxy (127.0.0.1): `localhost`. */
const site = await DealerSite.reserve();
const DEALER = site.origin;

const LOGIN_FORM = 'carstrel-login [role="tabpanel"][id$="-panel-login"]';

async function logIn(page: E2EPage): Promise<void> {
  await page.waitForSelector(`${LOGIN_FORM} input[name="email"]`);
  await page.type(`${LOGIN_FORM} input[name="email"]`, DEMO.email);
  await page.press('Tab');
  await page.type(`${LOGIN_FORM} input[name="password"]`, DEMO.password);
  await page.press('Enter');
  await page.waitForSelector('carstrel-login .account');
}

/** JWTs page JavaScript could read (cookies, local and session storage). */
const readableJwts = (page: E2EPage) =>
  page.evaluate(() =>
    [document.cookie, ...Object.values({ ...localStorage }), ...Object.values({ ...sessionStorage })].flatMap(
      (p) => String(p).match(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g) ?? [],
    ),
  );

for (const engine of e2eEngines()) {
  const name = label(engine);
  describe(`customer sessions in ${name}`, () => {
    let proxy: RunningProxy;
    /** A deployment that enables the bearer fallback (off by default). */
    let bearerProxy: RunningProxy;
    let browser: E2EBrowser;

    before(async () => {
      proxy = await startBuiltProxy({ CARSTREL_ALLOWED_ORIGINS: DEALER });
      bearerProxy = await startBuiltProxy({ CARSTREL_ALLOWED_ORIGINS: DEALER, CARSTREL_BEARER_FALLBACK: 'on' });
      await site.start((req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dealer account</title>${ERROR_COLLECTOR}
          <script src="${req.url?.startsWith('/bearer/') ? bearerProxy.url : proxy.url}/carstrel.js" async></script></head>
          <body><h1>Your account</h1><carstrel-login></carstrel-login></body></html>`,
        );
        return true;
      });
      browser = await launch(engine);
    });
    after(async () => {
      await browser?.close();
      await proxy?.stop();
      await bearerProxy?.stop();
      await site.close();
    });

    test(`${name}: on the proxy's own site the login is an httpOnly cookie session that survives a reload`, async () => {
      const page = await browser.newPage();
      await page.goto(`${proxy.url}/`);
      await logIn(page);
      assert.deepEqual(await readableJwts(page), [], 'no token readable by page JavaScript');
      await page.goto(`${proxy.url}/`);
      await page.waitForSelector('carstrel-login .account');
      assert.match(await page.text('carstrel-login .account'), /Jane|jane\.doe/i);
      await page.close();
    });

    test(`${name}: on a dealer site of another domain, by default, the login says the browser blocked its cookie`, async () => {
      const page = await browser.newPage();
      await page.goto(`${DEALER}/account/`);
      await page.waitForSelector(`${LOGIN_FORM} input[name="email"]`);
      await page.type(`${LOGIN_FORM} input[name="email"]`, DEMO.email);
      await page.press('Tab');
      await page.type(`${LOGIN_FORM} input[name="password"]`, DEMO.password);
      await page.press('Enter');
      await page.waitFor(
        () => /blocked this site.s sign-in cookie/.test(document.querySelector('carstrel-login')?.textContent ?? ''),
        undefined,
        15_000,
        'the blocked-cookie message',
      );
      assert.equal(await page.count('carstrel-login .account'), 0, 'not logged in');
      assert.deepEqual(await readableJwts(page), [], 'no token readable by page JavaScript');
      await page.close();
    });

    test(`${name}: on a dealer site of another domain (third-party cookies: blocked by default in WebKit) login works through the in-memory bearer fallback where the deployment enables it`, async () => {
      const page = await browser.newPage();
      await page.goto(`${DEALER}/bearer/account/`);
      await logIn(page);
      assert.match(await page.text('carstrel-login .account'), /Jane|jane\.doe/i);
      assert.deepEqual(await readableJwts(page), [], 'the fallback token is never written to storage');
      // The token lived in the page's memory only: a reload shows the login form again.
      await page.goto(`${DEALER}/bearer/account/`);
      await page.waitForSelector(`${LOGIN_FORM} input[name="email"]`);
      assert.equal(await page.count('carstrel-login .account'), 0, 'not logged in after a reload');
      // Firefox reports its refusal of the cross-site cookie as an error: the refusal this test is about.
      const refusal = /Cookie .carstrel_session. has been rejected because it is in a cross-site context/;
      assert.deepEqual(
        (await page.errors())?.filter((e) => !refusal.test(e)),
        [],
      );
      await page.close();
    });
  });
}
