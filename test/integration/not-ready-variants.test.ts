import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import type { JobName } from '../../src/jobs/definitions.js';
import { recipes } from '../../src/runners/recipes/index.js';
import { initCloud } from '../../src/sim/cloud/index.js';
import { MUTATING } from '../support/lab-walk.js';
import { enqueue, freshTeam, simCloudRunner, testClient, testKeys } from '../support/pipeline.js';
import { startTestRedis } from '../support/redis.js';

// The real lab's ways of not being ready, each refused with NOT_READY and its own words, on
// the simulated cloud (`fresh` preset) or, where it does not model the failure, a stand-in
// that fails the way the real tool does (its source named). Nothing mutating runs.

const SIM_BIN = fileURLToPath(new URL('../../bin/sim/', import.meta.url));
let redis: EmbeddedRedis;
let dir: string;
const keys = testKeys();

/** Runs one job on a runner of its own (a fresh team) with the given environment and settings. */
async function runWith(
  name: JobName,
  data: Record<string, unknown>,
  o: { env?: Record<string, string>; config?: Record<string, string> } = {},
) {
  const team = freshTeam();
  const commands = new Map<string, string[][]>();
  const runner = await simCloudRunner({
    redisUrl: redis.url,
    team,
    keys,
    recipes,
    simDir: dir,
    commands,
    env: { OS_PASSWORD: 'pw', ...o.env },
    config: { LABOPS_KUBECONFIG: join(dir, 'client', 'kubeconfig'), ...o.config },
  });
  const client = testClient(redis.url, keys);
  try {
    const jobId = await enqueue(client, team, name, data);
    const out = await client.follow(team, jobId);
    const argv = commands.get(jobId) ?? [];
    if (out.state !== 'failed') return `completed: ${out.result.summary}`;
    // A refusal runs nothing that changes the lab.
    expect(argv.filter((a) => MUTATING.test(a.join(' ')))).toEqual([]);
    return `[${out.code}] ${out.message}`;
  } finally {
    await runner.close();
    await client.close();
  }
}

/** A directory holding one executable stand-in `tool` that prints `stderr` and exits 1. */
function failingTool(tool: string, stderr: string): string {
  const bin = mkdtempSync(join(tmpdir(), `standin-${tool}-`));
  const file = join(bin, tool);
  writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' "${stderr}" >&2\nexit 1\n`);
  chmodSync(file, 0o755);
  return bin;
}

/** A TCP port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

beforeAll(async () => {
  redis = await startTestRedis();
  dir = mkdtempSync(join(tmpdir(), 'not-ready-variants-'));
  writeFileSync(join(dir, 'sim.json'), JSON.stringify({ timeScale: 0.01 }));
  await initCloud(dir, 'fresh');
}, 60_000);

afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the real lab not ready, each refused in its own words', () => {
  it('a kubeconfig whose API server does not answer: names the address, unreachable', async () => {
    const port = await closedPort();
    const kc = join(dir, 'down', 'kubeconfig');
    mkdirSync(join(dir, 'down'), { recursive: true });
    writeFileSync(
      kc,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: k8s\n  cluster:\n    server: https://127.0.0.1:${port}\n    insecure-skip-tls-verify: true\n` +
        'users:\n- name: admin\n  user:\n    token: abc\ncontexts:\n- name: k8s\n  context:\n    cluster: k8s\n    user: admin\ncurrent-context: k8s\n',
    );
    expect(
      await runWith(
        'scale',
        { deployment: 'hello-node', replicas: 5 },
        { config: { LABOPS_KUBECONFIG: kc } },
      ),
    ).toBe(
      `[NOT_READY] Kubernetes does not answer (the API server https://127.0.0.1:${port} named in ${kc} is unreachable: connection refused). Run \`/deploy k8s\` first (step 6).`,
    );
  }, 60_000);

  it('a Juju model that does not exist: names it and LABOPS_JUJU_MODEL', async () => {
    // The stand-in juju answers as juju does (`ERROR model <controller>:admin/<model> not found`).
    expect(
      await runWith('deploy-octavia', {}, { config: { LABOPS_JUJU_MODEL: 'maas-controller:nowhere' } }),
    ).toBe(
      '[NOT_READY] The Juju model of the OpenStack cloud is not there (model maas-controller:admin/nowhere not found; LABOPS_JUJU_MODEL=maas-controller:nowhere). Run `juju models` and set LABOPS_JUJU_MODEL to the OpenStack model first.',
    );
  }, 60_000);

  it('OpenStack credentials missing: names the settings and quotes the CLI', async () => {
    // python-openstackclient without OS_AUTH_URL or OS_CLOUD: the stand-in's text, from openstacksdk
    // openstack/config/loader.py `_validate_auth` ("Missing value {auth_key} required for auth plugin {plugin}").
    expect(await runWith('quota', {}, { env: { OS_AUTH_URL: '' } })).toBe(
      '[NOT_READY] OpenStack does not accept the runner’s credentials (neither OS_CLOUD nor LABOPS_OPENRC is set; the CLI says `Missing value auth-url required for auth plugin password`). Run `openstack token issue` on the runner and set OS_CLOUD or LABOPS_OPENRC (and OS_PASSWORD) first.',
    );
  }, 60_000);

  it("OpenStack credentials refused by Keystone: quotes Keystone's 401", async () => {
    // keystone/exception.py Unauthorized ("The request you have made requires authentication."),
    // as keystoneauth1/exceptions/http.py prints an HttpError: "<message> (HTTP 401) (Request-ID: …)".
    const said =
      'The request you have made requires authentication. (HTTP 401) (Request-ID: req-5f0e2b9a-0c1d-4e8f-9a6b-3d2c1b0a9f8e)';
    const bin = failingTool('openstack', said);
    expect(
      await runWith('deploy-webserver', {}, { env: { PATH: `${bin}:${SIM_BIN}:${process.env.PATH}` } }),
    ).toBe(
      `[NOT_READY] OpenStack does not accept the runner’s credentials (Keystone refused them: \`${said}\`). Run \`openstack token issue\` on the runner and set OS_CLOUD or LABOPS_OPENRC (and OS_PASSWORD) first.`,
    );
  }, 60_000);

  it('a Docker host that does not answer: names DOCKER_HOST', async () => {
    const host = `tcp://127.0.0.1:${await closedPort()}`;
    // moby client/errors.go, errConnectionFailed.Error().
    const said = `Cannot connect to the Docker daemon at ${host}. Is the docker daemon running?`;
    const bin = failingTool('docker', said);
    expect(
      await runWith(
        'image-build',
        { tag: 'v1' },
        { env: { DOCKER_HOST: host, PATH: `${bin}:${SIM_BIN}:${process.env.PATH}` } },
      ),
    ).toBe(
      `[NOT_READY] The Docker host does not answer (DOCKER_HOST=${host}: ${said}). Run \`docker info\` on the runner and set DOCKER_HOST (ssh://ubuntu@<web-server>) first (step 5).`,
    );
  }, 60_000);

  it('/image push without a Docker Hub login: names docker login', async () => {
    expect(await runWith('image-build', { tag: 'v1' })).toMatch(/^completed: /);
    expect(await runWith('image-push', { tag: 'v1' })).toBe(
      '[NOT_READY] Docker is not logged in to Docker Hub (no Docker Hub login on the runner, so `docker push` would be denied). Run `docker login -u labops` on the runner first (step 5).',
    );
  }, 120_000);
});
