import { describe, expect, it } from 'vitest';
import { analyzeDuring } from '../../src/evidence/probe/analyze-during.js';
import { formatProbeReport } from '../../src/evidence/probe/format-report.js';
import { percentile, summarizeLatency } from '../../src/evidence/probe/percentile.js';
import { summarize } from '../../src/evidence/probe/summarize.js';
import type { RequestOutcome } from '../../src/evidence/probe/types.js';

const ok = (host: string, startedAt: number, latency = 5): RequestOutcome => ({
  ok: true,
  host,
  status: 200,
  startedAt,
  endedAt: startedAt + latency,
});
const bad = (
  kind: 'refused' | 'reset' | 'timeout',
  startedAt: number,
  detail: string = kind,
): RequestOutcome => ({
  ok: false,
  kind,
  detail,
  startedAt,
  endedAt: startedAt + 1,
});

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(() => percentile([], 50)).toThrow(RangeError);
  });

  it('summarizes latencies', () => {
    expect(summarizeLatency([3, 1, 2, 10])).toEqual({ min: 1, p50: 2, p95: 10, p99: 10, max: 10, mean: 4 });
    expect(summarizeLatency([])).toBeNull();
  });
});

describe('summarize', () => {
  const outcomes = [
    ok('b', 0, 4),
    ok('a', 1, 2),
    ok('a', 2, 6),
    bad('reset', 3, 'ECONNRESET: x'),
    bad('reset', 4),
    bad('timeout', 5),
  ];
  const report = summarize({
    url: 'http://lb:8080/',
    startedAt: new Date('2025-01-01T00:00:00Z'),
    concurrency: 2,
    timeoutMs: 100,
    durationMs: 2000,
    outcomes,
  });

  it('counts successes, failures by kind and answers per host', () => {
    expect(report.requests).toBe(6);
    expect(report.successes).toBe(3);
    expect(report.failures).toBe(3);
    expect(report.failuresByKind).toEqual({ reset: 2, timeout: 1 });
    expect(report.failureExamples.reset).toBe('ECONNRESET: x');
    expect(report.histogram).toEqual([
      { host: 'a', count: 2, share: 2 / 3 },
      { host: 'b', count: 1, share: 1 / 3 },
    ]);
    expect(report.distinctHosts).toBe(2);
    expect(report.latencyMs?.p50).toBe(4);
    expect(report.requestsPerSecond).toBe(3);
    expect(report.startedAt).toBe('2025-01-01T00:00:00.000Z');
    expect(report).not.toHaveProperty('expectedBackends');
  });

  it('sorts host names naturally', () => {
    const r = summarize({
      ...report,
      startedAt: new Date(),
      outcomes: [ok('pod-10', 0), ok('pod-9', 0), ok('pod-1', 0)],
      url: 'x',
      durationMs: 1,
    });
    expect(r.histogram.map((h) => h.host)).toEqual(['pod-1', 'pod-9', 'pod-10']);
  });

  it('formats a table, a bar chart and the verdict', () => {
    const text = formatProbeReport(report);
    expect(text).toContain('probe http://lb:8080/');
    expect(text).toMatch(/successes\s+3 \(50\.0%\)/);
    expect(text).toMatch(/\n {2}a {2}2 {2,}66\.7% {2}█{40}\n/);
    expect(text).toMatch(/\n {2}b {2}1 {2,}33\.3% {2}█{20}\n/);
    expect(text).toMatch(/reset\s+2 {2}e\.g\. ECONNRESET: x/);
    expect(text).toContain('spread: even (chi-square 0.33, df 1, p = 0.564 >= 0.01)');
  });
});

describe('analyzeDuring', () => {
  // Action from 100 to 200 ms; pod-2 dies, pod-4 appears.
  const outcomes = [
    ok('pod-1', 0),
    ok('pod-2', 10),
    ok('pod-3', 20),
    ok('pod-1', 90),
    bad('reset', 110),
    bad('reset', 120),
    ok('pod-3', 130),
    bad('refused', 140),
    ok('pod-4', 180, 20),
    ok('pod-1', 210),
    ok('pod-4', 220),
    ok('pod-3', 230),
  ];
  const result = analyzeDuring(outcomes, { startedAtMs: 100, endedAtMs: 200 });

  it('finds the longest failure streak and the failure share', () => {
    expect(result.longestFailureRun).toBe(2);
    expect(result.longestFailureRunMs).toBe(11);
    expect(result.failureShare).toBeCloseTo(3 / 12, 12);
  });

  it('tells hosts before, after, lost and new', () => {
    expect(result.hostsBefore).toEqual(['pod-1', 'pod-2', 'pod-3']);
    expect(result.hostsAfter).toEqual(['pod-1', 'pod-3', 'pod-4']);
    expect(result.lostHosts).toEqual(['pod-2']);
    expect(result.newHosts).toEqual([{ host: 'pod-4', firstSeenMs: 100 }]);
    expect(result.replacementFirstSeenMs).toBe(100);
  });

  it('buckets the timeline per second and keeps an action error', () => {
    const late = analyzeDuring([ok('a', 10), bad('timeout', 1500), ok('a', 2100)], {
      startedAtMs: 50,
      endedAtMs: 60,
      error: 'nope',
    });
    expect(late.timeline).toEqual([
      { second: 0, successes: 1, failures: 0 },
      { second: 1, successes: 0, failures: 1 },
      { second: 2, successes: 1, failures: 0 },
    ]);
    expect(late.action.error).toBe('nope');
    expect(late.replacementFirstSeenMs).toBeNull();
  });
});
