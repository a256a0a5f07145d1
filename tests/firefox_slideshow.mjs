// The slideshow's USB copy in Firefox (the system's firefox-esr, driven by puppeteer-core over WebDriver BiDi;
// nothing is downloaded): tests/test_slideshow_firefox.py runs it and checks what it prints.
//
//   node tests/firefox_slideshow.mjs FIREFOX file:///…/trinh-chieu/index.html SCREENSHOT.png
//
// Prints one JSON object: the slides shown as the keys were pressed, the pictures and fonts as Firefox loaded
// them, what the presenter's window showed, every request that did not go to the file system, and every error
// of the pages. Every wait is for a condition; the timeout only bounds a failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const [firefox, address, screenshot] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), 'vinhdanh-firefox-'));
const browser = await puppeteer.launch({
  browser: 'firefox', executablePath: firefox, headless: true, userDataDir: profile,
  // No updates, telemetry or remote settings: the page's own requests are the only ones.
  extraPrefsFirefox: { 'network.proxy.type': 0, 'app.update.enabled': false, 'toolkit.telemetry.enabled': false },
});
const offsite = [];
const errors = [];
function watch(page, name) {
  page.on('request', (request) => { if (!request.url().startsWith('file:')) offsite.push(request.url()); });
  page.on('pageerror', (error) => errors.push(`${name}: ${error}`));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(`${name}: ${message.text()}`); });
  return page;
}
const shown = (page) => page.evaluate(
  () => [...document.querySelectorAll('[data-vd-slide]')].filter((s) => !s.hidden).map((s) => s.id).join());

try {
  const hall = watch(await browser.newPage(), 'hall');
  await hall.setViewport({ width: 1920, height: 1080 });
  await hall.goto(address, { waitUntil: 'load' });
  await hall.waitForFunction(() => [...document.images].every((i) => i.complete), { timeout: 60000 });
  await hall.evaluate(() => document.fonts.ready);
  const pictures = await hall.evaluate(() => [...document.images].map((i) => [i.getAttribute('src'), i.naturalWidth]));
  const fonts = await hall.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded')
    .map((f) => `${f.family.replaceAll('"', '')} ${f.weight}`));
  const total = await hall.$$eval('[data-vd-slide]', (slides) => slides.length);

  const presenter = watch(await browser.newPage(), 'presenter');
  await presenter.setViewport({ width: 1280, height: 800 });
  await presenter.goto(`${address}?nguoi-trinh-bay#trang-1`, { waitUntil: 'load' });
  await hall.bringToFront();

  const seen = [await shown(hall)];
  for (let number = 2; number <= total; number += 1) {
    await hall.keyboard.press(number % 2 ? 'ArrowRight' : 'PageDown');
    seen.push(await shown(hall));
  }
  await presenter.waitForFunction(
    (last) => document.querySelector('[data-vd-now]').textContent.startsWith(`trang ${last}/`), { timeout: 60000 }, total);
  const presenterNow = await presenter.$eval('[data-vd-now]', (now) => now.textContent.trim());
  const lastName = await hall.$eval(`#trang-${total} h2`, (name) => name.textContent.trim());
  await hall.keyboard.press('Home');
  const home = await shown(hall);
  await hall.keyboard.press('ArrowRight');
  await hall.reload({ waitUntil: 'load' });
  const afterReload = await shown(hall);
  await hall.screenshot({ path: screenshot });

  console.log(JSON.stringify({ total, seen, home, afterReload, presenterNow, lastName, pictures, fonts, offsite, errors }));
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
