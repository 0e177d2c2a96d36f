import { formatP } from '../probe/format-report.js';
import type { ProbeReport } from '../probe/types.js';
import { captureHtml } from './capture-html.js';
import { escapeHtml, htmlPage, MONO_FONT, SANS_FONT } from './html.js';

/** Width of the histogram picture in px. */
export const HISTOGRAM_WIDTH = 900;

/** The probe's answers per host as a bar chart, with failures, latency and the spread verdict. */
export function renderHistogram(report: ProbeReport): Promise<Buffer> {
  return captureHtml(histogramHtml(report), { width: HISTOGRAM_WIDTH });
}

/** The chart as HTML; host names are escaped. */
export function histogramHtml(report: ProbeReport): string {
  const top = Math.max(1, ...report.histogram.map((h) => h.count));
  const expected = report.verdict.expectedPerBackend;
  const bars = report.histogram
    .map(
      (h) => `<div class="row"><div class="host mono">${escapeHtml(h.host)}</div>
<div class="track"><div class="bar" style="width:${((h.count / top) * 100).toFixed(2)}%"></div>${
        expected > 0
          ? `<div class="exp" style="left:${Math.min(100, (expected / top) * 100).toFixed(2)}%"></div>`
          : ''
      }</div>
<div class="count">${h.count} <span>${(h.share * 100).toFixed(1)}%</span></div></div>`,
    )
    .join('');
  const missing =
    report.verdict.missingBackends > 0
      ? `<div class="row missing"><div class="host">${report.verdict.missingBackends} expected backend(s)</div><div class="track"></div><div class="count">0</div></div>`
      : '';
  const failures = Object.entries(report.failuresByKind)
    .map(([kind, n]) => `<span class="fail">${escapeHtml(kind)} ${n}</span>`)
    .join(' ');
  const v = report.verdict;
  const verdict =
    v.pValue === null
      ? `<div class="verdict bad">not even — ${escapeHtml(v.note ?? 'nothing to compare')}</div>`
      : `<div class="verdict ${v.even ? 'good' : 'bad'}">${v.even ? 'even spread' : 'NOT an even spread'}
<span>chi-square ${v.statistic.toFixed(2)} · df ${v.degreesOfFreedom} · p = ${formatP(v.pValue)} ${v.even ? '≥' : '<'} ${v.alpha}</span></div>`;
  const l = report.latencyMs;
  const body = `<div class="card">
<div class="kind">load-balancer probe</div><div class="url mono">${escapeHtml(report.url)}</div>
<div class="stats">${report.requests} requests · ${report.successes} answered · ${report.failures} failed · ${report.distinctHosts} hosts · ${report.requestsPerSecond} req/s${
    l ? ` · p50 ${l.p50} ms · p95 ${l.p95} ms · p99 ${l.p99} ms` : ''
  }</div>
<div class="chart">${bars || '<div class="none">no answers</div>'}${missing}</div>
${failures ? `<div class="fails">failures: ${failures}</div>` : ''}
${verdict}
<div class="legend">dashed line: answers per backend under an even spread (${expected.toFixed(1)})</div>
</div>`;
  return htmlPage(body, CSS);
}

const CSS = `
body{background:#edf2f7;font-family:${SANS_FONT};color:#1a202c;padding:20px}
.card{background:#fff;border-radius:10px;border:1px solid #cbd5e0;padding:20px 24px}
.kind{font-size:12px;text-transform:uppercase;letter-spacing:.08em;color:#718096}
.url{font-size:18px;font-weight:bold;margin:2px 0 6px}
.mono{font-family:${MONO_FONT}}
.stats{font-size:13px;color:#4a5568;margin-bottom:16px}
.row{display:flex;align-items:center;margin:6px 0}
.host{width:220px;font-size:13px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;padding-right:10px}
.track{flex:1;height:22px;background:#edf2f7;border-radius:4px;position:relative}
.bar{height:100%;background:#3182ce;border-radius:4px}
.exp{position:absolute;top:-3px;bottom:-3px;border-left:2px dashed #1a202c}
.count{width:110px;text-align:right;font-weight:bold;font-size:14px}
.count span{font-weight:normal;color:#718096;font-size:12px}
.missing .host{color:#c53030;font-style:italic}
.fails{margin-top:12px;font-size:13px}
.fail{background:#fed7d7;color:#9b2c2c;border-radius:8px;padding:2px 8px;margin-right:4px}
.verdict{margin-top:16px;padding:10px 14px;border-radius:8px;font-weight:bold;font-size:16px}
.verdict span{display:block;font-weight:normal;font-size:13px;margin-top:2px}
.good{background:#c6f6d5;color:#22543d}.bad{background:#fed7d7;color:#822727}
.legend{margin-top:10px;font-size:11px;color:#718096}
.none{color:#718096;font-style:italic}
`;
