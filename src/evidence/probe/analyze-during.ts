import type { NewHost, ProbeDuringReport, TimelineBucket } from './during-types.js';
import type { RequestOutcome } from './types.js';

type DuringAnalysis = Pick<
  ProbeDuringReport,
  | 'action'
  | 'failureShare'
  | 'longestFailureRun'
  | 'longestFailureRunMs'
  | 'hostsBefore'
  | 'hostsAfter'
  | 'lostHosts'
  | 'newHosts'
  | 'replacementFirstSeenMs'
  | 'timeline'
>;

const round = (ms: number) => Math.round(ms);
const sorted = (hosts: Iterable<string>) =>
  [...hosts].sort(new Intl.Collator('en', { numeric: true }).compare);

/**
 * What the action did to the service, from outcomes with times relative to the run start and
 * the action's start and end on the same clock.
 */
export function analyzeDuring(
  outcomes: readonly RequestOutcome[],
  action: { startedAtMs: number; endedAtMs: number; error?: string | undefined },
): DuringAnalysis {
  const inOrder = [...outcomes].sort((a, b) => a.startedAt - b.startedAt);
  const before = new Set<string>();
  const after = new Set<string>();
  const firstSeen = new Map<string, number>();
  let longest = { length: 0, ms: 0 };
  let run = { length: 0, from: 0 };
  let failures = 0;

  for (const outcome of inOrder) {
    if (!outcome.ok) {
      failures++;
      if (run.length === 0) run.from = outcome.startedAt;
      run.length++;
      if (run.length > longest.length) longest = { length: run.length, ms: outcome.endedAt - run.from };
      continue;
    }
    run = { length: 0, from: 0 };
    if (outcome.startedAt < action.startedAtMs) before.add(outcome.host);
    if (outcome.startedAt >= action.endedAtMs) after.add(outcome.host);
    const seen = firstSeen.get(outcome.host);
    if (seen === undefined || outcome.endedAt < seen) firstSeen.set(outcome.host, outcome.endedAt);
  }

  const newHosts: NewHost[] = [...firstSeen.entries()]
    .filter(([host]) => !before.has(host))
    .map(([host, at]) => ({ host, firstSeenMs: round(at - action.startedAtMs) }))
    .sort((a, b) => a.firstSeenMs - b.firstSeenMs);

  const report: DuringAnalysis = {
    action: {
      startedAtMs: round(action.startedAtMs),
      endedAtMs: round(action.endedAtMs),
      durationMs: round(action.endedAtMs - action.startedAtMs),
    },
    failureShare: outcomes.length === 0 ? 0 : failures / outcomes.length,
    longestFailureRun: longest.length,
    longestFailureRunMs: round(longest.ms),
    hostsBefore: sorted(before),
    hostsAfter: sorted(after),
    lostHosts: sorted([...before].filter((host) => !after.has(host))),
    newHosts,
    replacementFirstSeenMs: newHosts[0]?.firstSeenMs ?? null,
    timeline: timeline(inOrder),
  };
  if (action.error !== undefined) report.action.error = action.error;
  return report;
}

function timeline(outcomes: readonly RequestOutcome[]): TimelineBucket[] {
  const buckets: TimelineBucket[] = [];
  for (const outcome of outcomes) {
    const second = Math.floor(outcome.startedAt / 1000);
    while (buckets.length <= second) buckets.push({ second: buckets.length, successes: 0, failures: 0 });
    const bucket = buckets[second] as TimelineBucket;
    if (outcome.ok) bucket.successes++;
    else bucket.failures++;
  }
  return buckets;
}
