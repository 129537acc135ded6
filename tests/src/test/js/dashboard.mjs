// Uses Lifeboat's dashboard as two people would, in Debian's chromium at 1280x800, and prints as
// JSON what the page showed at each stage:
//   1. the page asks for a token; the starter of a runbook run logs in;
//   2. the target's row, a target whose last backup failed, every target's storage cell, the run
//      waiting for its approval, and the approval card;
//   3. the starter approves their own run: the page shows the server's refusal;
//   4. the starter logs out, the approver logs in and approves; the run goes on to its end live;
//   5. the run's timeline and report, the drills with their RTO/RPO chart, the banner of
//      notifications failing;
//   6. a backup of $LIVE_TARGET started through the API shows running, then completed, without a reload;
//      and a screenshot.
// Console errors, uncaught page errors and answers of 400 and above are collected throughout.
//
//   LIVE_TARGET=LIVE node dashboard.mjs http://127.0.0.1:PORT/dashboard/ TARGET FAILED_TARGET RUNBOOK STARTER_TOKEN APPROVER_TOKEN shot.png
//
// A stage the page does not reach within the wait ends the walk, with the reason in "errors";
// judging what was found is the caller's business. Exits non-zero only if the page cannot be opened
// at all. playwright-core comes from deploy/install-browser-driver.sh.
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

