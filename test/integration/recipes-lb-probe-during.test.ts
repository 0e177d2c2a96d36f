import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import { runSlash } from '../../src/cli/run-slash.js';
import type { JobOutcome, LabClient } from '../../src/client/lab-client.js';
import { prepareJob } from '../../src/client/prepare.js';
import { lb } from '../../src/commands/lb.js';
import { TIMELINE_WIDTH } from '../../src/evidence/probe/timeline-picture.js';
import { HISTOGRAM_WIDTH } from '../../src/evidence/render/histogram.js';
import { readPngInfo } from '../../src/evidence/render/png.js';
import { type JobName, jobMutates, jobs } from '../../src/jobs/definitions.js';
import type { JobResult } from '../../src/jobs/events.js';
import type { LbProbeDuringResult } from '../../src/runners/recipes/lb-probe/during.js';
import { artifactStore } from '../../src/services/artifacts.js';
import { connectRedis } from '../../src/shared/redis.js';
import type { KubeSim } from '../../src/sim/kube/index.js';
import { type KubeLab, startKubeLab } from '../support/kube-lab.js';
import { enqueue } from '../support/pipeline.js';
import { HELLO_NODE, kubectl, makeV2Context } from './sim-kube-support.js';

// `/lb probe during:…` through the real pipeline (signed job → BullMQ → runner → recipe) on the
// simulated lab: hello-node v1 with 5 replicas behind the LoadBalancer (pods are real
// processes, the LoadBalancer a real round-robin TCP proxy), then a pod deletion and a
// rollout to v2 while the probe runs.

const BIN = fileURLToPath(new URL('../../bin/sim/', import.meta.url));
let lab: KubeLab;
let redis: EmbeddedRedis;
let sim: KubeSim;
let client: LabClient;
let cloudDir: string;
let team: string;
let commands: Map<string, string[][]>;

async function run(name: JobName, data: Record<string, unknown> = {}) {
  const jobId = await enqueue(client, team, name, data);
  return outcome(jobId, await client.follow(team, jobId));
}

function outcome(jobId: string, o: JobOutcome) {
  return {
    state: o.state,
    result: o.state === 'completed' ? (o.result as JobResult) : undefined,
    failedReason: o.state === 'failed' ? `[${o.code}] ${o.message}` : undefined,
    argv: commands.get(jobId) ?? [],
  };
}

const field = (r: { result?: JobResult }, name: string) =>
  r.result?.fields.find((f) => f.name === name)?.value;

/** hello-node's pods (name, image, ready) as kubectl sees them. */
async function pods(): Promise<{ name: string; image: string; ready: boolean; deleting: boolean }[]> {
  const r = await kubectl(sim, ['get', 'pods', '-l', 'app=hello-node', '-o', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout).items as any[]).map((p) => ({
    name: p.metadata.name,
    image: p.spec.containers[0].image,
    ready: Boolean(p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')),
    deleting: Boolean(p.metadata.deletionTimestamp),
  }));
}

async function deploymentImage(): Promise<string> {
  const r = await kubectl(sim, [
    'get',
    'deployment',
    'hello-node',
    '-o',
    'jsonpath={.spec.template.spec.containers[0].image}',
  ]);
  return r.stdout.trim();
}

async function expectPng(r: { result?: JobResult }, name: string, width: number) {
  const ref = r.result?.artifacts.find((a) => a.name === name);
  expect(ref, `${name} attached`).toBeDefined();
  const conn = connectRedis(redis.url, 'producer');
  try {
    const got = await artifactStore(conn, team, { ttlS: 600, maxBytes: 8 << 20 }).get(ref!.id);
    expect(readPngInfo(got!.body).width).toBe(width);
  } finally {
    conn.disconnect();
  }
}

/** `runSlash` as `labops run "<line>"` without a terminal; stdout and stderr captured. */
async function slash(line: string, o: { yes?: boolean } = {}) {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c) => {
    stdout += String(c);
  });
  err.on('data', (c) => {
    stderr += String(c);
  });
  let jobId: string | undefined;
  const code = await runSlash(line, client, {
    team,
    json: true,
    yes: o.yes,
    out,
    err,
    onOutcome: async (oc, id) => {
      jobId = id;
      stdout = JSON.stringify(oc);
      return oc.state === 'completed' ? 0 : 1;
    },
  });
  return { code, stdout, stderr, jobId };
}

