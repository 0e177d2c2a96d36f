import { html } from 'hono/html';
import type { CheckpointRecord } from '../evidence/checkpoints/store.js';
import type { CheckpointReport } from '../evidence/checkpoints/types.js';
import type { LockHolder } from '../runners/lock.js';
import type { AuditEntry } from '../services/audit.js';
import { type Cell, CHECKPOINTS, type GridRow, gridCounts } from './data.js';
import { type Fragment, secs, when } from './layout.js';

const teamHref = (team: string) => `/team/${encodeURIComponent(team)}`;
const cpHref = (team: string, n: number) => `${teamHref(team)}/checkpoint/${n}`;

/** One grid cell: passed (first pass time), failed (criteria failing), or not tried. */
function cellHtml(team: string, n: number, c: Cell): Fragment {
  if (c.state === 'none') return html`<td class="none" data-cp="${n}" data-state="none">not tried</td>`;
  const text = c.state === 'passed' ? `passed ${when(c.at)}` : `failed: ${c.failing} criteria`;
  return html`<td class="${c.state}" data-cp="${n}" data-state="${c.state}"><a href="${cpHref(team, n)}">${text}</a></td>`;
}

/** Where the team stands in the guide (from its last /next or /status), and its next command. */
function stageCell(r: GridRow): Fragment {
  const s = r.stage;
  if (!s) return html`<td class="none" data-stage="none">not read yet (<code>/next</code>)</td>`;
  return html`<td data-stage="${s.done}/${s.total}" title="read from the lab ${when(s.at)}">${s.done}/${s.total} done · ${
    s.next ? html`next <code>${s.next}</code>` : 'guide done'
  }</td>`;
}

/** The class page: counts per checkpoint, then teams × checkpoints. */
export function classView(rows: readonly GridRow[], filter: string, sort: string): Fragment {
  const counts = gridCounts(rows);
  const option = (v: string, label: string) =>
    html`<option value="${v}"${sort === v ? html` selected` : ''}>${label}</option>`;
  return html`<form method="get" action="/"><label>Team <input name="team" value="${filter}"></label><label>Sort <select name="sort">${option('team', 'by name')}${option('ahead', 'most passed first')}${option('behind', 'fewest passed first')}</select></label><button>Show</button></form>
<table id="grid"><thead><tr><th scope="col">team</th><th scope="col">stage</th>${CHECKPOINTS.map(
    (n, i) =>
      html`<th scope="col">CP${n}<br><span class="muted" data-count="${n}">${counts[i]!.started} started · ${counts[i]!.passed} passed</span></th>`,
  )}</tr></thead><tbody>${rows.map(
    (r) =>
      html`<tr data-team="${r.team.name}"><th scope="row"><a href="${teamHref(r.team.name)}">${r.team.name}</a></th>${stageCell(r)}${r.cells.map(
        (c, i) => cellHtml(r.team.name, i + 1, c),
      )}</tr>`,
  )}</tbody></table>
<p class="muted">${rows.length} teams; times are UTC.</p>`;
}

/** A run's pictures: thumbnails while the report is kept, else the SHA-256 digests recorded. */
function gallery(team: string, record: CheckpointRecord, report: CheckpointReport | undefined): Fragment {
  if (!report)
    return html`<ul>${record.last.pictures.map(
      (p) => html`<li>${p.id}: ${p.ok ? html`SHA-256 <code>${p.sha256 ?? ''}</code>` : 'not collected'}</li>`,
    )}</ul>${record.last.pictures.length ? html`<p class="muted">The pictures themselves expired.</p>` : ''}`;
  return html`<ul class="gallery">${report.items.map((item) =>
    item.artifact
      ? html`<li><a href="/team/${encodeURIComponent(team)}/artifact/${item.artifact.id}"><img class="thumb" src="/team/${encodeURIComponent(team)}/artifact/${item.artifact.id}" alt="${item.title}"></a><br>${item.title}: SHA-256 <code>${item.artifact.sha256}</code></li>`
      : html`<li>${item.title}: ${item.skipped ?? item.error ?? 'not collected'}</li>`,
  )}</ul>`;
}

