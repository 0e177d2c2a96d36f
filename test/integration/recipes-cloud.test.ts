import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import type { LabClient } from '../../src/client/lab-client.js';
import type { JobName } from '../../src/jobs/definitions.js';
import { recipes } from '../../src/runners/recipes/index.js';
import type { RunnerHandle } from '../../src/runners/worker.js';
import { initCloud, isKubernetesDeployed, isOctaviaActive } from '../../src/sim/cloud/index.js';
import { type KubeSim, startKubeSim } from '../../src/sim/kube/index.js';
import { MUTATING } from '../support/lab-walk.js';
import { enqueue, freshTeam, simCloudRunner, testClient, testKeys } from '../support/pipeline.js';
import { startTestRedis } from '../support/redis.js';

// The cloud recipes through the real pipeline against the stand-in juju / openstack / docker
// of the simulated cloud (`fresh` preset, 100x faster): each mutating job runs twice and the
// second run must run no mutating command; a dry run lists the exact argv and changes nothing.

const BIN = fileURLToPath(new URL('../../bin/sim/', import.meta.url));
let redis: EmbeddedRedis;
let runner: RunnerHandle;
let client: LabClient;
let dir: string;
let kube: KubeSim;
const team = freshTeam();
const keys = testKeys();
const commands = new Map<string, string[][]>();
const env = () => ({ LABOPS_SIM_DIR: dir, OS_AUTH_URL: 'https://172.16.15.113:5000/v3' });

async function run(name: JobName, data: Record<string, unknown> = {}) {
  const jobId = await enqueue(client, team, name, data);
  const started = Date.now();
  const o = await client.follow(team, jobId);
  return {
    state: o.state,
    result: o.state === 'completed' ? o.result : undefined,
    failedReason: o.state === 'failed' ? `[${o.code}] ${o.message}` : undefined,
    ms: Date.now() - started,
    argv: commands.get(jobId) ?? [],
  };
}
const mutating = (argv: string[]) => MUTATING.test(argv.join(' '));
const report: string[] = [];
const note = (label: string, r: { ms: number; argv: string[][] }) =>
  report.push(`${label}: ${r.argv.length} subprocesses, ${(r.ms / 1000).toFixed(1)} s`);

beforeAll(async () => {
  redis = await startTestRedis();
  dir = mkdtempSync(join(tmpdir(), 'recipes-cloud-'));
  writeFileSync(join(dir, 'sim.json'), JSON.stringify({ timeScale: 0.01 }));
  await initCloud(dir, 'fresh');
  // The cluster `juju ssh kubernetes-control-plane/leader -- cat config` hands out.
  kube = await startKubeSim({
    stateDir: dir,
    timeScale: 0.05,
    resolveImage: async () => null,
    loadBalancerReady: () => true,
  });
  runner = await simCloudRunner({
    redisUrl: redis.url,
    team,
    keys,
    recipes,
    simDir: dir,
    commands,
    env: { OS_PASSWORD: 'pw' },
    config: { LABOPS_KUBECONFIG: join(dir, 'client-kubeconfig') },
  });
  client = testClient(redis.url, keys);
}, 60_000);

