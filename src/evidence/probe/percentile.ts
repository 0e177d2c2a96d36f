import type { LatencySummary } from './types.js';

/** Nearest-rank percentile of an ascending-sorted, non-empty array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of an empty list');
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

/** Summary of latencies in ms, rounded to 0.1 ms; null when there are none. */
export function summarizeLatency(latencies: readonly number[]): LatencySummary | null {
  if (latencies.length === 0) return null;
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  const mean = sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length;
  return {
    min: round(sorted[0] as number),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] as number),
    mean: round(mean),
  };
}
