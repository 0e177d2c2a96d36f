import type { ProbeReport, SpreadVerdict } from './types.js';

const BAR_WIDTH = 40;

/**
 * The report as plain text for a terminal or a code block in chat: a summary table, a
 * horizontal bar chart of answers per host, failures by kind and the spread verdict.
 */
export function formatProbeReport(report: ProbeReport): string {
  const lines: string[] = [];
  const pct = (n: number) => `${((n / Math.max(report.requests, 1)) * 100).toFixed(1)}%`;
  lines.push(`probe ${report.url}`);
  lines.push(
    table([
      ['requests', `${report.requests}`, 'concurrency', `${report.concurrency}`],
      [
        'successes',
        `${report.successes} (${pct(report.successes)})`,
        'failures',
        `${report.failures} (${pct(report.failures)})`,
      ],
      ['duration', `${(report.durationMs / 1000).toFixed(2)} s`, 'rate', `${report.requestsPerSecond} req/s`],
      latencyRow(report),
    ]),
  );
  lines.push('', `answers per host (${report.distinctHosts} distinct)`);
  lines.push(...histogramChart(report));
  const kinds = Object.entries(report.failuresByKind);
  if (kinds.length > 0) {
    lines.push('', 'failures');
    for (const [kind, count] of kinds) {
      const example = report.failureExamples[kind as keyof typeof report.failureExamples];
      lines.push(`  ${kind.padEnd(10)} ${String(count).padStart(6)}${example ? `  e.g. ${example}` : ''}`);
    }
  }
  lines.push('', `spread: ${describeVerdict(report.verdict)}`);
  return lines.join('\n');
}

/** One-line verdict, e.g. `even (chi-square 0.00, df 4, p = 1.000 >= 0.01)`. */
export function describeVerdict(verdict: SpreadVerdict): string {
  const missing =
    verdict.missingBackends > 0 ? `, ${verdict.missingBackends} expected backend(s) never answered` : '';
  const note = verdict.note ? ` — ${verdict.note}` : '';
  if (verdict.pValue === null) return `${verdict.even ? 'even' : 'not even'}${missing}${note}`;
  const comparison = verdict.even ? '>=' : '<';
  return (
    `${verdict.even ? 'even' : 'NOT even'} (chi-square ${verdict.statistic.toFixed(2)}, ` +
    `df ${verdict.degreesOfFreedom}, p = ${formatP(verdict.pValue)} ${comparison} ${verdict.alpha})${missing}${note}`
  );
}

/** p-values near zero in scientific notation so they do not all read "0.000". */
export function formatP(p: number): string {
  return p >= 0.001 || p === 0 ? p.toFixed(3) : p.toExponential(1);
}

function latencyRow(report: ProbeReport): string[] {
  const l = report.latencyMs;
  if (l === null) return ['latency', 'n/a', '', ''];
  return ['latency p50', `${l.p50} ms`, 'p95 / p99', `${l.p95} / ${l.p99} ms`];
}

function histogramChart(report: ProbeReport): string[] {
  if (report.histogram.length === 0) return ['  (no answers)'];
  const hostWidth = Math.min(40, Math.max(...report.histogram.map((entry) => entry.host.length)));
  const countWidth = String(Math.max(...report.histogram.map((entry) => entry.count))).length;
  const top = Math.max(...report.histogram.map((entry) => entry.count));
  return report.histogram.map((entry) => {
    const filled = top === 0 ? 0 : Math.round((entry.count / top) * BAR_WIDTH);
    const bar = '█'.repeat(filled) || (entry.count > 0 ? '▏' : '');
    const host = entry.host.length > hostWidth ? `${entry.host.slice(0, hostWidth - 1)}…` : entry.host;
    const share = `${(entry.share * 100).toFixed(1)}%`.padStart(6);
    return `  ${host.padEnd(hostWidth)}  ${String(entry.count).padStart(countWidth)}  ${share}  ${bar}`;
  });
}

function table(rows: string[][]): string {
  const widths = [0, 1, 2, 3].map((col) => Math.max(...rows.map((row) => (row[col] ?? '').length)));
  return rows
    .map((row) => `  ${row.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join('   ')}`.trimEnd())
    .join('\n');
}