afterAll(async () => {
  console.log(`recipes-cloud measurements\n${report.join('\n')}`);
  await runner?.close();
  await client?.close();
  await kube?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('cloud recipes on the simulated cloud', () => {
  it('/deploy octavia: dry run lists argv, then converges, then changes nothing', async () => {
    const dry = await run('deploy-octavia', { dryRun: true });
    expect(dry.state, dry.failedReason).toBe('completed');
    const lines = (dry.result?.commands ?? []).map((a) => a.join(' '));
    expect(lines).toContain(
      'juju deploy -m maas-controller:openstack barbican --channel 2023.2/stable --to lxd:1',
    );
    expect(lines).toContain('juju integrate -m maas-controller:openstack octavia:amqp rabbitmq-server:amqp');
    expect(lines.filter((l) => l.startsWith('openssl '))).toHaveLength(6);
    // The keys reach juju in a file under $HOME (the juju 3 snap reads nothing else), never on argv.
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^juju config -m maas-controller:openstack octavia --file \/\S+\/labops-tmp\/octavia-certs-\S+\/octavia-config\.yaml$/,
      ),
    );
    expect(lines.filter((l) => l.includes('lb-mgmt-'))).toEqual([]);
    expect(await isOctaviaActive(dir)).toBe(false);

    const r = await run('deploy-octavia');
    note('deploy octavia', r);
    expect(r.state, r.failedReason).toBe('completed');
    expect(await isOctaviaActive(dir)).toBe(true);
    const again = await run('deploy-octavia');
    note('deploy octavia (again)', again);
    // `role assignment list` shows the role given on the first run, so nothing is added again.
    expect(again.argv.filter(mutating)).toEqual([]);
    expect(again.result?.steps.filter((s) => s.outcome === 'done').map((s) => s.name)).toEqual([
      'health snapshot (before)',
      'health snapshot (after)',
    ]);
  }, 300_000);

  it('/deploy webserver --dry-run lists every command, the floating IP attach included, and creates nothing', async () => {
    const dry = await run('deploy-webserver', { dryRun: true });
    expect(dry.state, dry.failedReason).toBe('completed');
    const lines = (dry.result?.commands ?? []).map((a) => a.join(' '));
    expect(lines).toContainEqual(expect.stringMatching(/^openstack security group create .*web-server-sg/));
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^openstack server create .*--user-data \/\S+\/labops-tmp\/user-data-\S+\/user-data\.yaml .*juju-openstack-web-server/,
      ),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^openstack floating ip create /));
    expect(lines).toContain('openstack server add floating ip juju-openstack-web-server <new floating IP>');
    const servers = await execa(join(BIN, 'openstack'), ['server', 'list', '-f', 'json'], { env: env() });
    expect(JSON.parse(servers.stdout)).toEqual([]);
  }, 60_000);

  it('/quota sets 100/100 and shows it; twice', async () => {
    const r = await run('quota', {});
    note('quota', r);
    expect(r.state, r.failedReason).toBe('completed');
    expect(r.result?.summary).toBe('project admin: cores 100, instances 100');
    const again = await run('quota', {});
    expect(again.argv.filter(mutating)).toEqual([]);
  }, 60_000);

  it('/image build and push v1: a push without login fails with the hint; then twice', async () => {
    // The docker adapter lists images with `--format '{{json .}}'`: one object per line.
    const probe = await execa(join(BIN, 'docker'), ['images', '--format', '{{json .}}'], { env: env() });
    expect(probe.stdout.trim() === '' || probe.stdout.trim().startsWith('{'), probe.stdout).toBe(true);
    const b = await run('image-build', { tag: 'v1' });
    note('image build v1', b);
    expect(b.state, b.failedReason).toBe('completed');
    const denied = await run('image-push', { tag: 'v1' });
    expect(denied.failedReason).toMatch(
      /^\[NOT_READY\] Docker is not logged in to Docker Hub \(.*\)\. Run `docker login -u labops` on the runner first \(step 5\)\.$/,
    );
    await execa(join(BIN, 'docker'), ['login', '-u', 'labops', '--password-stdin'], {
      input: 'pw\n',
      env: env(),
    });
    const p = await run('image-push', { tag: 'v1' });
    note('image push v1', p);
    expect(p.state, p.failedReason).toBe('completed');
    const again = await run('image-push', { tag: 'v1' });
    expect(again.argv.filter(mutating)).toEqual([]);
    const b2 = await run('image-build', { tag: 'v2' });
    expect(b2.state, b2.failedReason).toBe('completed');
  }, 120_000);

  it('/deploy k8s: cloud, bootstrap, bundle, integrator, kubeconfig; twice', async () => {
    // As a retry after a failed bootstrap finds them: the cloud and its credential are on the
    // client already, so `add-cloud`/`add-credential` refuse (juju-client-texts.txt) and the
    // recipe updates them instead. Juju 3.6 refuses `add-credential --replace` outright.
    const home = mkdtempSync(join(tmpdir(), 'recipes-cloud-home-'));
    const file = join(home, 'pre.yaml');
    writeFileSync(
      file,
      'clouds:\n  insper-openstack:\n    type: openstack\n    regions:\n      RegionOne:\n        endpoint: https://172.16.15.113:5000/v3\n' +
        'credentials:\n  insper-openstack:\n    admin:\n      auth-type: userpass\n      username: admin\n      password: old\n',
    );
    for (const args of [['add-cloud'], ['add-credential']])
      expect(
        (
          await execa(join(BIN, 'juju'), [...args, '--client', 'insper-openstack', '-f', file], {
            reject: false,
            env: { ...env(), HOME: home },
          })
        ).exitCode,
      ).toBe(0);
    const r = await run('deploy-k8s');
    note('deploy k8s', r);
    expect(r.state, r.failedReason).toBe('completed');
    const lines = r.argv.map((a) => a.join(' '));
    expect(lines).toContainEqual(
      expect.stringMatching(/^juju update-cloud --client insper-openstack -f \S+$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^juju update-credential --client insper-openstack -f \S+$/),
    );
    expect(lines.filter((l) => /--replace|use-floating-ip/.test(l))).toEqual([]);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^juju bootstrap .* --model-default network=\S+ --model-default external-network=\S+ --bootstrap-constraints allocate-public-ip=true$/,
      ),
    );
    expect(lines).toContain(
      'juju set-model-constraints -m insper-openstack-regionone:k8s allocate-public-ip=true',
    );
    expect(await isKubernetesDeployed(dir)).toBe(true);
    const again = await run('deploy-k8s');
    note('deploy k8s (again)', again);
    expect(again.argv.filter(mutating)).toEqual([]);
  }, 300_000);
});
