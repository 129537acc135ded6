// Opens one workflow run in the Temporal web UI (2.54) with Debian's chromium and prints, as JSON,
// what an operator sees there: the run's summary, its current details, the activity summaries in
// the event history and on the timeline, and its search attributes. Saves a full-page screenshot
// of the timeline.
//
//   node web-ui-run.mjs http://127.0.0.1:8233/namespaces/NS/workflows/ID/RUN_ID/history shot.png
//
// A part the page does not show within the wait ends up null or empty, with the reason in
// "errors"; judging that is the caller's business. Exits non-zero only if the page cannot be
// opened at all. playwright-core comes from deploy/install-browser-driver.sh.
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

const [url, screenshot] = process.argv.slice(2);
if (!url || !screenshot) {
  console.error('usage: node web-ui-run.mjs WORKFLOW_RUN_URL SCREENSHOT.png');
  process.exit(2);
}
const cache = process.env.LIFEBOAT_CACHE
  || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'lifeboat');
let chromium;
try {
  // Resolved from the cache, not from the clone: the pinned install lives outside it.
  ({ chromium } = createRequire(join(cache, 'node', 'noop.js'))('playwright-core'));
} catch (e) {
  console.error(`playwright-core not found under ${cache}/node: run deploy/install-browser-driver.sh (${e.message})`);
  process.exit(3);
}

const WAIT = 45_000; // per part; the page renders in a few seconds, slower on a loaded machine
const found = { url, workflowSummary: null, currentDetails: null, eventSummaries: [], timeline: [],
  searchAttributes: null, errors: [] };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  // No sandbox: tests run as root in containers. The rest keeps chromium from calling home.
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(url, { timeout: WAIT });

  // Each part is read from the tab that shows it, after waiting for it to render.
  const part = async (name, read) => {
    try {
      await read();
    } catch (e) {
      found.errors.push(`${name}: ${e.message.split('\n')[0]}`);
    }
  };
  const tab = (name) => page.getByRole('tablist', { name: 'workflow detail' }).getByRole('tab', { name }).click();

  await part('event history', async () => {
    const rows = page.locator('tr[data-testid="event-summary-row"]');
    // Newest first, a page of up to 100 events: a run of more events has its first on a later
    // page, so wait for the rows to appear and then to stop growing.
    await rows.first().waitFor({ timeout: WAIT });
    const until = Date.now() + WAIT;
    for (let before = -1, now = await rows.count(); now !== before && Date.now() < until;) {
      await page.waitForTimeout(500);
      [before, now] = [now, await rows.count()];
    }
    // A scheduled activity's row shows "Summary" beside its summary; the run's first event, the run's own.
    found.eventSummaries = await rows.evaluateAll((trs) => trs.flatMap((tr) => {
      const label = [...tr.querySelectorAll('p')].find((p) => p.textContent.trim() === 'Summary');
      const value = label?.nextElementSibling;
      return value && value.checkVisibility() ? [{ eventId: Number(tr.dataset.eventid), summary: value.textContent.trim() }] : [];
    }));
  });

  // Summary and current details are markdown, rendered by the UI into iframes of their own.
  const markdown = async (frame) => {
    const body = page.frameLocator(frame).locator('body');
    await body.filter({ hasText: /\S/ }).waitFor({ timeout: WAIT });
    return (await body.innerText()).trim();
  };
  await part('summary', async () => {
    await tab('User Metadata');
    found.workflowSummary = await markdown('#user-metadata-summary');
  });
  await part('current details', async () => {
    found.currentDetails = await markdown('#user-metadata-current-details');
  });

  await part('search attributes', async () => {
    await tab('Search Attributes');
    const json = page.locator('.cm-content[aria-label="Search Attributes"]');
    await json.filter({ hasText: '}' }).waitFor({ timeout: WAIT });
    found.searchAttributes = JSON.parse(await json.innerText());
  });

  await part('timeline', async () => {
    await tab('Timeline');
    // Each activity is one bar labelled "ActivityType • summary".
    const labels = page.locator('#event-history-timeline-graph span').filter({ hasText: ' • ' });
    await labels.first().waitFor({ timeout: WAIT });
    found.timeline = (await labels.allInnerTexts()).map((s) => s.trim());
  });

  await part('screenshot', async () => {
    // The UI scrolls an inner element (#content-wrapper), not the document, so a "full page"
    // screenshot would stop at the viewport: grow the viewport by what that element hides.
    const hidden = await page.locator('#content-wrapper').evaluate((e) => e.scrollHeight - e.clientHeight);
    await page.setViewportSize({ width: 1600, height: 1000 + Math.max(0, Math.min(hidden, 4000)) });
    await page.waitForTimeout(500); // the timeline lays itself out again at the new size
    await page.screenshot({ path: screenshot, fullPage: true });
  });
} finally {
  await browser.close();
}
console.log(JSON.stringify(found, null, 2));
