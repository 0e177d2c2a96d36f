import { lineText, parseAnsi, type StyledLine } from './ansi.js';
import { TERMINAL_BG, TERMINAL_FG } from './ansi-colors.js';
import { lineToHtml } from './ansi-html.js';
import { captureHtml } from './capture-html.js';
import { escapeHtml, htmlPage, MONO_FONT, SANS_FONT } from './html.js';

/** What to draw: a command, its output (ANSI colours allowed), and who ran it when. */
export interface TerminalShot {
  command: string;
  output: string;
  team: string;
  /** When the command ran; a Date is shown as `YYYY-MM-DD HH:MM:SS UTC`. */
  time: Date | string;
  /** Window title; defaults to `labops — <team>`. */
  title?: string;
}

/** Limits of a terminal picture. */
export interface TerminalLimits {
  /** Output lines shown before "… N more lines" (default 200). */
  maxLines?: number;
  /** Cap of the picture height in px (default 8000). */
  maxHeight?: number;
}

/** Size decisions made before rendering, exported so callers and tests can predict the PNG. */
export interface TerminalLayout {
  /** PNG width in px. */
  width: number;
  /** Columns the width was chosen for. */
  columns: number;
  lines: StyledLine[];
  hiddenLines: number;
}

// DejaVu Sans Mono advances 0.602 em; at 14 px that is 8.43 px, rounded up to be safe.
const CHAR_PX = 8.5;
const PADDING_PX = 20;
const MIN_COLUMNS = 80;
const MAX_COLUMNS = 200;
const DEFAULT_MAX_LINES = 200;

/** Picks the width from the longest line (80..200 columns) and cuts the output to `maxLines`. */
export function terminalLayout(
  shot: Pick<TerminalShot, 'command' | 'output'>,
  maxLines = DEFAULT_MAX_LINES,
): TerminalLayout {
  const all = parseAnsi(shot.output);
  const lines = all.slice(0, maxLines);
  const longest = Math.max(
    lineText(parseAnsi(shot.command)[0] ?? []).length + 2,
    ...lines.map((l) => lineText(l).length),
  );
  const columns = Math.min(MAX_COLUMNS, Math.max(MIN_COLUMNS, longest));
  return {
    width: Math.ceil(columns * CHAR_PX) + 2 * PADDING_PX,
    columns,
    lines,
    hiddenLines: all.length - lines.length,
  };
}

/** `YYYY-MM-DD HH:MM:SS UTC`, or the string as given. */
export function formatShotTime(time: Date | string): string {
  if (typeof time === 'string') return time;
  return `${time.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Renders the command and its output like a terminal window and returns a PNG. */
export function renderTerminal(shot: TerminalShot, limits: TerminalLimits = {}): Promise<Buffer> {
  const layout = terminalLayout(shot, limits.maxLines);
  return captureHtml(terminalHtml(shot, layout), { width: layout.width, maxHeight: limits.maxHeight });
}

/** The terminal window as HTML (exported for inspection; every text is escaped). */
export function terminalHtml(shot: TerminalShot, layout: TerminalLayout): string {
  const command = lineText(parseAnsi(shot.command)[0] ?? []);
  const title = shot.title ?? `labops — ${shot.team}`;
  const body = layout.lines.map((line) => `<div class="l">${lineToHtml(line) || ' '}</div>`).join('');
  const more =
    layout.hiddenLines > 0
      ? `<div class="more">… ${layout.hiddenLines} more line${layout.hiddenLines === 1 ? '' : 's'} not shown</div>`
      : '';
  const html = `<div class="win">
<div class="bar"><span class="dot r"></span><span class="dot y"></span><span class="dot g"></span><span class="title">${escapeHtml(title)}</span></div>
<div class="term"><div class="l cmd"><span class="p">$</span> ${escapeHtml(command)}</div>${body}${more}</div>
<div class="foot"><span>team ${escapeHtml(shot.team)}</span><span>${escapeHtml(formatShotTime(shot.time))}</span></div>
</div>`;
  return htmlPage(html, CSS);
}

const CSS = `
body{background:${TERMINAL_BG};width:100%}
.win{background:${TERMINAL_BG};color:${TERMINAL_FG}}
.bar{height:28px;background:#323233;display:flex;align-items:center;padding:0 10px;position:relative}
.dot{width:12px;height:12px;border-radius:50%;margin-right:8px;display:inline-block}
.r{background:#ff5f56}.y{background:#ffbd2e}.g{background:#27c93f}
.title{position:absolute;left:0;right:0;text-align:center;font:13px ${SANS_FONT};color:#a0a0a0}
.term{padding:12px ${PADDING_PX}px;font:14px/18px ${MONO_FONT};white-space:pre-wrap;overflow-wrap:anywhere}
.l{min-height:18px}
.cmd{color:#ffffff;font-weight:bold;margin-bottom:4px}
.p{color:#23d18b}
.more{margin-top:6px;color:#e5e510;font-style:italic}
.foot{display:flex;justify-content:space-between;padding:6px ${PADDING_PX}px;border-top:1px solid #3c3c3c;font:12px ${SANS_FONT};color:#9a9a9a;background:#252526}
`;
