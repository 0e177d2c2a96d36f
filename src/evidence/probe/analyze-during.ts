import type { HostGroup, HostSpan, NewHost, ProbeDuringReport, TimelineBucket } from './during-types.js';
import type { RequestOutcome } from './types.js';

type DuringAnalysis = Pick<
  ProbeDuringReport,
  | 'action'
  | 'failureShare'
  | 'longestFailureRun'
  | 'longestFailureRunMs'
  | 'longestFailureRunFromMs'
  | 'hostsBefore'
  | 'hostsAfter'
  | 'lostHosts'
  | 'newHosts'
  | 'replacementFirstSeenMs'
  | 'groups'
  | 'hostSpans'
  | 'timeline'
>;

const MAX_MESSAGES = 5;
const round = (ms: number) => Math.round(ms);
const byName = new Intl.Collator('en', { numeric: true }).compare;
const sorted = (hosts: Iterable<string>) => [...hosts].sort(byName);

interface Span {
  answers: number;
  first: number;
  last: number;
  messages: string[];
}

/**
 * What the action did to the service, from outcomes with times relative to the run start and
 * the action's start and end on the same clock. A host is old when it answered a request
 * started before the action or is among `knownHosts` (e.g. the pods listed before it); any
 * other host that answered is new (the replacement pod, or a pod of the new version).
 */
export function analyzeDuring(
  outcomes: readonly RequestOutcome[],
  action: { startedAtMs: number; endedAtMs: number; error?: string | undefined },
  knownHosts: readonly string[] = [],
): DuringAnalysis {
  const inOrder = [...outcomes].sort((a, b) => a.startedAt - b.startedAt);
  const before = new Set<string>();
  const after = new Set<string>();
  const spans = new Map<string, Span>();
  let longest = { length: 0, ms: 0, from: 0 };
  let run = { length: 0, from: 0 };
  let failures = 0;

  for (const outcome of inOrder) {
    if (!outcome.ok) {
      failures++;
      if (run.length === 0) run.from = outcome.startedAt;
      run.length++;
      if (run.length > longest.length)
        longest = { length: run.length, ms: outcome.endedAt - run.from, from: run.from };
      continue;
    }
    run = { length: 0, from: 0 };
    if (outcome.startedAt < action.startedAtMs) before.add(outcome.host);
    if (outcome.startedAt >= action.endedAtMs) after.add(outcome.host);
    const span = spans.get(outcome.host);
    if (!span) {
      spans.set(outcome.host, {
        answers: 1,
        first: outcome.endedAt,
        last: outcome.endedAt,
        messages: outcome.message === undefined ? [] : [outcome.message],
      });
      continue;
    }
    span.answers++;
    span.first = Math.min(span.first, outcome.endedAt);
    span.last = Math.max(span.last, outcome.endedAt);
    if (outcome.message !== undefined && !span.messages.includes(outcome.message))
      span.messages.push(outcome.message);
  }

  const old = new Set([...before, ...knownHosts]);
  const rel = (ms: number) => round(ms - action.startedAtMs);
  const hostSpans: HostSpan[] = [...spans.entries()]
    .map(([host, s]) => ({
      host,
      new: !old.has(host),
      answers: s.answers,
      firstAnswerMs: rel(s.first),
      lastAnswerMs: rel(s.last),
    }))
    .sort((a, b) => a.firstAnswerMs - b.firstAnswerMs || byName(a.host, b.host));
  const newHosts: NewHost[] = hostSpans
    .filter((h) => h.new)
    .map((h) => ({ host: h.host, firstSeenMs: h.firstAnswerMs }));

  const report: DuringAnalysis = {
    action: {
      startedAtMs: round(action.startedAtMs),
      endedAtMs: round(action.endedAtMs),
      durationMs: round(action.endedAtMs - action.startedAtMs),
    },
    failureShare: outcomes.length === 0 ? 0 : failures / outcomes.length,
    longestFailureRun: longest.length,
    longestFailureRunMs: round(longest.ms),
    longestFailureRunFromMs: longest.length === 0 ? null : rel(longest.from),
    hostsBefore: sorted(before),
    hostsAfter: sorted(after),
    lostHosts: sorted([...before].filter((host) => !after.has(host))),
    newHosts,
    replacementFirstSeenMs: newHosts[0]?.firstSeenMs ?? null,
    groups: {
      old: group(
        hostSpans.filter((h) => !h.new),
        spans,
      ),
      new: group(
        hostSpans.filter((h) => h.new),
        spans,
      ),
    },
    hostSpans,
    timeline: timeline(inOrder, old),
  };
  if (action.error !== undefined) report.action.error = action.error;
  return report;
}

function group(members: readonly HostSpan[], spans: ReadonlyMap<string, Span>): HostGroup {
  const messages: string[] = [];
  for (const m of members)
    for (const message of spans.get(m.host)?.messages ?? [])
      if (!messages.includes(message) && messages.length < MAX_MESSAGES) messages.push(message);
  return {
    hosts: sorted(members.map((m) => m.host)),
    answers: members.reduce((n, m) => n + m.answers, 0),
    messages,
    firstAnswerMs: members.length ? Math.min(...members.map((m) => m.firstAnswerMs)) : null,
    lastAnswerMs: members.length ? Math.max(...members.map((m) => m.lastAnswerMs)) : null,
  };
}

function timeline(outcomes: readonly RequestOutcome[], old: ReadonlySet<string>): TimelineBucket[] {
  const buckets: TimelineBucket[] = [];
  for (const outcome of outcomes) {
    const second = Math.floor(outcome.startedAt / 1000);
    while (buckets.length <= second) buckets.push({ second: buckets.length, successes: 0, failures: 0 });
    const bucket = buckets[second] as TimelineBucket;
    if (!outcome.ok) bucket.failures++;
    else {
      bucket.successes++;
      if (!old.has(outcome.host)) bucket.fromNew = (bucket.fromNew ?? 0) + 1;
    }
  }
  return buckets;
}
