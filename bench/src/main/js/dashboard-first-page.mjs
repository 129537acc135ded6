// Opens Lifeboat's dashboard LOADS times, each in a fresh browser context (nothing cached, no
// token: the API runs without tokens), and prints per load, one line each, the milliseconds from
// navigation start until the page has drawn its first refresh (its "updated" line is set once
// targets, runs and drills are on the page). Used by io.lifeboat.bench.DashboardBenchmark.
//
//   node dashboard-first-page.mjs http://127.0.0.1:PORT/dashboard/ LOADS
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

const [url, loads = '5'] = process.argv.slice(2);
if (!url) {
  console.error('usage: node dashboard-first-page.mjs DASHBOARD_URL [LOADS]');
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
  for (let i = 0; i < Number(loads); i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // Noted by the page itself the moment the line is set, not when a poll from here sees it.
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        const updated = document.getElementById('updated');
        if (updated && updated.textContent.startsWith('updated')) {
          window.firstDrawnMs = performance.now();
          observer.disconnect();
        }
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.goto(url, { timeout: 60_000 });
    await page.waitForFunction(() => window.firstDrawnMs !== undefined, null, { timeout: 60_000 });
    console.log(await page.evaluate(() => window.firstDrawnMs));
    await context.close();
  }
} finally {
  await browser.close();
}