/** The team page: checkpoints with their evidence, the lab lock, runners online, the job timeline. */
export function teamView(v: {
  team: string;
  row: GridRow;
  lock: Pick<LockHolder, 'job' | 'jobId' | 'requester' | 'since'> | null;
  runners: Record<string, unknown>[];
  jobs: AuditEntry[];
  /** The full report of each checkpoint's last run, while its job is kept. */
  reports: (CheckpointReport | undefined)[];
}): Fragment {
  const checkpoints = v.row.cells.map((c, i) => {
    const n = i + 1;
    if (c.state === 'none') return html`<li>CP${n}: not tried</li>`;
    return html`<li><a href="${cpHref(v.team, n)}">CP${n}</a>: ${
      c.state === 'passed' ? `passed ${when(c.at)}` : `failed: ${c.failing} criteria`
    } (last run ${when(c.record.last.at)})${gallery(v.team, c.record, v.reports[i])}</li>`;
  });
  const lock = v.lock
    ? html`held by ${v.lock.requester} for /${v.lock.job} #${v.lock.jobId} since ${when(v.lock.since)}`
    : 'free';
  const runners = v.runners.length
    ? v.runners.map((r) => html`<li>${String(r.id ?? r.host ?? '?')}</li>`)
    : html`<li>none online</li>`;
  return html`<h2>Checkpoints</h2><ul id="checkpoints">${checkpoints}</ul>
<h2>Lab</h2><p id="lock">Lab lock: ${lock}</p><h3>Runners online</h3><ul id="runners">${runners}</ul>
<h2>Jobs</h2>${auditTable(v.jobs, false)}`;
}

/** The job id, linked to the job's full log while it is kept (runner entries carry its artifact id). */
function jobCell(e: AuditEntry): Fragment | string {
  if (!e.jobId) return '';
  if (!e.log || !/^[a-f0-9]{16}$/.test(e.log)) return e.jobId;
  return html`<a href="/team/${encodeURIComponent(e.team)}/artifact/${e.log}" title="the job's full log">${e.jobId}</a>`;
}

/** Audit entries as a table (newest first). */
export function auditTable(rows: readonly AuditEntry[], withTeam: boolean, always = false): Fragment {
  if (!rows.length && !always) return html`<p>No entries.</p>`;
  return html`<table id="jobs"><thead><tr><th scope="col">when</th>${
    withTeam ? html`<th scope="col">team</th>` : ''
  }<th scope="col">who</th><th scope="col">what</th><th scope="col">by</th><th scope="col">decision</th><th scope="col">job</th><th scope="col">outcome</th><th scope="col">duration</th></tr></thead><tbody>${[
    ...rows,
  ]
    .reverse()
    .map(
      (e) =>
        html`<tr><td>${when(e.at)}</td>${withTeam ? html`<td>${e.team}</td>` : ''}<td>${e.whoName ?? e.who}</td><td>/${e.command}</td><td>${e.by}</td><td>${e.decision}</td><td>${jobCell(e)}</td><td>${e.outcome ?? ''}</td><td>${secs(e.durationMs)}</td></tr>`,
    )}</tbody></table>`;
}

/** The audit search form and its results. */
export function auditView(q: Record<string, string>, rows: readonly AuditEntry[]): Fragment {
  const field = (name: string, label: string) =>
    html`<label>${label} <input name="${name}" value="${q[name] ?? ''}"></label>`;
  return html`<form method="get" action="/audit">${field('team', 'Team')}${field('member', 'Member')}${field(
    'command',
    'Command',
  )}${field('since', 'Since (1h, 2d or ISO)')}${field('until', 'Until (ISO)')}<button>Search</button></form>
${auditTable(rows, true)}`;
}

/** The sign-in page of a link: one button that posts the token (a link preview cannot use it up). */
export function signInView(token: string | undefined): Fragment {
  if (!token)
    return html`<p id="refused">This sign-in link is invalid, expired or already used. Ask for a new one.</p>`;
  return html`<form method="post" action="/signin"><input type="hidden" name="t" value="${token}"><button id="signin">Sign in to the dashboard</button></form>`;
}
