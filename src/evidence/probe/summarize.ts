import { summarizeLatency } from './percentile.js';
import { spreadVerdict } from './spread-verdict.js';
import type { FailureKind, HistogramEntry, ProbeReport, RequestOutcome } from './types.js';

/** What {@link summarize} needs besides the outcomes. */
export interface SummaryInput {
  url: string;
  startedAt: Date;
  concurrency: number;
  timeoutMs: number;
  expectedBackends?: number;
  durationMs: number;
  outcomes: readonly RequestOutcome[];
}

const byHostName = new Intl.Collator('en', { numeric: true }).compare;

/** Builds the report (counts, histogram, latency, spread verdict) from request outcomes. */
export function summarize(input: SummaryInput): ProbeReport {
  const counts = new Map<string, number>();
  const failuresByKind: Partial<Record<FailureKind, number>> = {};
  const failureExamples: Partial<Record<FailureKind, string>> = {};
  const latencies: number[] = [];
  let successes = 0;

  for (const outcome of input.outcomes) {
    if (outcome.ok) {
      successes++;
      counts.set(outcome.host, (counts.get(outcome.host) ?? 0) + 1);
      latencies.push(outcome.endedAt - outcome.startedAt);
    } else {
      failuresByKind[outcome.kind] = (failuresByKind[outcome.kind] ?? 0) + 1;
      failureExamples[outcome.kind] ??= outcome.detail;
    }
  }

  const histogram: HistogramEntry[] = [...counts.entries()]
    .map(([host, count]) => ({ host, count, share: count / successes }))
    .sort((a, b) => byHostName(a.host, b.host));
  const requests = input.outcomes.length;
  const seconds = input.durationMs / 1000;

  const report: ProbeReport = {
    url: input.url,
    startedAt: input.startedAt.toISOString(),
    requests,
    concurrency: input.concurrency,
    timeoutMs: input.timeoutMs,
    successes,
    failures: requests - successes,
    failuresByKind,
    failureExamples,
    histogram,
    distinctHosts: histogram.length,
    latencyMs: summarizeLatency(latencies),
    requestsPerSecond: seconds > 0 ? Math.round((requests / seconds) * 10) / 10 : 0,
    durationMs: Math.round(input.durationMs),
    verdict: spreadVerdict(
      histogram.map((entry) => entry.count),
      input.expectedBackends,
    ),
  };
  if (input.expectedBackends !== undefined) report.expectedBackends = input.expectedBackends;
  return report;
}