beforeAll(async () => {
  lab = await startKubeLab({
    'labops/hello-node:v1': HELLO_NODE,
    'labops/hello-node:v2': makeV2Context(),
  });
  ({ redis, sim, client, cloudDir, team, commands } = lab);
  // The lab as checkpoint 6 finds it: 5 replicas of v1 behind the LoadBalancer.
  for (const [name, data] of [
    ['deploy-hello-node', { tag: 'v1' }],
    ['scale', { deployment: 'hello-node', replicas: 5 }],
  ] as const) {
    const r = await run(name, data);
    expect(r.state, `${name}: ${r.failedReason}`).toBe('completed');
  }
  await execa(
    join(BIN, 'openstack'),
    [
      'loadbalancer',
      'create',
      '--name',
      'kube_service_kubernetes-sim_default_hello-node',
      '--vip-subnet-id',
      'int_subnet',
    ],
    { env: { LABOPS_SIM_DIR: cloudDir, OS_AUTH_URL: 'https://172.16.15.113:5000/v3' } },
  );
  const exposed = await run('expose', { mode: 'loadbalancer' });
  expect(exposed.state, exposed.failedReason).toBe('completed');
}, 240_000);

afterAll(async () => {
  await lab?.close();
});

describe('/lb probe during a change, on the simulated lab', () => {
  it('bad input is refused with a clear message, and nothing runs', async () => {
    const before = await pods();
    const image = await deploymentImage();
    const refusal = (raw: Record<string, unknown>) => {
      try {
        prepareJob(lb, { subcommand: 'probe', ...raw });
        return 'accepted';
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(refusal({ during: 'scale-down' })).toBe('/lb: during: during is one of: delete-pod, rollout');
    expect(refusal({ during: 'rollout' })).toBe(
      '/lb: tag: during:rollout needs the tag to roll out, e.g. tag:v2',
    );
    expect(refusal({ during: 'delete-pod', tag: 'v2' })).toBe('/lb: tag: tag goes only with during:rollout');
    expect(refusal({ during: 'rollout', tag: '-v2' })).toMatch(/^\/lb: tag: a Docker tag has 1 to 128/);

    // The same refusals through `labops run`, which confirms a mutating command first.
    const unknown = await slash('/lb probe during:scale-down --yes');
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toContain('during is one of: delete-pod, rollout');
    const noTag = await slash('/lb probe during:rollout --yes');
    expect(noTag.code).toBe(2);
    expect(noTag.stdout).toContain('during:rollout needs the tag');
    const unconfirmed = await slash('/lb probe during:delete-pod');
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stdout).toContain('changes the lab: confirm with --yes');
    expect(unconfirmed.jobId).toBeUndefined();

    // Signed data that skipped the command's checks is refused again by the runner.
    for (const data of [
      { requests: 100, during: 'scale-down' },
      { requests: 100, during: 'rollout' },
    ]) {
      const jobId = `lb-probe-bad-${Math.random().toString(36).slice(2, 8)}`;
      await client.enqueue({
        team,
        jobId,
        def: jobs['lb-probe'],
        data: { ...data, dryRun: false },
        requestedBy: { id: 'test:1', name: 'tester', via: 'cli' },
      });
      const r = outcome(jobId, await client.follow(team, jobId));
      expect(r.state).toBe('failed');
      expect(r.failedReason).toMatch(/^\[BAD_INPUT\] job refused: bad data for lb-probe: (during|tag): /);
      expect(r.argv).toEqual([]);
    }
    expect((await pods()).map((p) => p.name).sort()).toEqual(before.map((p) => p.name).sort());
    expect(await deploymentImage()).toBe(image);
  }, 60_000);

  it('with during it is a mutating job (lab lock, confirmation, rate limits); without, it only reads', () => {
    const def = jobs['lb-probe'];
    expect(jobMutates(def, def.data.parse({}))).toBe(false);
    expect(jobMutates(def, def.data.parse({ during: 'delete-pod' }))).toBe(true);
    expect(jobMutates(def, def.data.parse({ during: 'rollout', tag: 'v2' }))).toBe(true);
  });

  it('without during it probes once and changes nothing, as before', async () => {
    const before = await pods();
    const r = await run('lb-probe', { requests: 50 });
    expect(r.state, r.failedReason).toBe('completed');
    expect(r.result?.fields.map((f) => f.name)).toEqual([
      'requests',
      'successes',
      'failures',
      'hosts',
      'latency',
      'rate',
      'verdict',
    ]);
    expect(field(r, 'successes')).toBe('50');
    expect(r.result?.artifacts.map((a) => a.name).filter((n) => n.endsWith('.png'))).toEqual([
      'lb-probe-histogram.png',
    ]);
    expect((await pods()).map((p) => p.name).sort()).toEqual(before.map((p) => p.name).sort());
  }, 60_000);

  it('dry run lists the pod it would delete and the image it would set, and changes nothing', async () => {
    const before = await pods();
    const del = await run('lb-probe', { during: 'delete-pod', dryRun: true });
    expect(del.state, del.failedReason).toBe('completed');
    expect(del.result?.summary).toMatch(
      /^dry run: would probe http:\/\/127\.0\.0\.\d+:8080\/ while deleting pod hello-node-/,
    );
    expect(del.result?.commands).toHaveLength(1);
    const [cmd] = del.result?.commands ?? [];
    expect(cmd?.slice(0, 3)).toEqual(['kubectl', 'delete', 'pod']);
    expect(before.map((p) => p.name)).toContain(cmd?.[3]);
    const roll = await run('lb-probe', { during: 'rollout', tag: 'v2', dryRun: true });
    expect(roll.state, roll.failedReason).toBe('completed');
    expect(roll.result?.commands).toEqual([
      ['kubectl', 'set', 'image', 'deployment/hello-node', 'hello-node=labops/hello-node:v2'],
    ]);
    expect(field(roll, 'plan')).toContain('25 requests/s');
    expect((await pods()).map((p) => p.name).sort()).toEqual(before.map((p) => p.name).sort());
    expect(await deploymentImage()).toBe('labops/hello-node:v1');
  }, 60_000);

  it('during:delete-pod reports the replacement that answered and a bounded failure run', async () => {
    const before = await pods();
    const r = await slash('/lb probe during:delete-pod --yes');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const o = outcome(r.jobId!, JSON.parse(r.stdout));
    const data = o.result?.data as LbProbeDuringResult;
    expect(data.during).toBe('delete-pod');
    if (data.during !== 'delete-pod') return;
    const victim = data.victim;
    expect(before.map((p) => p.name)).toContain(victim);

    // The replacement is a pod that did not exist before, and it answered during the run.
    const replacement = data.newHosts[0];
    expect(replacement).toBeDefined();
    expect(before.map((p) => p.name)).not.toContain(replacement?.host);
    expect(data.replacementFirstSeenMs).toBe(replacement?.firstSeenMs);
    expect(data.replacementFirstSeenMs).toBeGreaterThan(0);
    expect(data.replacementFirstSeenMs).toBeLessThanOrEqual(data.action.durationMs + 500);
    expect(data.groups.new.hosts).toEqual([replacement?.host]);
    expect(data.lostHosts).toEqual([victim]);
    expect(data.hostsAfter).toContain(replacement?.host);
    expect(data.hostsAfter).not.toContain(victim);
    // Probing went on after the change: the tail answered, from 5 hosts.
    expect(data.durationMs).toBeGreaterThanOrEqual(data.action.endedAtMs + 3_000 - 100);
    expect(data.hostsAfter).toHaveLength(5);
    expect(data.timeline.at(-1)?.failures).toBe(0);
    // A bounded failure run: the load balancer skips the terminating pod.
    const failures = JSON.stringify(data.failuresByKind);
    expect(data.longestFailureRun, failures).toBeLessThanOrEqual(10);
    expect(data.longestFailureRunMs, failures).toBeLessThan(3_000);
    expect(data.failureShare, failures).toBeLessThan(0.1);
    expect(data.requests).toBeGreaterThanOrEqual(100);
    expect(data.ratePerSecond).toBe(25);

    expect(o.result?.summary).toMatch(
      new RegExp(
        `^${victim} deleted under load: \\d+ of \\d+ requests failed \\(longest run \\d+\\); ${replacement?.host} answered \\d+\\.\\d s after the deletion$`,
      ),
    );
    expect(field(o, 'replacement')).toMatch(
      new RegExp(`^${replacement?.host} first answered \\d+\\.\\d s after the deletion$`),
    );
    expect(field(o, 'failed requests')).toMatch(/^\d+ of \d+ \(\d+\.\d%\)/);
    expect(field(o, 'longest failure run')).toMatch(
      /^(none|\d+ in a row over \d+ ms, \d+\.\d s (before|after) the deletion)$/,
    );
    expect(field(o, 'hosts')?.split('\n')).toHaveLength(6);
    await expectPng(o, 'lb-probe-histogram.png', HISTOGRAM_WIDTH);
    await expectPng(o, 'lb-probe-timeline.png', TIMELINE_WIDTH);

    const after = await pods();
    expect(after.map((p) => p.name)).not.toContain(victim);
    expect(after.filter((p) => p.ready && !p.deleting)).toHaveLength(5);
  }, 120_000);

  it('during:rollout to v2 reports the first v2 answer and the last v1 answer, v1 before v2', async () => {
    const before = await pods();
    const r = await run('lb-probe', { during: 'rollout', tag: 'v2' });
    expect(r.state, r.failedReason).toBe('completed');
    const data = r.result?.data as LbProbeDuringResult;
    expect(data.during).toBe('rollout');
    if (data.during !== 'rollout') return;
    expect(data.image).toEqual({ from: 'labops/hello-node:v1', to: 'labops/hello-node:v2' });
    const { old: v1, new: v2 } = data.groups;
    // Who is who: the pods there before said v1's message, the new ones v2's.
    expect(v1.hosts.every((h) => before.some((p) => p.name === h))).toBe(true);
    expect(v1.messages).toEqual(['Hello World!']);
    expect(v2.messages).toEqual(['Hello World v2!']);
    expect(v2.hosts).toHaveLength(5);
    expect(v2.hosts.some((h) => before.some((p) => p.name === h))).toBe(false);
    // v1 answered first and stopped first; v2 first answered after the rollout began.
    expect(v1.firstAnswerMs).toBeLessThan(0);
    expect(v2.firstAnswerMs).toBeGreaterThan(0);
    expect(v1.firstAnswerMs!).toBeLessThan(v2.firstAnswerMs!);
    expect(v1.lastAnswerMs!).toBeLessThan(v2.lastAnswerMs!);
    expect(v1.lastAnswerMs!).toBeLessThanOrEqual(data.action.durationMs + 500);
    // After the rollout only v2 answers.
    expect(data.hostsAfter.every((h) => v2.hosts.includes(h))).toBe(true);
    // Old pods stop with connections open, new node processes start: a few resets or timeouts.
    const failures = JSON.stringify(data.failuresByKind);
    expect(data.longestFailureRunMs, failures).toBeLessThan(5_000);
    expect(data.failureShare, failures).toBeLessThan(0.25);

    expect(r.result?.summary).toMatch(
      /^hello-node:v2 rolled out under load: \d+ of \d+ requests failed \(longest run \d+\); first hello-node:v2 answer \d+\.\d s after it began, last hello-node:v1 answer \d+\.\d s after it began$/,
    );
    expect(field(r, 'new version')).toMatch(
      /^first answer \d+\.\d s after it began, \d+ answers from 5 pods: "Hello World v2!"$/,
    );
    expect(field(r, 'old version')).toMatch(
      /^last answer \d+\.\d s after it began, \d+ answers: "Hello World!"/,
    );
    await expectPng(r, 'lb-probe-timeline.png', TIMELINE_WIDTH);
    expect(await deploymentImage()).toBe('labops/hello-node:v2');
    const after = await pods();
    expect(after.filter((p) => p.ready && !p.deleting).map((p) => p.image)).toEqual(
      Array(5).fill('labops/hello-node:v2'),
    );

    // Once v2 runs, a second rollout to v2 changes nothing and probes nothing.
    const again = await run('lb-probe', { during: 'rollout', tag: 'v2' });
    expect(again.state, again.failedReason).toBe('completed');
    expect(again.result?.summary).toBe(
      'hello-node already runs labops/hello-node:v2: nothing rolled out, so nothing was probed',
    );
    expect(again.result?.steps.at(-1)?.outcome).toBe('already-done');
    expect(again.result?.artifacts.filter((a) => a.name.endsWith('.png'))).toEqual([]);
  }, 180_000);

  it('during:rollout to a tag that was never pushed fails, rolled back, saying what the probe saw', async () => {
    const r = await run('lb-probe', { during: 'rollout', tag: 'v9' });
    expect(r.state).toBe('failed');
    expect(r.failedReason).toMatch(
      /^\[IMAGE_PULL_FAILED\] rollout to v9 failed, so it was rolled back to revision \d+ \(labops\/hello-node:v2\): .*; meanwhile \d+ of \d+ requests failed \(longest run \d+\)$/,
    );
    expect(await deploymentImage()).toBe('labops/hello-node:v2');
  }, 180_000);
});
