// Lifeboat's dashboard: reads the API every few seconds and shows targets, approvals waiting,
// runs with their steps, a run's report and the drills. No build step and nothing loaded from
// elsewhere: plain modules, DOM built with textContent (never HTML from data).
//
// The token lives in sessionStorage: it is gone when the tab closes, and every data call sends it
// as "Authorization: Bearer <token>". Without tokens configured (an API on loopback only) the page
// asks for none.

const POLL_MS = 3000;
const SLOW_EVERY = 5; // each target's last backup run: every 5th poll
const RUNS_SHOWN = 25;
const LIVE_RUNS = 10; // running runs whose steps are fetched on each poll
const TOKEN_KEY = 'lifeboat.token';

const state = {
  tokensRequired: true,
  temporal: null,
  polls: 0,
  timer: null,
  selected: null, // run id shown in the run section
  lastBackupRuns: new Map(),
};

const $ = (id) => document.getElementById(id);

/** Refused calls, shown as one line; a 401 sends the operator back to the token field. */
class ApiRefusal extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

async function call(path, { method = 'GET', body, text = false } = {}) {
  const headers = { Accept: text ? 'text/markdown' : 'application/json' };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const answer = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!answer.ok) {
    let message = `${method} ${path} answered ${answer.status}`;
    try {
      const problem = await answer.json();
      if (problem.error) message = problem.hint ? `${problem.error} — ${problem.hint}` : problem.error;
    } catch {
      // not an API error body: the status line says enough
    }
    throw new ApiRefusal(answer.status, message);
  }
  return text ? answer.text() : answer.json();
}

// ---------- small formatting helpers ----------

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

/** A status badge: the word is always there; the colour only repeats it. */
function badge(text, tone) {
  return el('span', { class: `status ${tone}`, text });
}

