import { captureHtml } from './capture-html.js';
import { escapeHtml, htmlPage, MONO_FONT, SANS_FONT } from './html.js';

/**
 * Where one stop of the guide stands: done, the next one to do, blocked by a missing fact, or
 * ready but after the next one (`todo`).
 */
export type GuideStopState = 'done' | 'next' | 'blocked' | 'todo';

/** One stop of the guide's path: a step (1–9) or a checkpoint (1–6). */
export interface GuideStop {
  kind: 'step' | 'checkpoint';
  n: number;
  title: string;
  state: GuideStopState;
  /** What was read (done), or what blocks it: the missing fact in the student's terms. */
  detail: string;
  /** The command that moves it on (for `next` and `blocked`). */
  command?: string;
}

/** The guide's path for one team, and the one command to type next. */
export interface GuidePath {
  team: string;
  at: string;
  stops: GuideStop[];
  /** The next command, e.g. `/deploy k8s`; undefined when the whole guide is done. */
  next?: string;
  /** Why that command is next (the stop it moves on). */
  nextWhy?: string;
}

/** Width of the guide path picture in px. */
export const GUIDE_PATH_WIDTH = 900;

/** The guide's path as a picture: one row per stop, its state, what it needs, and the next command. */
export function renderGuidePath(path: GuidePath): Promise<Buffer> {
  return captureHtml(guidePathHtml(path), { width: GUIDE_PATH_WIDTH });
}

const MARK: Record<GuideStopState, string> = { done: '✔', next: '➜', blocked: '✘', todo: '○' };

/** The path as HTML; every text from the lab is escaped. */
export function guidePathHtml(path: GuidePath): string {
  const rows = path.stops
    .map((s) => {
      const label = s.kind === 'step' ? `step ${s.n}` : `checkpoint ${s.n}`;
      const cmd =
        s.command && s.state !== 'done' ? `<div class="cmd mono">${escapeHtml(s.command)}</div>` : '';
      return `<div class="row ${s.state} ${s.kind}"><div class="mark">${MARK[s.state]}</div>
<div class="label">${label}</div><div class="what"><div class="title">${escapeHtml(s.title)}</div>
<div class="detail">${escapeHtml(s.state === 'blocked' ? `blocked: ${s.detail}` : s.detail)}</div></div>${cmd}</div>`;
    })
    .join('');
  const done = path.stops.filter((s) => s.state === 'done').length;
  const next = path.next
    ? `<div class="nextline">next: <span class="mono">${escapeHtml(path.next)}</span><span class="why">${escapeHtml(path.nextWhy ?? '')}</span></div>`
    : '<div class="nextline all">the whole guide is done: every step and checkpoint 1–6</div>';
  const body = `<div class="card"><div class="kind">the lab guide · team ${escapeHtml(path.team)} · ${escapeHtml(path.at)}</div>
<div class="head">${done} of ${path.stops.length} done</div>${next}<div class="rows">${rows}</div></div>`;
  return htmlPage(body, CSS);
}

const CSS = `
body{background:#edf2f7;font-family:${SANS_FONT};color:#1a202c;padding:20px}
.card{background:#fff;border-radius:10px;border:1px solid #cbd5e0;padding:20px 24px}
.kind{font-size:12px;text-transform:uppercase;letter-spacing:.08em;color:#718096}
.head{font-size:20px;font-weight:bold;margin:4px 0 8px}
.mono{font-family:${MONO_FONT}}
.nextline{padding:10px 14px;border-radius:8px;background:#bee3f8;color:#1a365d;font-weight:bold;font-size:17px;margin-bottom:14px}
.nextline.all{background:#c6f6d5;color:#22543d}
.nextline .why{display:block;font-weight:normal;font-size:13px;margin-top:2px}
.rows{border-left:3px solid #cbd5e0;margin-left:14px}
.row{display:flex;align-items:flex-start;margin:6px 0 6px -15px;padding:4px 0}
.mark{width:26px;height:26px;border-radius:13px;text-align:center;line-height:26px;font-weight:bold;flex:none;background:#e2e8f0;color:#4a5568}
.row.done .mark{background:#c6f6d5;color:#22543d}
.row.next .mark{background:#3182ce;color:#fff}
.row.blocked .mark{background:#fed7d7;color:#9b2c2c}
.label{width:110px;padding-left:10px;font-size:13px;color:#4a5568;flex:none;line-height:26px}
.checkpoint .label{font-weight:bold;color:#6b46c1}
.what{flex:1;min-width:0}
.title{font-size:15px;line-height:26px}
.row.next .title{font-weight:bold}
.detail{font-size:12px;color:#718096;overflow-wrap:anywhere}
.row.blocked .detail{color:#9b2c2c}
.cmd{flex:none;font-size:13px;background:#edf2f7;border-radius:6px;padding:3px 8px;margin-left:10px;align-self:center}
.row.next .cmd{background:#3182ce;color:#fff}
`;
