import { captureHtml } from '../render/capture-html.js';
import { escapeHtml, htmlPage, MONO_FONT, SANS_FONT } from '../render/html.js';
import type { ProbeDuringReport } from './during-types.js';
import { describeFailureRun } from './format-during.js';

/** Width of the timeline picture in px. */
export const TIMELINE_WIDTH = 900;

/** What the picture calls the action and the two groups of hosts. */
export interface TimelineLabels {
  /** e.g. `delete pod hello-node-abc` or `rollout hello-node:v1 → hello-node:v2`. */
  action: string;
  /** Answers of the hosts there before the action, e.g. `v1` or `other pods`. */
  old: string;
  /** Answers of the hosts that came with it, e.g. `v2` or `replacement`. */
  new: string;
  /** Marks when the old hosts stopped answering (a rollout; not a pod deletion, where most stay). */
  lastOld?: boolean;
}

/**
 * A resilience run as a picture: requests per second, stacked as answers of the old hosts,
 * answers of the new ones and failures, with the action shaded and the first new / last old
 * answer marked.
 */
export function renderTimeline(report: ProbeDuringReport, labels: TimelineLabels): Promise<Buffer> {
  return captureHtml(timelineHtml(report, labels), { width: TIMELINE_WIDTH });
}

const CHART_W = 820;
const CHART_H = 200;
/** Left and right margins of the plot, so the first and last tick labels fit. */
const PAD = 16;
/** Height of the strip above the plot that marks when the change ran. */
const BAND = 12;
const PLOT_W = CHART_W - 2 * PAD;
const TOP = BAND + 4;
const BOTTOM = TOP + CHART_H;

/** The picture as HTML (an inline SVG chart); labels are escaped. */
export function timelineHtml(report: ProbeDuringReport, labels: TimelineLabels): string {
  const buckets = report.timeline;
  const seconds = Math.max(1, buckets.length, Math.ceil(report.durationMs / 1000));
  const top = Math.max(1, ...buckets.map((b) => b.successes + b.failures));
  const x = (ms: number) => PAD + Math.max(0, Math.min(PLOT_W, (ms / 1000 / seconds) * PLOT_W));
  const y = (n: number) => (n / top) * CHART_H;
  const w = PLOT_W / seconds;
  const f = (n: number) => n.toFixed(1);
  const bars = buckets
    .map((b) => {
      const left = PAD + b.second * w + 0.5;
      const width = Math.max(1, w - 1);
      const fromNew = b.fromNew ?? 0;
      const old = b.successes - fromNew;
      const parts: string[] = [];
      let base = BOTTOM;
      for (const [n, cls] of [
        [old, 'old'],
        [fromNew, 'new'],
        [b.failures, 'fail'],
      ] as const) {
        if (n <= 0) continue;
        const h = y(n);
        base -= h;
        parts.push(
          `<rect class="${cls}" x="${f(left)}" y="${f(base)}" width="${f(width)}" height="${f(h)}"/>`,
        );
      }
      return parts.join('');
    })
    .join('');
  const a = report.action;
  const from = x(a.startedAtMs);
  const span = Math.max(2, x(a.endedAtMs) - from);
  const change =
    `<rect class="action" x="${f(from)}" y="0" width="${f(span)}" height="${BAND}"/>` +
    `<rect class="during" x="${f(from)}" y="${TOP}" width="${f(span)}" height="${CHART_H}"/>`;
  const mark = (atFromAction: number | null, cls: string) => {
    if (atFromAction === null) return '';
    const at = f(x(a.startedAtMs + atFromAction));
    return `<line class="${cls}" x1="${at}" x2="${at}" y1="${TOP}" y2="${BOTTOM}"/>`;
  };
  const run =
    report.longestFailureRunFromMs === null
      ? ''
      : `<rect class="run" x="${f(x(a.startedAtMs + report.longestFailureRunFromMs))}" y="${BOTTOM + 2}" width="${f(Math.max(2, x(report.longestFailureRunMs) - PAD))}" height="6"/>`;
  const step = tickStep(seconds);
  const ticks = Array.from({ length: Math.floor(seconds / step) + 1 }, (_, i) => i * step)
    .map(
      (s) => `<text class="tick" x="${f(x(s * 1000))}" y="${BOTTOM + 22}" text-anchor="middle">${s}s</text>`,
    )
    .join('');
  const g = report.groups;
  const at = (ms: number | null) => (ms === null ? 'never' : `${(ms / 1000).toFixed(1)} s`);
  const body = `<div class="card">
<div class="kind">load balancer during a change</div>
<div class="what">${escapeHtml(labels.action)}</div>
<div class="url mono">${escapeHtml(report.url)}</div>
<div class="stats">${report.requests} requests at ${report.ratePerSecond}/s · <b class="${report.failures ? 'bad' : 'good'}">${report.failures} failed</b> (${(report.failureShare * 100).toFixed(1)}%) · longest failure run ${escapeHtml(describeFailureRun(report))}</div>
<svg width="${CHART_W}" height="${BOTTOM + 28}" viewBox="0 0 ${CHART_W} ${BOTTOM + 28}">
${bars}${change}${mark(g.new.firstAnswerMs, 'first-new')}${labels.lastOld ? mark(g.old.lastAnswerMs, 'last-old') : ''}${run}
<line class="axis" x1="${PAD}" x2="${CHART_W - PAD}" y1="${BOTTOM}" y2="${BOTTOM}"/>${ticks}
</svg>
<div class="legend"><span class="sw old"></span>${escapeHtml(labels.old)} <span class="sw new"></span>${escapeHtml(labels.new)} <span class="sw fail"></span>failed <span class="sw action"></span>the change (${(a.durationMs / 1000).toFixed(1)} s) <span class="sw run"></span>longest failure run</div>
<div class="times">first answer of ${escapeHtml(labels.new)}: <b>${at(g.new.firstAnswerMs)}</b>${
    labels.lastOld ? ` · last answer of ${escapeHtml(labels.old)}: <b>${at(g.old.lastAnswerMs)}</b>` : ''
  } (from the start of the change)</div>
</div>`;
  return htmlPage(body, CSS);
}

