import type { ProbeOptions, ProbeReport, RequestOutcome } from './types.js';

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
  /** Probing time after the action has finished, to see the service settle (default 0). */
  tailMs?: number;
  /**
   * Hosts known to exist before the action (e.g. the pods listed before it): they never count
   * as new, even when the warm-up did not happen to hear from them.
   */
  knownHosts?: readonly string[];
  /** Called with every finished request, e.g. for an action that waits for a new host's answer. */
  onOutcome?(outcome: RequestOutcome): void;
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
  /** Of the successes, those answered by a new host (not there before the action); absent when none. */
  fromNew?: number;
  failures: number;
}

/** The answers of one host, times in ms from the action's start (negative: before it). */
export interface HostSpan {
  host: string;
  /** Not there before the action (a replacement pod, or a pod of the new version). */
  new: boolean;
  answers: number;
  firstAnswerMs: number;
  lastAnswerMs: number;
}

/**
 * The answers of a group of hosts: those there before the action (`old`, e.g. the previous
 * version during a rollout) or those that came with it (`new`). Times in ms from the action's
 * start, by when each answer arrived; null when the group never answered.
 */
export interface HostGroup {
  hosts: string[];
  answers: number;
  /** Distinct `message`s of their replies (at most 5), e.g. "Hello World v2!". */
  messages: string[];
  firstAnswerMs: number | null;
  lastAnswerMs: number | null;
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
  /** When that streak began, in ms from the action's start; null when nothing failed. */
  longestFailureRunFromMs: number | null;
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
  /** Answers of the hosts there before the action and of the new ones. */
  groups: { old: HostGroup; new: HostGroup };
  /** Every host that answered, with its first and last answer. */
  hostSpans: HostSpan[];
  /** Ticks skipped because `concurrency` requests were already in flight. */
  skippedTicks: number;
  timeline: TimelineBucket[];
}
