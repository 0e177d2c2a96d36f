/** Why a single probe request failed. `http_<status>` for any non-2xx answer. */
export type FailureKind = 'refused' | 'reset' | 'timeout' | 'other' | `http_${number}`;

/** Options of one load-balancer probe run. */
export interface ProbeOptions {
  /** http(s) URL of the service, e.g. the LoadBalancer's external IP on port 8080. */
  url: string;
  /** Total number of requests, each on its own TCP connection. */
  requests: number;
  /** How many requests may be in flight at once. */
  concurrency: number;
  /** Deadline of one request, from connect to the last byte of the body. */
  timeoutMs: number;
  /** Number of backends (pods) the spread should cover; missing ones count as 0 answers. */
  expectedBackends?: number;
  /** Aborting stops the run; `probe` then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called after every finished request with the number finished so far. */
  onProgress?(done: number): void;
}

/** What happened to one request. Times are ms relative to the start of the run. */
export type RequestOutcome =
  | {
      ok: true;
      host: string;
      status: number;
      startedAt: number;
      endedAt: number;
      /** The reply's `message` (the guide's server.js), when it has one: tells versions apart. */
      message?: string;
    }
  | { ok: false; kind: FailureKind; detail: string; startedAt: number; endedAt: number };

/** Answers per host. */
export interface HistogramEntry {
  host: string;
  count: number;
  /** count / successes, 0..1. */
  share: number;
}

/** Latency of successful requests in ms (nearest-rank percentiles). */
export interface LatencySummary {
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Chi-square goodness-of-fit of the answers per host against an even spread. */
export interface SpreadVerdict {
  test: 'chi-square';
  /** Number of backends compared: hosts seen, or `expectedBackends` when larger. */
  categories: number;
  /** Backends expected but never seen (counted as 0 answers). */
  missingBackends: number;
  degreesOfFreedom: number;
  statistic: number;
  /** Survival function of the statistic; null when there is nothing to compare. */
  pValue: number | null;
  /** Significance level: the spread is called even when p >= alpha. */
  alpha: number;
  even: boolean;
  /** Answers each backend would get under a perfectly even spread. */
  expectedPerBackend: number;
  /** Caveat in plain words (too few answers, a single backend, ...). */
  note?: string;
}

/** Result of a probe run; also its JSON form. */
export interface ProbeReport {
  url: string;
  /** ISO time the run started. */
  startedAt: string;
  requests: number;
  concurrency: number;
  timeoutMs: number;
  expectedBackends?: number;
  successes: number;
  failures: number;
  failuresByKind: Partial<Record<FailureKind, number>>;
  /** First error detail seen for each failure kind, to help diagnose. */
  failureExamples: Partial<Record<FailureKind, string>>;
  histogram: HistogramEntry[];
  distinctHosts: number;
  latencyMs: LatencySummary | null;
  requestsPerSecond: number;
  durationMs: number;
  verdict: SpreadVerdict;
}
