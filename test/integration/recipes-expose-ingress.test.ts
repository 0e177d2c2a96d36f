import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import type { LabClient } from '../../src/client/lab-client.js';
import { type CheckpointReport, disposeBrowser } from '../../src/evidence/index.js';
import type { JobName } from '../../src/jobs/definitions.js';
import { recipes } from '../../src/runners/recipes/index.js';
import { OPENSTACK_CONTROLLER } from '../../src/sim/cloud/presets/k8s-model.js';
import type { KubeSim } from '../../src/sim/kube/index.js';
import { type KubeLab, startKubeLab } from '../support/kube-lab.js';
import { MUTATING } from '../support/lab-walk.js';
import { enqueue, freshTeam, simCloudRunner } from '../support/pipeline.js';
import { HELLO_NODE, kubectl } from './sim-kube-support.js';

// `/expose ingress` through the real pipeline (signed job → BullMQ → runner → recipe) on the
// simulated lab: the stand-in juju of the `ready` preset (its kubernetes-worker addresses are
// Nova addresses nothing answers on) and the simulated cluster with the workers' ingress-nginx
// on the node address 127.0.0.1 at the port it publishes. Then checkpoint 4 through the Ingress.

let lab: KubeLab;
let redis: EmbeddedRedis;
let sim: KubeSim;
let client: LabClient;
let cloudDir: string;
let port = 0;
let team: string;
let keys: KubeLab['keys'];
let commands: Map<string, string[][]>;
const HOST = 'hello-node.127.0.0.1.nip.io';

async function run(name: JobName, data: Record<string, unknown> = {}, on: { team: string } = { team }) {
  const jobId = await enqueue(client, on.team, name, data);
  const o = await client.follow(on.team, jobId);
  return {
    state: o.state,
    result: o.state === 'completed' ? o.result : undefined,
    failedReason: o.state === 'failed' ? `[${o.code}] ${o.message}` : undefined,
    argv: commands.get(jobId) ?? [],
  };
}

const field = (r: Awaited<ReturnType<typeof run>>, name: string) =>
  r.result?.fields.find((f) => f.name === name)?.value;

beforeAll(async () => {
  lab = await startKubeLab({ 'labops/hello-node:v1': HELLO_NODE });
  ({ redis, sim, client, cloudDir, team, keys, commands } = lab);
  const ds = await kubectl(sim, [
    'get',
    'daemonset',
    '-n',
    'ingress-nginx-kubernetes-worker',
    '-o',
    'jsonpath={.items[0].spec.template.spec.containers[0].ports[0].hostPort}',
  ]);
  port = Number(ds.stdout);
  const deployed = await run('deploy-hello-node', { tag: 'v1' });
  expect(deployed.state, deployed.failedReason).toBe('completed');
}, 90_000);

afterAll(async () => {
  await disposeBrowser();
  await lab?.close();
});

