import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabClient } from '../../src/client/lab-client.js';
import type { JobName } from '../../src/jobs/definitions.js';
import type { JobResult } from '../../src/jobs/events.js';
import { OPENSTACK_CONTROLLER } from '../../src/sim/cloud/presets/k8s-model.js';
import { type KubeLab, startKubeLab } from '../support/kube-lab.js';
import { MUTATING } from '../support/lab-walk.js';
import { enqueue } from '../support/pipeline.js';
import { HELLO_NODE, makeV2Context } from './sim-kube-support.js';

// The Kubernetes recipes through the real pipeline (signed job → BullMQ → runner → recipe),
// against the simulated cluster (real kubectl/client-node API, pods as real processes,
// services as real TCP proxies) and the stand-in juju/openstack of the simulated cloud
// (`ready` preset: Octavia and the k8s model exist). Each mutating job runs twice: the second
// run must report every mutating step as already done and run no mutating command.

const BIN = fileURLToPath(new URL('../../bin/sim/', import.meta.url));
let lab: KubeLab;
let client: LabClient;
let cloudDir: string;
let team: string;
const run = (name: JobName, data: Record<string, unknown> = {}) => lab.run(name, data);
const mutating = (argv: string[]) => MUTATING.test(argv.join(' '));

beforeAll(async () => {
  lab = await startKubeLab({
    'labops/hello-node:v1': HELLO_NODE,
    'labops/hello-node:v2': makeV2Context(),
  });
  ({ client, cloudDir, team } = lab);
}, 60_000);

afterAll(async () => {
  await lab?.close();
});

function expectIdempotent(r: { result?: JobResult; argv: string[][] }, readOnlySteps: string[] = []) {
  for (const s of r.result?.steps ?? [])
    if (!readOnlySteps.includes(s.name)) expect(s.outcome, `${s.name}: ${s.message}`).toBe('already-done');
  expect(r.argv.filter(mutating)).toEqual([]);
}

const report: string[] = [];
const note = (label: string, r: { ms: number; argv: string[][] }) =>
  report.push(`${label}: ${r.argv.length} subprocesses, ${(r.ms / 1000).toFixed(1)} s`);
afterAll(() => console.log(`recipes-kube measurements\n${report.join('\n')}`));

