import { describe, expect, it } from 'vitest';
import { analyzeDuring } from '../../src/evidence/probe/analyze-during.js';
import { describeGroup } from '../../src/evidence/probe/format-during.js';
import { parseMessage } from '../../src/evidence/probe/parse-host.js';
import { timelineHtml } from '../../src/evidence/probe/timeline-picture.js';
import type { RequestOutcome } from '../../src/evidence/probe/types.js';
import type { LbProbeDuringResult } from '../../src/runners/recipes/lb-probe/during.js';
import { duringFields, duringSummary } from '../../src/runners/recipes/lb-probe/during-result.js';

const ok = (host: string, at: number, message?: string): RequestOutcome => ({
  ok: true,
  host,
  status: 200,
  startedAt: at,
  endedAt: at + 5,
  ...(message ? { message } : {}),
});
const fail = (at: number): RequestOutcome => ({
  ok: false,
  kind: 'refused',
  detail: 'ECONNREFUSED',
  startedAt: at,
  endedAt: at + 1,
});

// A rollout of two pods, v1 (a, b) to v2 (c, d), starting at 1000 ms and done at 3000 ms.
const rollout: RequestOutcome[] = [
  ok('a', 0, 'Hello World!'),
  ok('b', 100, 'Hello World!'),
  ok('a', 1200, 'Hello World!'),
  fail(1400),
  fail(1500),
  ok('c', 1600, 'Hello World v2!'),
  ok('b', 2000, 'Hello World!'),
  fail(2100),
  ok('d', 2400, 'Hello World v2!'),
  ok('c', 3200, 'Hello World v2!'),
  ok('d', 3300, 'Hello World v2!'),
];

describe('analyzeDuring: old and new hosts', () => {
  it('puts the hosts there before in one group and the new ones in the other, with first and last answers', () => {
    const r = analyzeDuring(rollout, { startedAtMs: 1000, endedAtMs: 3000 });
    expect(r.groups.old).toEqual({
      hosts: ['a', 'b'],
      answers: 4,
      messages: ['Hello World!'],
      firstAnswerMs: -995,
      lastAnswerMs: 1005,
    });
    expect(r.groups.new).toEqual({
      hosts: ['c', 'd'],
      answers: 4,
      messages: ['Hello World v2!'],
      firstAnswerMs: 605,
      lastAnswerMs: 2305,
    });
    expect(r.replacementFirstSeenMs).toBe(605);
    expect(r.longestFailureRun).toBe(2);
    expect(r.longestFailureRunMs).toBe(101);
    expect(r.longestFailureRunFromMs).toBe(400);
    expect(r.hostSpans.map((h) => [h.host, h.new, h.answers])).toEqual([
      ['a', false, 2],
      ['b', false, 2],
      ['c', true, 2],
      ['d', true, 2],
    ]);
    expect(r.timeline).toEqual([
      { second: 0, successes: 2, failures: 0 },
      { second: 1, successes: 2, fromNew: 1, failures: 2 },
      { second: 2, successes: 2, fromNew: 1, failures: 1 },
      { second: 3, successes: 2, fromNew: 2, failures: 0 },
    ]);
    expect(describeGroup(r.groups.new)).toBe(
      '4 from 2 hosts, first 0.6 s after, last 2.3 s after the action started: "Hello World v2!"',
    );
  });

  it('counts a known host that the warm-up missed as old, not as a replacement', () => {
    const outcomes = [ok('a', 0), ok('b', 1500), ok('c', 1600)];
    expect(
      analyzeDuring(outcomes, { startedAtMs: 1000, endedAtMs: 1200 }).newHosts.map((h) => h.host),
    ).toEqual(['b', 'c']);
    const known = analyzeDuring(outcomes, { startedAtMs: 1000, endedAtMs: 1200 }, ['a', 'b']);
    expect(known.newHosts.map((h) => h.host)).toEqual(['c']);
    expect(known.groups.old.hosts).toEqual(['a', 'b']);
  });

  it('reports no failure run and no new group when nothing changed', () => {
    const r = analyzeDuring([ok('a', 0), ok('a', 2000)], { startedAtMs: 1000, endedAtMs: 1500 });
    expect(r.longestFailureRunFromMs).toBeNull();
    expect(r.groups.new).toEqual({
      hosts: [],
      answers: 0,
      messages: [],
      firstAnswerMs: null,
      lastAnswerMs: null,
    });
    expect(describeGroup(r.groups.new)).toBe('(none)');
  });
});