function tickStep(seconds: number): number {
  for (const step of [1, 2, 5, 10, 15, 30, 60, 120, 300]) if (seconds / step <= 12) return step;
  return 600;
}

const CSS = `
body{background:#edf2f7;font-family:${SANS_FONT};color:#1a202c;padding:20px}
.card{background:#fff;border-radius:10px;border:1px solid #cbd5e0;padding:20px 24px}
.kind{font-size:12px;text-transform:uppercase;letter-spacing:.08em;color:#718096}
.what{font-size:18px;font-weight:bold;margin:2px 0}
.url{font-size:13px;color:#4a5568;margin-bottom:6px}
.mono{font-family:${MONO_FONT}}
.stats{font-size:13px;color:#4a5568;margin-bottom:12px}
.good{color:#22543d}.bad{color:#9b2c2c}
svg{display:block}
rect.old,.sw.old{fill:#3182ce;background:#3182ce}
rect.new,.sw.new{fill:#38a169;background:#38a169}
rect.fail,.sw.fail{fill:#e53e3e;background:#e53e3e}
rect.action,.sw.action{fill:#d69e2e;background:#d69e2e}
rect.during{fill:#d69e2e;fill-opacity:.12}
rect.run,.sw.run{fill:#9b2c2c;background:#9b2c2c}
line.first-new{stroke:#22543d;stroke-width:2;stroke-dasharray:5 3}
line.last-old{stroke:#2a4365;stroke-width:2;stroke-dasharray:2 3}
line.axis{stroke:#4a5568}
.tick{font-size:11px;fill:#718096;font-family:${SANS_FONT}}
.legend{margin-top:8px;font-size:12px;color:#4a5568}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px;margin:0 4px 0 10px;vertical-align:-2px}
.times{margin-top:6px;font-size:13px}
`;
