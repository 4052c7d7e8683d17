import { startBuiltProxy } from './test/e2e/support.ts';
import { chromium } from 'playwright-core';
import { CHROME_ARGS } from './test/helpers/chrome.ts';
const proxy = await startBuiltProxy({});
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROME_ARGS, headless: true });
for (const path of ['/', '/?vehicle=xss-img-in-description', '/inventory-rentals.html', '/vehicle.html?vehicle=xss-script-in-name', '/hostile-theme.html?vehicle=xss-javascript-media-url']) {
  const page = await browser.newPage();
  page.on('response', (r) => r.status() >= 400 && console.log(path, r.status(), r.url()));
  page.on('pageerror', (e) => console.log(path, 'pageerror', String(e)));
  page.on('dialog', (d) => { console.log(path, 'DIALOG', d.message()); void d.dismiss(); });
  await page.goto(proxy.url + path);
  await page.waitForTimeout(2500);
  await page.close();
}
await browser.close(); await proxy.stop();