const [url, target, failedTarget, runbook, starterToken, approverToken, screenshot] = process.argv.slice(2);
if (!screenshot) {
  console.error('usage: node dashboard.mjs DASHBOARD_URL TARGET FAILED_TARGET RUNBOOK STARTER_TOKEN APPROVER_TOKEN SCREENSHOT.png');
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

const WAIT = 30_000;
const found = { loginAsked: false, targetRow: null, failedTargetRow: null, storage: {}, waitingRun: null, approvalCard: null, starterRefusal: null,
  approverAnswer: null, finishedRun: null, timeline: [], report: null, webUiLink: null, consoleErrors: [], failedRequests: [],
  pageErrors: [], errors: [] };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (message) => {
    if (message.type() === 'error') found.consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => found.pageErrors.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) found.failedRequests.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  await page.goto(url, { timeout: WAIT });

  const stage = async (name, act, always = false) => {
    if (found.errors.length && !always) return; // later stages build on earlier ones
    try {
      await act();
    } catch (e) {
      found.errors.push(`${name}: ${e.message.split('\n')[0]}`);
    }
  };
  const logIn = async (token) => {
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Log in' }).click();
  };
  const card = page.locator('.approval').filter({ hasText: runbook });
  const runRow = page.locator(`#runs tbody tr[data-run^="runbook:${runbook}:"]`);
  const answer = page.locator('#approval-answer');

  await stage('login asked', async () => {
    await page.getByLabel('API token').waitFor({ state: 'visible', timeout: WAIT });
    found.loginAsked = true;
    await logIn(starterToken);
  });
  await stage('target shown', async () => {
    const row = page.locator(`#targets tbody tr[data-target="${target}"]`);
    await row.filter({ hasText: 'fresh' }).waitFor({ timeout: WAIT });
    found.targetRow = (await row.innerText()).replace(/\s+/g, ' ').trim();
    const failed = page.locator(`#targets tbody tr[data-target="${failedTarget}"]`);
    await failed.filter({ hasText: 'backup failed' }).waitFor({ timeout: WAIT });
    found.failedTargetRow = (await failed.innerText()).replace(/\s+/g, ' ').trim();
    for (const row of await page.locator('#targets tbody tr[data-target]').all()) {
      found.storage[await row.getAttribute('data-target')] = (await row.locator('td.storage').innerText()).replace(/\s+/g, ' ').trim();
    }
  });
  await stage('run waiting', async () => {
    await card.waitFor({ timeout: WAIT });
    found.approvalCard = (await card.innerText()).replace(/\s+/g, ' ').trim();
    await runRow.filter({ hasText: 'waiting' }).waitFor({ timeout: WAIT });
    found.waitingRun = (await runRow.innerText()).replace(/\s+/g, ' ').trim();
    found.webUiLink = await runRow.getByRole('link', { name: 'Temporal' }).getAttribute('href');
  });
  await stage('starter refused', async () => {
    await card.getByLabel('Reason').fill('I started it and I approve it');
    await card.getByRole('button', { name: 'Approve' }).click();
    await answer.filter({ hasText: 'Refused' }).waitFor({ timeout: WAIT });
    found.starterRefusal = (await answer.innerText()).trim();
  });
  await stage('approver approves', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await logIn(approverToken);
    await card.waitFor({ timeout: WAIT });
    await card.getByLabel('Reason').fill('checked the backup');
    await card.getByRole('button', { name: 'Approve' }).click();
    await answer.filter({ hasText: 'accepted' }).waitFor({ timeout: WAIT });
    found.approverAnswer = (await answer.innerText()).trim();
  });
  await stage('run finished', async () => {
    await runRow.filter({ hasText: /completed|succeeded/ }).waitFor({ timeout: WAIT });
    found.finishedRun = (await runRow.innerText()).replace(/\s+/g, ' ').trim();
    await card.waitFor({ state: 'detached', timeout: WAIT });
  });
  await stage('run page', async () => {
    await runRow.getByRole('button').click();
    const report = page.locator('#run-report');
    await report.filter({ hasText: 'SUCCEEDED' }).waitFor({ timeout: WAIT });
    found.report = await report.innerText();
    found.timeline = (await page.locator('#run-timeline li').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());
  });
  await stage('drills', async () => {
    await page.locator('#drills tbody tr[data-drill]').first().waitFor({ timeout: WAIT });
    found.drillRows = (await page.locator('#drills tbody tr[data-drill]').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());
    found.chartPoints = await page.locator('#drill-chart circle').count();
    found.chartMissed = await page.locator('#drill-chart circle.missed').count();
  });
  await stage('notifications failing', async () => {
    const failure = page.locator('#notifications-failing li[data-channel]').first();
    await failure.waitFor({ timeout: WAIT });
    found.notificationFailure = (await failure.innerText()).replace(/\s+/g, ' ').trim();
  });
  // 6. A backup started through the API while the page is open (LIVE_TARGET, as the starter, an operator): the runs
  //    table shows it running, then completed, by the page's own polling; a mark set on the window before is still
  //    there after, so the page was not reloaded.
  await stage('live backup', async () => {
    const liveTarget = process.env.LIVE_TARGET;
    if (!liveTarget) throw new Error('LIVE_TARGET names no target to back up');
    await page.evaluate(() => { window.liveBackupMark = true; });
    const started = await page.request.post(new URL(`/api/v1/targets/${encodeURIComponent(liveTarget)}/backups`, url).href,
      { headers: { Authorization: `Bearer ${starterToken}` }, data: { reason: 'watched live from the dashboard' } });
    if (started.status() !== 202) throw new Error(`starting a backup of ${liveTarget} answered ${started.status()}: ${await started.text()}`);
    found.liveBackupRun = (await started.json()).runId;
    const row = page.locator(`#runs tbody tr[data-run="${found.liveBackupRun}"]`);
    await row.filter({ hasText: 'running' }).waitFor({ timeout: WAIT });
    found.liveBackupRunning = (await row.innerText()).replace(/\s+/g, ' ').trim();
    await row.filter({ hasText: 'completed' }).waitFor({ timeout: WAIT });
    found.liveBackupDone = (await row.innerText()).replace(/\s+/g, ' ').trim();
    found.liveBackupSamePage = await page.evaluate(() => window.liveBackupMark === true);
  });
  await stage('screenshot', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshot, fullPage: true });
  }, true);
} finally {
  await browser.close();
}
console.log(JSON.stringify(found, null, 2));