describe('/expose ingress on the simulated lab', () => {
  it('dry run: the exact kubectl commands, with the worker address where the controller answers', async () => {
    const r = await run('expose', { mode: 'ingress', dryRun: true });
    expect(r.state, r.failedReason).toBe('completed');
    expect(r.result?.commands).toEqual([
      ['kubectl', 'expose', 'deployment', 'hello-node', '--port=8080'],
      ['kubectl', 'create', 'ingress', 'hello-node', `--rule=${HOST}/*=hello-node:8080`],
    ]);
    expect((await kubectl(sim, ['get', 'ingress', '-o', 'name'])).stdout).toBe('');
  }, 60_000);

  it('waits until the page answers through the ingress, and shows the URL', async () => {
    // No ready pod yet: the controller answers 503 until the deployment is scaled up.
    expect((await kubectl(sim, ['scale', 'deployment', 'hello-node', '--replicas=0'])).code).toBe(0);
    const pending = run('expose', { mode: 'ingress' });
    await new Promise((res) => setTimeout(res, 3_000));
    expect((await kubectl(sim, ['scale', 'deployment', 'hello-node', '--replicas=3'])).code).toBe(0);
    const r = await pending;
    expect(r.state, r.failedReason).toBe('completed');
    const url = `http://${HOST}:${port}/`;
    expect(r.result?.summary).toBe(`hello-node exposed (ingress) at ${url}`);
    expect(field(r, 'Ingress host')).toBe(HOST);
    expect(field(r, 'ingress controller')).toBe(`127.0.0.1:${port}`);
    expect(field(r, 'sample')).toMatch(/^5\/5 answered from [23] host\(s\): "Hello World!"$/);
    expect(field(r, 'without DNS')).toBe(`curl -s --resolve ${HOST}:${port}:127.0.0.1 ${url}`);
    expect(r.result?.steps?.map((s) => [s.name, s.outcome])).toEqual([
      ['service hello-node (ClusterIP)', 'done'],
      ['ingress controller on the workers', 'already-done'],
      ['ingress hello-node (networking.k8s.io/v1, nip.io)', 'done'],
      ['answers through the ingress', 'done'],
    ]);
    const ing = await kubectl(sim, [
      'get',
      'ingress',
      'hello-node',
      '-o',
      'jsonpath={.apiVersion} {.spec.ingressClassName} {.spec.rules[0].host} {.status.loadBalancer.ingress[0].ip}',
    ]);
    expect(ing.stdout).toBe(`networking.k8s.io/v1 nginx-ingress-controller ${HOST} 127.0.0.1`);
  }, 180_000);

  it('a second /expose ingress changes nothing', async () => {
    const r = await run('expose', { mode: 'ingress' });
    expect(r.state, r.failedReason).toBe('completed');
    for (const s of r.result?.steps ?? []) expect(s.outcome, `${s.name}: ${s.message}`).toBe('already-done');
    expect(r.argv.filter((a) => MUTATING.test(a.join(' ')))).toEqual([]);
    expect(r.result?.summary).toBe(`hello-node exposed (ingress) at http://${HOST}:${port}/`);
  }, 120_000);

  it('checkpoint 4 passes through the Ingress, and fails when nothing answers behind it', async () => {
    const r = await run('checkpoint', { n: 4 });
    expect(r.state, r.failedReason).toBe('completed');
    const report = r.result?.data as CheckpointReport;
    const crit = (id: string) => report.criteria.find((c) => c.id === id);
    expect(report.passed, JSON.stringify(report.criteria)).toBe(true);
    expect(crit('exposed')?.measured).toBe(`Ingress with host ${HOST}, ADDRESS 127.0.0.1`);
    expect(crit('page-answers')?.measured).toMatch(
      new RegExp(
        `^http://${HOST.replace(/\./g, '\\.')}:${port}/ → HTTP 200 from hello-node-\\S+: "Hello World!"$`,
      ),
    );

    expect((await kubectl(sim, ['scale', 'deployment', 'hello-node', '--replicas=0'])).code).toBe(0);
    const down = await run('checkpoint', { n: 4 });
    const downReport = down.result?.data as CheckpointReport;
    expect(downReport.passed).toBe(false);
    expect(downReport.criteria.find((c) => c.id === 'page-answers')?.measured).toBe(
      `not measured: nothing answers through the Ingress at http://${HOST}:${port}/`,
    );
    expect((await kubectl(sim, ['scale', 'deployment', 'hello-node', '--replicas=3'])).code).toBe(0);
  }, 240_000);

  it('with no worker address anywhere it fails naming what is missing, and creates nothing', async () => {
    // A runner pointed at a Juju model that does not exist, on a cluster whose node is gone.
    const other = freshTeam();
    const lonely = await simCloudRunner({
      redisUrl: redis.url,
      team: other,
      keys,
      recipes,
      simDir: cloudDir,
      commands,
      env: { KUBECONFIG: sim.kubeconfigPath },
      config: { LABOPS_JUJU_K8S_MODEL: `${OPENSTACK_CONTROLLER}:nowhere` },
    });
    try {
      expect((await kubectl(sim, ['delete', 'ingress', 'hello-node'])).code).toBe(0);
      expect((await kubectl(sim, ['delete', 'node', 'kubernetes-worker-0'])).code).toBe(0);
      const r = await run('expose', { mode: 'ingress' }, { team: other });
      expect(r.state).toBe('failed');
      expect(r.failedReason).toBe(
        `[JUJU_NOT_FOUND] no address for the Kubernetes workers: \`juju status -m ${OPENSTACK_CONTROLLER}:nowhere\` lists no kubernetes-worker unit with an address and the cluster lists no node address (\`kubectl get nodes -o wide\`); run \`/deploy k8s\` first`,
      );
      expect((await kubectl(sim, ['get', 'ingress', '-o', 'name'])).stdout).toBe('');
    } finally {
      await lonely.close();
    }
  }, 120_000);
});
