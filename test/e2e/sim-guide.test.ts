import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENSTACK_CONTROLLER } from '../../src/sim/cloud/presets/k8s-model.js';
import { labops, repoRoot, tempDir } from '../support/procs.js';

/**
 * The guide's steps for checkpoints 3 to 6 typed by hand against `labops sim up --preset
 * ready`: the real kubectl, the real curl, and the stand-in docker, as a student would.
 */
const stateDir = tempDir('labops-sim-guide-');
let env: Record<string, string>;
const sh = (cmd: string, args: string[], input?: string) =>
  execa(cmd, args, { env, reject: false, input, timeout: 90_000 });

function hostsOf(bodies: string[]): Map<string, number> {
  const hist = new Map<string, number>();
  for (const b of bodies) {
    const host = /"host":\s*([^,]+),/.exec(b)?.[1] ?? '(none)';
    hist.set(host, (hist.get(host) ?? 0) + 1);
  }
  return hist;
}

const END = '<<labops-end>>';

/**
 * `n` requests to `url`, one after the other, by one curl process: each on a connection of its
 * own (`Connection: close`), each body followed by its status code (000 when it failed).
 */
async function curlTimes(url: string, n: number): Promise<string[]> {
  const r = await execa(
    'curl',
    [
      '-s',
      '--max-time',
      '5',
      '-H',
      'Connection: close',
      '-w',
      `\n%{http_code}${END}\n`,
      ...Array(n).fill(url),
    ],
    { reject: false },
  );
  return r.stdout.split(END).slice(0, n);
}

beforeAll(async () => {
  const up = await labops(
    ['sim', 'up', '--preset', 'ready', '--state-dir', stateDir, '--time-scale', '0.01'],
    { PATH: process.env.PATH!, HOME: stateDir },
  );
  expect(up.exitCode, up.stderr).toBe(0);
  const exportLine = /export (PATH=\S+) (LABOPS_SIM_DIR=\S+) (OS_CLOUD=\S+) (KUBECONFIG=\S+)/.exec(up.stdout);
  expect(exportLine, up.stdout).not.toBeNull();
  const vars = Object.fromEntries(exportLine!.slice(1).map((kv) => kv.split('=') as [string, string]));
  env = { ...vars, PATH: vars.PATH!.replace('$PATH', process.env.PATH!), HOME: stateDir } as Record<
    string,
    string
  >;
  // Kubernetes deployed by hand as the guide does it: the integrator manages no security group
  // (`/deploy k8s` turns that on; the ready preset starts as it leaves the lab).
  const off = await sh('juju', [
    'config',
    '-m',
    `${OPENSTACK_CONTROLLER}:k8s`,
    'openstack-integrator',
    'manage-security-groups=false',
  ]);
  expect(off.exitCode, off.stderr).toBe(0);
});

afterAll(async () => {
  await labops(['sim', 'down', '--state-dir', stateDir], { PATH: process.env.PATH!, HOME: stateDir });
});

