// Opens a drill's HTML report (a file) with Debian's chromium and prints, as JSON, what an operator
// sees there: the page title, the visible text of the banner (PASSED/FAILED and the verdict), and
// the names in the steps table. Saves a full-page screenshot.
//
//   node drill-report.mjs /path/report.html shot.png
//
// Exits non-zero only if the page cannot be opened at all. playwright-core comes from
// deploy/install-browser-driver.sh.
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [file, screenshot] = process.argv.slice(2);
if (!file || !screenshot) {
  console.error('usage: node drill-report.mjs REPORT.html SCREENSHOT.png');
  process.exit(2);
}
const cache = process.env.LIFEBOAT_CACHE
  || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'lifeboat');
let chromium;
try {
  ({ chromium } = createRequire(join(cache, 'node', 'noop.js'))('playwright-core'));
} catch (e) {
  console.error(`playwright-core not found under ${cache}/node: run deploy/install-browser-driver.sh (${e.message})`);
  process.exit(3);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests = [];
  page.on('request', (request) => { if (!request.url().startsWith('file:')) requests.push(request.url()); });
  await page.goto(pathToFileURL(file).href, { timeout: 20_000 });
  const text = await page.locator('body').innerText();
  const found = {
    title: await page.title(),
    firstLines: text.split('\n').map((l) => l.trim()).filter((l) => l).slice(0, 6),
    text,
    externalRequests: requests,
  };
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify(found));
} finally {
  await browser.close();
}