describe('Kubernetes recipes on the simulated lab', () => {
  it('dry run of /deploy hello-node lists the kubectl command and changes nothing', async () => {
    const r = await run('deploy-hello-node', { tag: 'v1', dryRun: true });
    expect(r.state, r.failedReason).toBe('completed');
    expect(r.result?.commands).toEqual([
      ['kubectl', 'create', 'deployment', 'hello-node', '--image=labops/hello-node:v1', '--port=8080'],
    ]);
    const again = await run('deploy-hello-node', { tag: 'v1', dryRun: true });
    expect(again.result?.commands?.length).toBe(1);
  }, 60_000);

  it('/deploy hello-node, twice', async () => {
    const r = await run('deploy-hello-node', { tag: 'v1' });
    note('deploy hello-node', r);
    expect(r.state, r.failedReason).toBe('completed');
    expect(r.result?.summary).toContain('labops/hello-node:v1');
    const again = await run('deploy-hello-node', { tag: 'v1' });
    note('deploy hello-node (again)', again);
    expectIdempotent(again);
  }, 120_000);

  it('/scale hello-node 5 waits for 5 ready, twice; a refused value runs nothing', async () => {
    const r = await run('scale', { deployment: 'hello-node', replicas: 5 });
    note('scale 5', r);
    expect(r.state, r.failedReason).toBe('completed');
    expect(r.result?.summary).toBe('hello-node has 5 ready replicas');
    const again = await run('scale', { deployment: 'hello-node', replicas: 5 });
    expectIdempotent(again);
    await expect(enqueue(client, team, 'scale', { deployment: 'hello-node', replicas: 21 })).rejects.toThrow(
      /at most 20/,
    );
    const dry = await run('scale', { deployment: 'hello-node', replicas: 3, dryRun: true });
    expect(dry.result?.commands).toEqual([['kubectl', 'scale', 'deployment', 'hello-node', '--replicas=3']]);
  }, 180_000);

  it('/expose nodeport: service, open-port on every worker (juju exec), traffic; twice', async () => {
    const r = await run('expose', { mode: 'nodeport' });
    note('expose nodeport', r);
    expect(r.state, r.failedReason).toBe('completed');
    const port = r.result?.fields.find((f) => f.name === 'NodePort')?.value;
    expect(port).toMatch(/^\d+$/);
    expect(
      r.argv.some((a) =>
        a
          .join(' ')
          .includes(
            `exec -m ${OPENSTACK_CONTROLLER}:k8s --unit kubernetes-worker/0 -- open-port ${port}/tcp`,
          ),
      ),
    ).toBe(true);
    const again = await run('expose', { mode: 'nodeport' });
    expectIdempotent(again);
  }, 180_000);

  it('/expose loadbalancer: external IP, Octavia ACTIVE, ten answers; twice', async () => {
    // The cloud controller manager's part: an Octavia LB named after the service.
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
      {
        env: { LABOPS_SIM_DIR: cloudDir, OS_AUTH_URL: 'https://172.16.15.113:5000/v3' },
      },
    );
    const r = await run('expose', { mode: 'loadbalancer' });
    note('expose loadbalancer', r);
    expect(r.state, r.failedReason).toBe('completed');
    const f = Object.fromEntries((r.result?.fields ?? []).map((x) => [x.name, x.value]));
    expect(f['external IP']).toMatch(/^127\.0\.0\.\d+$/);
    expect(f.sample).toMatch(/^10\/10 answered from [2-5] host/);
    expect(f.try).toContain(`curl -s http://${f['external IP']}:8080/`);
    const again = await run('expose', { mode: 'loadbalancer' });
    expectIdempotent(again);
  }, 240_000);

  it('/rollout v2 changes the answers, twice', async () => {
    const r = await run('rollout', { tag: 'v2' });
    note('rollout v2', r);
    expect(r.state, r.failedReason).toBe('completed');
    const answers = r.result?.fields.find((x) => x.name === 'answers')?.value;
    expect(answers).toBe('answers changed from "Hello World!" to "Hello World v2!"');
    const again = await run('rollout', { tag: 'v2' });
    expectIdempotent(again);
  }, 240_000);

  it('/rollout to a tag that was never pushed rolls back by itself and says why', async () => {
    const r = await run('rollout', { tag: 'v9' });
    note('rollout v9 (auto rollback)', r);
    expect(r.state).toBe('failed');
    expect(r.failedReason).toMatch(
      /^\[IMAGE_PULL_FAILED\] rollout to v9 failed, so it was rolled back to revision \d+ \(labops\/hello-node:v2\): .*(ImagePullBackOff|ErrImagePull)/,
    );
    const status = await run('status');
    expect(status.result?.fields.find((x) => x.name === 'kubernetes')?.value).toContain(
      '5/5 ready, labops/hello-node:v2',
    );
  }, 240_000);

  it('/rollback undoes the last rollout, twice', async () => {
    // v9 was undone already: that restored revision counts as a rollback.
    const first = await run('rollback');
    expectIdempotent(first);
    await run('rollout', { tag: 'v1' }); // forward again: a new revision
    const r = await run('rollout', { tag: 'v2' });
    expect(r.state, r.failedReason).toBe('completed');
    const back = await run('rollback');
    note('rollback', back);
    expect(back.state, back.failedReason).toBe('completed');
    expect(back.result?.summary).toBe('hello-node runs labops/hello-node:v1');
    const again = await run('rollback');
    expectIdempotent(again);
  }, 300_000);

  it('/chaos delete-pod replaces the pod; a named pod that is gone is already done', async () => {
    const r = await run('chaos-delete-pod');
    note('chaos delete-pod', r);
    expect(r.state, r.failedReason).toBe('completed');
    const victim = r.result?.fields.find((x) => x.name === 'deleted')?.value ?? '';
    expect(r.result?.summary).toMatch(/ took its place in [\d.]+ s$/);
    const again = await run('chaos-delete-pod', { pod: victim });
    expectIdempotent(again);
  }, 180_000);
});
