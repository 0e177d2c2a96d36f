// Helpers shared by the benchmarks: percentiles, a private redis-server, table printing.
import { startEmbeddedRedis } from '../dist/cli/embedded-redis.js';

export function percentile(sorted, p) {
  if (!sorted.length) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: round(percentile(s, 50)), p99: round(percentile(s, 99)), max: round(s.at(-1)) };
}

export const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** A redis-server of the benchmark's own (AOF on, noeviction), like the embedded default. */
export function benchRedis() {
  return startEmbeddedRedis();
}

export function ratio(a, b) {
  return b ? round(a / b, 2) : null;
}
