import type { ProbeOptions, ProbeReport } from './types.js';

/** Options of a resilience run: steady probing while `action` runs. */
export interface ProbeDuringOptions extends Omit<ProbeOptions, 'requests'> {
  /** What to survive, e.g. deleting a pod. Its failure is reported, not thrown. */
  action: () => Promise<void>;
  /** Total probing time; extended until the action has finished. */
  durationMs: number;
  /** Requests started per second (default: `requests` spread over the duration, else 20). */
  ratePerSecond?: number;
  /** Alternative to `ratePerSecond`: this many requests over `durationMs`. */
  requests?: number;
  /** Probing time before the action starts, to learn the hosts (default 1/5 of the duration, ≤ 2 s). */
  warmupMs?: number;
}

/** A host that first answered after the action started. */
export interface NewHost {
  host: string;
  /** ms from the action's start to this host's first complete answer. */
  firstSeenMs: number;
}

/** Successes and failures of requests started in one second of the run. */
export interface TimelineBucket {
  second: number;
  successes: number;
  failures: number;
}

/** Report of a resilience run: the usual probe report plus what the action did to it. */
export interface ProbeDuringReport extends ProbeReport {
  ratePerSecond: number;
  action: { startedAtMs: number; endedAtMs: number; durationMs: number; error?: string };
  /** failures / requests, 0..1. */
  failureShare: number;
  /** Longest streak of consecutive failed requests, in start order. */
  longestFailureRun: number;
  /** Time from the first start to the last end of that streak. */
  longestFailureRunMs: number;
  /** Hosts that answered requests started before the action. */
  hostsBefore: string[];
  /** Hosts that answered requests started after the action ended. */
  hostsAfter: string[];
  /** Hosts seen before but not after (e.g. the deleted pod). */
  lostHosts: string[];
  /** Hosts not seen before the action (e.g. the replacement pod). */
  newHosts: NewHost[];
  /** First answer of any new host, ms after the action started; null when none came. */
  replacementFirstSeenMs: number | null;
  /** Ticks skipped because `concurrency` requests were already in flight. */
  skippedTicks: number;
  timeline: TimelineBucket[];
}