/** ISO-8601 duration (P90D, PT1H30M, PT12.5S) in milliseconds; null when absent or unreadable. */
function durationMs(iso) {
  if (!iso) return null;
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(iso);
  if (!m) return null;
  const [, d = 0, h = 0, min = 0, s = 0] = m;
  return ((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60000 + Number(s) * 1000;
}

function humanMs(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

function ago(instant) {
  if (!instant) return '—';
  return `${humanMs(Date.now() - Date.parse(instant))} ago`;
}

function time(instant) {
  if (!instant) return el('span', { text: '—' });
  return el('time', { datetime: instant, title: instant, text: ago(instant) });
}

function bytes(n) {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** "backup:shop/5f1c…" → ["backup:shop", "5f1c…"] */
function splitRunId(runId) {
  const slash = runId.lastIndexOf('/');
  return [runId.slice(0, slash), runId.slice(slash + 1)];
}

/** The runbook a runbook run belongs to, from its workflow id "runbook:<name>:<key>". */
function runbookOf(runId) {
  const [workflowId] = splitRunId(runId);
  const parts = workflowId.split(':');
  return parts[0] === 'runbook' && parts.length >= 3 ? parts[1] : null;
}

function temporalLink(runId) {
  if (!state.temporal || !state.temporal.webUi) return null;
  const [workflowId, temporalRunId] = splitRunId(runId);
  const href = `${state.temporal.webUi}/namespaces/${encodeURIComponent(state.temporal.namespace)}/workflows/`
    + `${encodeURIComponent(workflowId)}/${encodeURIComponent(temporalRunId)}/history`;
  return el('a', { href, target: '_blank', rel: 'noopener', text: 'Temporal', title: `${workflowId} in the Temporal web UI` });
}

function stepTone(stepState) {
  switch (stepState) {
    case 'DONE': case 'RECORDED': return 'ok';
    case 'FAILED': return 'bad';
    case 'WAITING': case 'RUNNING': return 'warn';
    default: return 'idle';
  }
}

function runTone(status) {
  switch (status) {
    case 'COMPLETED': case 'SUCCEEDED': return 'ok';
    case 'FAILED': case 'ABORTED': case 'CANCELED': case 'TERMINATED': case 'TIMED_OUT': return 'bad';
    case 'WAITING': case 'RUNNING': case 'STARTING': case 'COMPENSATING': return 'warn';
    default: return 'idle';
  }
}

// ---------- targets ----------

/** fresh, near RPO (older than three quarters of it), RPO breached, or never backed up. */
function freshness(target) {
  const rpo = durationMs(target.objectives && target.objectives.rpo);
  if (!target.newestBackup) return badge('no backup', 'bad');
  if (target.rpoBreached) return badge('RPO breached', 'bad');
  const age = target.newestBackup.ageSeconds * 1000;
  if (rpo !== null && age > rpo * 0.75) return badge('near RPO', 'warn');
  return badge('fresh', 'ok');
}

function lastDrill(drill) {
  if (!drill) return el('span', { text: 'drills off' });
  const parts = [];
  if (drill.drillId) parts.push(badge(drill.passed ? 'passed' : 'failed', drill.passed ? 'ok' : 'bad'), ' ', time(drill.startedAt));
  else parts.push(badge('never drilled', 'warn'));
  if (drill.overdue) parts.push(' ', badge('overdue', 'bad'));
  const cell = el('span', { title: drill.problem || drill.verdict || '' });
  cell.append(...parts);
  return cell;
}

function lastBackupRun(name) {
  const run = state.lastBackupRuns.get(name);
  if (!run) return el('span', { text: '—' });
  const cell = el('span', { title: run.error || '' }, badge(run.status === 'FAILED' ? 'backup failed' : run.status.toLowerCase(),
    runTone(run.status)), ' ', time(run.startedAt));
  if (run.status === 'FAILED' && run.error) cell.append(el('div', { class: 'detail', text: run.error }));
  return cell;
}

function renderTargets(targets) {
  const body = $('targets').tBodies[0];
  body.replaceChildren(...targets.map((t) => el('tr', { 'data-target': t.name },
    el('th', { scope: 'row', text: t.name }),
    el('td', { text: t.kind }),
    el('td', {}, freshness(t)),
    el('td', {}, t.newestBackup ? time(t.newestBackup.recoveryPoint) : el('span', { text: 'none' })),
    el('td', { text: t.objectives && t.objectives.rpo ? humanMs(durationMs(t.objectives.rpo)) : '—' }),
    el('td', {}, t.newestVerifiedBackup ? time(t.newestVerifiedBackup.verifiedAt || t.newestVerifiedBackup.recoveryPoint)
      : badge('never verified', 'warn')),
    el('td', {}, lastBackupRun(t.name)),
    el('td', {}, lastDrill(t.drill)),
    el('td', { class: 'storage' }, storageCell(t.storage)))));
  if (targets.length === 0) body.append(el('tr', {}, el('td', { colspan: 9, class: 'empty', text: 'No targets are configured.' })));
}

/**
 * Stored bytes in the primary bucket; with a quota, the share of it (a badge above 80% and 90%, the
 * notifications' and alerts' levels) and the forecast of the last 30 days' growth.
 */
function storageCell(storage) {
  if (!storage) return el('span', { text: '—' });
  if (storage.quotaBytes === null || storage.quotaBytes === undefined) {
    return el('span', { class: 'number', title: storage.forecast, text: bytes(storage.usedBytes) });
  }
  const percent = storage.usedPercent;
  const tone = percent > 90 ? 'bad' : percent > 80 ? 'warn' : 'ok';
  return el('span', { title: `${storage.forecast} (a line through ${storage.forecastPoints} backups of the last 30 days)` },
    `${bytes(storage.usedBytes)} of ${bytes(storage.quotaBytes)} `, badge(`${percent.toFixed(0)}%`, tone),
    el('div', { class: 'detail', text: storage.forecast }));
}

/** Each target's newest backup run: one call each, so on the slow cadence. */
async function refreshPerTarget(targets) {
  await Promise.all(targets.map(async (t) => {
    const runs = await call(`/api/v1/runs?target=${encodeURIComponent(t.name)}&type=BACKUP&limit=1`);
    if (runs.length > 0) state.lastBackupRuns.set(t.name, runs[0]);
  }));
}

// ---------- runs and their steps ----------

/** The live view of a run: a runbook's own progress, or the run endpoint's. Null when it cannot be read. */
async function live(run) {
  const runbook = runbookOf(run.runId);
  try {
    if (runbook) {
      const detail = await call(`/api/v1/runbooks/${encodeURIComponent(runbook)}/runs/${run.runId}`);
      const p = detail.progress;
      return {
        status: p ? p.status : detail.status,
        waitingFor: p && p.waitingFor,
        startedBy: p && p.startedBy,
        runbook,
        steps: p ? p.steps.map((s) => ({ name: s.name, type: s.type, state: s.state, startedAt: s.startedAt,
          endedAt: s.endedAt, detail: s.error || s.detail })) : [],
      };
    }
    const detail = await call(`/api/v1/runs/${run.runId}`);
    const steps = detail.progress ? detail.progress.steps : [];
    return {
      status: detail.status,
      type: run.type,
      target: run.target,
      startedBy: run.requestedBy,
      steps: steps.map((s) => ({ name: s.name, state: s.status, startedAt: s.startedAt, endedAt: s.endedAt, detail: s.detail })),
      failure: detail.failure && detail.failure.message,
    };
  } catch (e) {
    if (e.status === 401) throw e;
    return null;
  }
}

function stepChips(steps) {
  return el('ol', { class: 'steps' }, ...steps.map((s) => el('li', { title: s.detail || '' },
    `${s.name} `, badge(s.state.toLowerCase(), stepTone(s.state)))));
}

function renderRuns(runs, views) {
  const body = $('runs').tBodies[0];
  body.replaceChildren(...runs.map((run) => {
    const view = views.get(run.runId);
    const status = view && view.status ? view.status : run.status;
    const statusCell = el('td', {}, badge(status.toLowerCase().replace('_', ' '), runTone(status)));
    if (view && view.waitingFor) statusCell.append(el('div', { class: 'detail', text: `waiting for ${view.waitingFor}` }));
    if (run.error) statusCell.append(el('div', { class: 'detail', text: run.error }));
    const [workflowId] = splitRunId(run.runId);
    return el('tr', { 'data-run': run.runId, 'data-status': status },
      el('td', {}, time(run.startedAt)),
      el('td', {}, el('button', { type: 'button', class: 'link', text: `${run.type} ${workflowId}`,
        onclick: () => select(run.runId), 'aria-label': `Show run ${run.runId}` })),
      el('td', { text: run.target || '—' }),
      statusCell,
      el('td', {}, view ? stepChips(view.steps) : el('span', { class: 'empty', text: run.endedAt ? `took ${humanMs(Date.parse(run.endedAt) - Date.parse(run.startedAt))}` : '' })),
      el('td', {}, temporalLink(run.runId)));
  }));
  if (runs.length === 0) body.append(el('tr', {}, el('td', { colspan: 6, class: 'empty', text: 'No runs yet.' })));
}

// ---------- approvals ----------

/** One card per approval step that waits; cards already shown are kept, so a half-typed reason survives a poll. */
function renderApprovals(waiting) {
  const box = $('approvals');
  const keys = new Set(waiting.map((w) => w.key));
  for (const card of [...box.querySelectorAll('.approval')]) {
    if (!keys.has(card.dataset.key)) card.remove();
  }
  for (const w of waiting) {
    if (box.querySelector(`.approval[data-key="${CSS.escape(w.key)}"]`)) continue;
    const reason = el('input', { type: 'text', id: `reason-${box.children.length}-${Date.now()}`, placeholder: 'why (kept in the audit trail)' });
    const decide = (signal) => () => signalRun(w, signal, reason.value);
    box.append(el('div', { class: 'approval', 'data-key': w.key, 'data-run': w.runId, 'data-step': w.step },
      el('p', {}, badge('waiting for approval', 'warn'), ' ', el('strong', { text: w.step }),
        w.restore ? ` of a restore replacing ${w.restore}'s data` : ` in runbook ${w.runbook}`),
      el('p', { text: w.detail || '' }),
      el('p', { class: 'empty', text: `started by ${w.startedBy || 'unknown'}; run ${w.runId}` }),
      el('p', {}, el('label', { for: reason.id, text: 'Reason ' }), reason, ' ',
        el('button', { type: 'button', text: 'Approve', onclick: decide('approve') }), ' ',
        el('button', { type: 'button', text: 'Reject', onclick: decide('reject') }))));
  }
  const empty = box.querySelector('.empty-note');
  if (waiting.length === 0 && !empty) box.append(el('p', { class: 'empty empty-note', text: 'Nothing waits for an approval.' }));
  if (waiting.length > 0 && empty) empty.remove();
}

async function signalRun(waiting, signal, reason) {
  const answer = $('approval-answer');
  answer.classList.remove('refused');
  if (!reason.trim()) {
    answer.classList.add('refused');
    answer.textContent = `Give a reason to ${signal} "${waiting.step}": it is kept in the audit trail.`;
    return;
  }
  try {
    const outcome = waiting.restore
      ? await call(`/api/v1/restores/${waiting.runId}/signals/${signal}`, { method: 'POST', body: { reason } })
      : await call(`/api/v1/runbooks/${encodeURIComponent(waiting.runbook)}/runs/${waiting.runId}/signals/${signal}`,
        { method: 'POST', body: { reason, step: waiting.step } });
    answer.textContent = outcome.accepted === false
      ? `${signal} not accepted: ${outcome.note || 'the run refused it'}`
      : `${signal} of "${waiting.step}" ${outcome.accepted === null ? 'sent (the run has not answered yet)' : 'accepted'}`
        + ` from ${outcome.by}${outcome.note ? `: ${outcome.note}` : ''}`;
    if (outcome.accepted === false) answer.classList.add('refused');
    schedule(0);
  } catch (e) {
    answer.classList.add('refused');
    answer.textContent = `Refused: ${e.message}`;
    if (e.status === 401) loggedOut(e.message);
  }
}

// ---------- one run: timeline and report ----------

function select(runId) {
  state.selected = runId;
  $('run').hidden = false;
  $('run-report').textContent = 'loading…';
  schedule(0);
  $('run').scrollIntoView({ block: 'nearest' });
}

async function renderSelected(runs) {
  if (!state.selected) return;
  const runId = state.selected;
  const entry = runs.find((r) => r.runId === runId) || { runId, status: 'RUNNING' };
  const view = await live(entry);
  $('run-title').textContent = `Run ${runId}`;
  const summary = $('run-summary');
  summary.replaceChildren();
  if (view) summary.append(badge(view.status.toLowerCase(), runTone(view.status)), ' ');
  const link = temporalLink(runId);
  if (link) summary.append(link);
  if (view && view.failure) summary.append(el('div', { class: 'detail', text: view.failure }));

  const steps = view ? view.steps : [];
  const starts = steps.map((s) => Date.parse(s.startedAt)).filter((t) => !Number.isNaN(t));
  const begin = starts.length ? Math.min(...starts) : Date.now();
  const end = Math.max(begin + 1000, Date.now(), ...steps.map((s) => Date.parse(s.endedAt)).filter((t) => !Number.isNaN(t)));
  $('run-timeline').replaceChildren(...steps.map((s) => {
    const bar = el('span', { class: 'bar' });
    if (s.startedAt) {
      const from = Date.parse(s.startedAt);
      const to = s.endedAt ? Date.parse(s.endedAt) : Date.now();
      bar.style.left = `${((from - begin) / (end - begin)) * 100}%`;
      bar.style.width = `${Math.max(0.3, ((to - from) / (end - begin)) * 100)}%`;
    } else {
      bar.hidden = true;
    }
    const took = s.startedAt ? humanMs((s.endedAt ? Date.parse(s.endedAt) : Date.now()) - Date.parse(s.startedAt)) : '';
    return el('li', { 'data-step': s.name, 'data-state': s.state },
      el('span', { text: s.name }),
      el('span', {}, badge(s.state.toLowerCase(), stepTone(s.state)), took ? ` ${took}` : ''),
      el('span', { class: 'track', 'aria-hidden': 'true' }, bar),
      s.detail ? el('span', { class: 'detail', text: s.detail }) : null);
  }));
  if (steps.length === 0) $('run-timeline').replaceChildren(el('li', { class: 'empty', text: 'No steps reported.' }));

  if (runbookOf(runId)) {
    try {
      $('run-report').textContent = await call(`/api/v1/runs/${runId}/report?format=md`, { text: true });
    } catch (e) {
      if (e.status === 401) throw e;
      $('run-report').textContent = `No report yet: ${e.message}`;
    }
  } else {
    try {
      const detail = await call(`/api/v1/runs/${runId}`);
      $('run-report').textContent = JSON.stringify(detail.result || detail.failure || detail.run, null, 2);
    } catch (e) {
      if (e.status === 401) throw e;
      $('run-report').textContent = e.message;
    }
  }
}

// ---------- drills ----------

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Achieved RTO and RPO as a share of their objectives, oldest drill on the left. */
function renderDrillChart(drills) {
  const chart = $('drill-chart');
  const points = drills.slice().reverse().filter((d) => d.achievedRtoMillis !== undefined && d.achievedRtoMillis !== null);
  const [w, h, left, top, bottom] = [640, 180, 44, 10, 24];
  const share = (achieved, objective) => (objective ? achieved / objective : null);
  const values = points.flatMap((d) => [share(d.achievedRtoMillis, d.rtoObjectiveMillis), share(d.achievedRpoMillis, d.rpoObjectiveMillis)])
    .filter((v) => v !== null);
  const max = Math.max(1.2, ...values);
  const x = (i) => left + (points.length <= 1 ? (w - left) / 2 : (i * (w - left - 10)) / (points.length - 1));
  const y = (v) => top + (1 - v / max) * (h - top - bottom);
  const parts = [
    svg('line', { x1: left, y1: y(0), x2: w, y2: y(0), stroke: '#999' }),
    svg('line', { x1: left, y1: y(1), x2: w, y2: y(1), stroke: '#a0161b', 'stroke-dasharray': '2 3' }),
    svg('text', { x: 2, y: y(1) + 4 }, '100%'),
    svg('text', { x: 2, y: y(0) + 4 }, '0%'),
    svg('text', { x: 2, y: y(max) + 10 }, `${Math.round(max * 100)}%`),
  ];
  if (points.length === 0) parts.push(svg('text', { x: left + 10, y: h / 2 }, 'No drill has measured its RTO yet.'));
  for (const [key, objective, dash, label] of [['achievedRtoMillis', 'rtoObjectiveMillis', '', 'RTO'],
    ['achievedRpoMillis', 'rpoObjectiveMillis', '6 4', 'RPO']]) {
    const coords = points.map((d, i) => [i, share(d[key], d[objective]), d]).filter(([, v]) => v !== null);
    if (coords.length > 1) {
      parts.push(svg('polyline', { points: coords.map(([i, v]) => `${x(i)},${y(v)}`).join(' '), fill: 'none',
        stroke: '#1a4f9c', 'stroke-width': 2, 'stroke-dasharray': dash }));
    }
    for (const [i, v, d] of coords) {
      const dot = svg('circle', { cx: x(i), cy: y(v), r: 4, fill: v > 1 ? '#a0161b' : '#1a4f9c', class: v > 1 ? 'missed' : 'met' });
      dot.append(svg('title', {}, `${d.drillId}: ${label} ${humanMs(d[key])} of ${humanMs(d[objective])}`));
      parts.push(dot);
    }
  }
  parts.push(svg('text', { x: left, y: h - 6 }, points.length ? `oldest: ${points[0].startedAt.slice(0, 10)}` : ''));
  chart.replaceChildren(...parts);
}

function renderDrills(drills) {
  renderDrillChart(drills);
  const body = $('drills').tBodies[0];
  body.replaceChildren(...drills.map((d) => el('tr', { 'data-drill': d.drillId },
    el('td', {}, time(d.startedAt)),
    el('th', { scope: 'row', text: `${d.subject} (${d.drillId})` }),
    el('td', {}, badge(d.passed ? 'passed' : 'failed', d.passed ? 'ok' : 'bad'), ` ${d.verdict || ''}`),
    el('td', { text: `${humanMs(d.achievedRtoMillis)} / ${humanMs(d.rtoObjectiveMillis)}` }),
    el('td', { text: `${humanMs(d.achievedRpoMillis)} / ${humanMs(d.rpoObjectiveMillis)}` }))));
  if (drills.length === 0) body.append(el('tr', {}, el('td', { colspan: 5, class: 'empty', text: 'No drills yet.' })));
}

// ---------- notifications failing ----------

/** The banner over Lifeboat's own notifications that did not get through in the last day; hidden when none. */
async function renderNotificationFailures() {
  const failures = await call('/api/v1/notifications/failures?limit=20');
  $('notifications-failing').hidden = failures.length === 0;
  $('notification-failures').replaceChildren(...failures.map((f) => el('li', { 'data-channel': f.channel },
    badge(f.severity, f.severity === 'critical' ? 'bad' : 'warn'),
    ` ${f.event}${f.target ? ` of ${f.target}` : ''} to `, el('strong', { text: f.channel }),
    ` — ${f.attempts} failed attempt${f.attempts === 1 ? '' : 's'}, last `, time(f.lastFailedAt),
    el('span', { class: 'error', text: `: ${f.error}` }))));
}

// ---------- polling ----------

async function refresh() {
  const slow = state.polls % SLOW_EVERY === 0;
  state.polls += 1;
  const [temporal, targets, runs, drills] = await Promise.all([
    state.temporal ? Promise.resolve(state.temporal) : call('/api/v1/dashboard/temporal'),
    call('/api/v1/targets'),
    call(`/api/v1/runs?limit=${RUNS_SHOWN}`),
    slow || !state.drills ? call('/api/v1/drills?limit=50') : Promise.resolve(state.drills),
  ]);
  state.temporal = temporal;
  state.drills = drills;

  const running = runs.filter((r) => r.status === 'RUNNING').slice(0, LIVE_RUNS);
  const views = new Map();
  await Promise.all(running.map(async (run) => {
    const view = await live(run);
    if (view) views.set(run.runId, view);
  }));
  for (const run of runs) {
    if (run.type === 'BACKUP' && run.target) {
      const known = state.lastBackupRuns.get(run.target);
      if (!known || known.startedAt <= run.startedAt) state.lastBackupRuns.set(run.target, run);
    }
  }
  const waiting = [];
  for (const [runId, view] of views) {
    for (const step of view.steps) {
      if (step.state === 'WAITING' && String(step.type).toUpperCase() === 'APPROVE') {
        waiting.push({ key: `${runId}#${step.name}`, runId, runbook: view.runbook, step: step.name, detail: step.detail,
          startedBy: view.startedBy });
      } else if (view.type === 'RESTORE' && step.name === 'approval' && step.state === 'RUNNING') {
        // a restore that replaces data waits for a second person before it changes anything
        waiting.push({ key: `${runId}#approval`, runId, restore: view.target || 'a target', step: step.name,
          detail: step.detail, startedBy: view.startedBy });
      }
    }
  }

  renderTargets(targets);
  renderApprovals(waiting);
  renderRuns(runs, views);
  renderDrills(drills);
  await renderNotificationFailures();
  $('updated').textContent = `updated ${new Date().toLocaleTimeString()}`;
  // Drawn after the rest: one call per target must not hold the first page back.
  if (slow) {
    await refreshPerTarget(targets);
    renderTargets(targets);
  }
  await renderSelected(runs);
}

function schedule(delay) {
  clearTimeout(state.timer);
  state.timer = setTimeout(poll, delay);
}

async function poll() {
  if (state.tokensRequired && !token()) return;
  if (state.busy) {
    state.again = true; // one refresh at a time; the one asked for meanwhile follows it
    return;
  }
  state.busy = true;
  try {
    await refresh();
    $('problem').hidden = true;
  } catch (e) {
    if (e.status === 401) {
      state.busy = false;
      loggedOut(`The token was refused: ${e.message}`);
      return;
    }
    $('problem').textContent = `Could not read the API: ${e.message}. Trying again in ${POLL_MS / 1000}s.`;
    $('problem').hidden = false;
  } finally {
    state.busy = false;
  }
  schedule(state.again ? 0 : POLL_MS);
  state.again = false;
}

// ---------- login ----------

function loggedIn() {
  $('login').hidden = true;
  $('session').hidden = false;
  $('session-text').textContent = state.tokensRequired ? 'Logged in with an API token (kept for this tab only).'
    : 'No tokens are configured: the API serves this machine only, without a login.';
  $('logout').hidden = !state.tokensRequired;
  $('views').hidden = false;
  schedule(0);
}

function loggedOut(why) {
  clearTimeout(state.timer);
  sessionStorage.removeItem(TOKEN_KEY);
  state.temporal = null;
  $('views').hidden = true;
  $('session').hidden = true;
  $('login').hidden = false;
  $('problem').textContent = why || '';
  $('problem').hidden = !why;
  $('token').value = '';
  $('token').focus();
}

async function start() {
  $('login').addEventListener('submit', (event) => {
    event.preventDefault();
    const typed = $('token').value.trim();
    if (!typed) return;
    sessionStorage.setItem(TOKEN_KEY, typed);
    $('token').value = '';
    $('problem').hidden = true;
    $('approval-answer').textContent = '';
    loggedIn();
  });
  $('logout').addEventListener('click', () => loggedOut());
  try {
    state.tokensRequired = (await call('/api/v1/dashboard/login')).tokensRequired;
  } catch (e) {
    $('problem').textContent = `Could not reach the Lifeboat API: ${e.message}. Reload the page once it runs.`;
    $('problem').hidden = false;
    return;
  }
  if (state.tokensRequired && !token()) loggedOut();
  else loggedIn();
}

start();