describe('parseMessage', () => {
  it("reads the guide's reply, JSON and nothing", () => {
    expect(parseMessage('{ "host": hello-node-abc, "message": "Hello World v2!"}')).toBe('Hello World v2!');
    expect(parseMessage('{"host":"x","message":"hi \\"there\\""}')).toBe('hi "there"');
    expect(parseMessage('hello-node-abc')).toBeUndefined();
  });
});

function report(over: Partial<LbProbeDuringResult> = {}): LbProbeDuringResult {
  const a = analyzeDuring(rollout, { startedAtMs: 1000, endedAtMs: 3000 });
  return {
    url: 'http://127.0.0.1:8080/',
    startedAt: '2026-01-01T00:00:00.000Z',
    requests: rollout.length,
    concurrency: 20,
    timeoutMs: 2000,
    successes: 8,
    failures: 3,
    failuresByKind: { refused: 3 },
    failureExamples: { refused: 'ECONNREFUSED' },
    histogram: [
      { host: 'a', count: 2, share: 0.25 },
      { host: 'b', count: 2, share: 0.25 },
      { host: 'c', count: 2, share: 0.25 },
      { host: 'd', count: 2, share: 0.25 },
    ],
    distinctHosts: 4,
    latencyMs: { min: 5, p50: 5, p95: 5, p99: 5, max: 5, mean: 5 },
    requestsPerSecond: 3.3,
    durationMs: 3305,
    verdict: {
      test: 'chi-square',
      categories: 4,
      missingBackends: 0,
      degreesOfFreedom: 3,
      statistic: 0,
      pValue: 1,
      alpha: 0.01,
      even: true,
      expectedPerBackend: 2,
    },
    ratePerSecond: 25,
    skippedTicks: 0,
    ...a,
    during: 'rollout',
    image: { from: 'labops/hello-node:v1', to: 'labops/hello-node:v2' },
    ...over,
  } as LbProbeDuringResult;
}

describe('the result of /lb probe during:rollout', () => {
  it('says when v2 first answered and v1 last answered, and the failures', () => {
    const r = report();
    expect(duringSummary(r)).toBe(
      'hello-node:v2 rolled out under load: 3 of 11 requests failed (longest run 2); first hello-node:v2 answer 0.6 s after it began, last hello-node:v1 answer 1.0 s after it began',
    );
    const f = Object.fromEntries(duringFields(r).map((x) => [x.name, x.value]));
    expect(f.rollout).toBe('labops/hello-node:v1 → labops/hello-node:v2, settled in 2.0 s');
    expect(f['new version']).toBe(
      'first answer 0.6 s after it began, 4 answers from 2 pods: "Hello World v2!"',
    );
    expect(f['old version']).toBe(
      'last answer 1.0 s after it began, 4 answers: "Hello World!"; both answered for 0.4 s',
    );
    expect(f['failed requests']).toBe('3 of 11 (27.3%): refused 3');
    expect(f['longest failure run']).toBe('2 in a row over 101 ms, 0.4 s after the rollout began');
    expect(f.hosts).toBe('a 2 (25.0%)\nb 2 (25.0%)\nc 2 (25.0%)\nd 2 (25.0%)');
  });

  it('draws the timeline with both versions, the failures and the change, escaping labels', () => {
    const html = timelineHtml(report(), { action: 'rollout <v1> → v2', old: 'v1', new: 'v2', lastOld: true });
    expect(html).toContain('rollout &lt;v1&gt; → v2');
    expect(html).not.toContain('<v1>');
    expect(html.match(/<rect class="fail"/g)).toHaveLength(2);
    expect(html.match(/<rect class="new"/g)).toHaveLength(3);
    expect(html).toContain('class="first-new"');
    expect(html).toContain('class="last-old"');
    expect(html).toContain('first answer of v2: <b>0.6 s</b>');
  });
});
