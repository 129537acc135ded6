// Opens a page of the Temporal web UI with Debian's chromium and waits for a text to appear in it
// (the run's input, decoded by the UI through Lifeboat's codec endpoint). Prints {"found": bool,
// "codecCalls": n, "errors": [...]} as JSON; saves a screenshot.
//
//   node web-ui-text.mjs WORKFLOW_RUN_URL TEXT shot.png
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

const [url, text, screenshot] = process.argv.slice(2);
if (!url || !text || !screenshot) {
  console.error('usage: node web-ui-text.mjs WORKFLOW_RUN_URL TEXT SCREENSHOT.png');
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
const found = { found: false, codecCalls: 0, errors: [] };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.on('response', (r) => { if (r.url().includes('/codec/decode') && r.ok()) found.codecCalls++; });
  await page.goto(url, { timeout: 20_000 });
  try {
    await page.getByText(text, { exact: false }).first().waitFor({ state: 'attached', timeout: 30_000 });
    found.found = true;
  } catch (e) {
    found.errors.push(e.message.split('\n')[0]);
  }
  await page.screenshot({ path: screenshot, fullPage: true });
} finally {
  await browser.close();
}
console.log(JSON.stringify(found));