describe('the guide by hand on the simulated lab (preset ready)', () => {
  it('checkpoints 3 to 6 behave as the guide describes', async () => {
    expect(
      (
        await sh('kubectl', [
          'create',
          'deployment',
          'hello-node',
          '--image=labops/hello-node:v1',
          '--port=8080',
        ])
      ).stdout,
    ).toBe('deployment.apps/hello-node created');
    expect((await sh('kubectl', ['scale', 'deployment', 'hello-node', '--replicas=5'])).stdout).toBe(
      'deployment.apps/hello-node scaled',
    );
    const rolled = await sh('kubectl', ['rollout', 'status', 'deployment/hello-node', '--timeout=60s']);
    expect(rolled.exitCode).toBe(0);
    expect(rolled.stdout).toMatch(/deployment "hello-node" successfully rolled out/);
    const all = (await sh('kubectl', ['get', 'all'])).stdout;
    expect(all.match(/^pod\/hello-node-\S+\s+1\/1\s+Running/gm)).toHaveLength(5);
    expect(all).toMatch(/deployment\.apps\/hello-node\s+5\/5\s+5\s+5/);

    // Checkpoint 4: NodePort.
    expect((await sh('kubectl', ['expose', 'deployment', 'hello-node', '--type=NodePort'])).exitCode).toBe(0);
    const nodePort = (
      await sh('kubectl', ['get', 'svc', 'hello-node', '-o', 'jsonpath={.spec.ports[0].nodePort}'])
    ).stdout;
    expect(Number(nodePort)).toBeGreaterThanOrEqual(30000);
    expect(hostsOf(await curlTimes(`http://127.0.0.1:${nodePort}/`, 10)).size).toBeGreaterThan(1);

    // Checkpoint 6: the guide's LoadBalancer manifest through Octavia.
    const manifest = join(stateDir, 'hello-node-service.yaml');
    writeFileSync(
      manifest,
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: hello-node\n  labels:\n    app: hello-node\nspec:\n  type: LoadBalancer\n  ports:\n  - port: 8080\n    targetPort: 8080\n  selector:\n    app: hello-node\n',
    );
    expect((await sh('kubectl', ['apply', '-f', manifest])).exitCode).toBe(0);
    let ip = '';
    for (let i = 0; i < 100 && !ip; i++) {
      ip = (
        await sh('kubectl', [
          'get',
          'svc',
          'hello-node',
          '-o',
          'jsonpath={.status.loadBalancer.ingress[0].ip}',
        ])
      ).stdout;
      if (!ip) await new Promise((r) => setTimeout(r, 200));
    }
    expect(ip).toMatch(/^127\.0\.0\.\d+$/);
    expect((await sh('kubectl', ['get', 'svc', 'hello-node'])).stdout).toMatch(
      new RegExp(`LoadBalancer\\s+\\S+\\s+${ip.replace(/\./g, '\\.')}\\s+8080:\\d+/TCP`),
    );
    // LAB.md step 9's note: Juju's model group does not let the amphorae reach the NodePorts, and
    // Octavia does not say so (no health monitor: members NO_MONITOR, the LB ACTIVE/ONLINE).
    expect([...hostsOf(await curlTimes(`http://${ip}:8080/`, 6)).keys()]).toEqual(['(none)']);
    const models = JSON.parse(
      (await sh('juju', ['models', '-c', OPENSTACK_CONTROLLER, '--format=json'])).stdout,
    ) as { models: { 'short-name': string; 'model-uuid': string }[] };
    const uuid = models.models.find((m) => m['short-name'] === 'k8s')?.['model-uuid'] ?? '?';
    const group = (await sh('openstack', ['security', 'group', 'list', '-f', 'value', '-c', 'Name'])).stdout
      .split('\n')
      .find((g) => g.startsWith('juju-') && g.endsWith(uuid));
    const rule = ['security', 'group', 'rule', 'create', '--ingress', '--protocol', 'tcp'];
    expect((await sh('openstack', [...rule, '--dst-port', '30000:32767', group ?? '?'])).exitCode).toBe(0);
    for (let i = 0; i < 50 && hostsOf(await curlTimes(`http://${ip}:8080/`, 2)).has('(none)'); i++)
      await new Promise((r) => setTimeout(r, 200));
    const hist = hostsOf(await curlTimes(`http://${ip}:8080/`, 300));
    expect([...hist.keys()].every((h) => /^hello-node-[a-z0-9]+-[a-z0-9]{5}$/.test(h))).toBe(true);
    expect(hist.size).toBe(5);
    const lbs = (await sh('openstack', ['loadbalancer', 'list', '-f', 'json'])).stdout;
    expect(JSON.parse(lbs)).toContainEqual(
      expect.objectContaining({
        name: 'kube_service_kubernetes_default_hello-node',
        vip_address: ip,
        provisioning_status: 'ACTIVE',
        operating_status: 'ONLINE',
      }),
    );

    // Checkpoint 5: v2 built and pushed with docker, rolled out with set image.
    const ctx = join(stateDir, 'hello-node');
    cpSync(join(repoRoot, 'assets', 'hello-node'), ctx, { recursive: true });
    writeFileSync(
      join(ctx, 'server.js'),
      readFileSync(join(ctx, 'server.js'), 'utf8').replace('Hello World!', 'Hello World v2!'),
    );
    expect((await sh('docker', ['build', '-t', 'labops/hello-node:v2', ctx])).exitCode).toBe(0);
    expect((await sh('docker', ['push', 'labops/hello-node:v2'])).stdout).toMatch(
      /v2: digest: sha256:[0-9a-f]{64} size: \d+/,
    );
    expect(
      (await sh('kubectl', ['set', 'image', 'deployment/hello-node', 'hello-node=labops/hello-node:v2']))
        .exitCode,
    ).toBe(0);
    const v2 = await sh('kubectl', ['rollout', 'status', 'deployment/hello-node', '--timeout=60s']);
    expect(v2.stdout).toMatch(/Waiting for deployment "hello-node" rollout to finish/);
    expect(v2.stdout).toMatch(/successfully rolled out/);
    expect((await curlTimes(`http://${ip}:8080/`, 5)).every((b) => b.includes('Hello World v2!'))).toBe(true);
    expect((await sh('kubectl', ['rollout', 'undo', 'deployment/hello-node'])).stdout).toMatch(/rolled back/);
    expect(
      (await sh('kubectl', ['rollout', 'status', 'deployment/hello-node', '--timeout=60s'])).exitCode,
    ).toBe(0);
    expect((await curlTimes(`http://${ip}:8080/`, 5)).every((b) => b.includes('"Hello World!"'))).toBe(true);

    // A pod deleted during a request loop is replaced; the service keeps answering.
    const pod = (
      await sh('kubectl', ['get', 'pods', '-l', 'app=hello-node', '-o', 'jsonpath={.items[0].metadata.name}'])
    ).stdout;
    const loop = curlTimes(`http://${ip}:8080/`, 100);
    expect((await sh('kubectl', ['delete', 'pod', pod])).stdout).toBe(`pod "${pod}" deleted`);
    const answers = await loop;
    expect(answers.filter((a) => !a.includes('"host"')).length).toBeLessThanOrEqual(2);
    const pods = (
      await sh('kubectl', ['get', 'pods', '-l', 'app=hello-node', '-o', 'jsonpath={.items[*].metadata.name}'])
    ).stdout.split(' ');
    expect(pods).not.toContain(pod);
  });

  it('sim down stops every pod process of the lab', async () => {
    await labops(['sim', 'down', '--state-dir', stateDir], { PATH: process.env.PATH!, HOME: stateDir });
    const left = await execa('pgrep', ['-f', stateDir], { reject: false });
    expect(left.stdout.trim()).toBe('');
    const status = await labops(['sim', 'status', '--state-dir', stateDir], {
      PATH: process.env.PATH!,
      HOME: stateDir,
    });
    expect(status.stdout).toMatch(/stopped: `labops sim up` resumes it/);
  });
});
