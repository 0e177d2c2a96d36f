import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCloud } from '../../src/sim/cloud/index.js';
import { main } from '../../src/sim/cloud/juju/main.js';
import { load } from '../../src/sim/cloud/state/store.js';

// The juju stand-in refuses, through its command line and with Juju's text and exit code, what
// the charms' own files do not allow: an endpoint, a config key, an action, a series. The
// finished lab ('ready': OpenStack with Octavia, model k8s with the 1.28 bundle) at 3.6 and 2.9.

let root: string;
const dirs = { '3.6': '', '2.9': '' };
type V = keyof typeof dirs;

const juju = (v: V, ...argv: string[]) =>
  main({
    argv,
    env: { HOME: join(root, 'home'), LABOPS_SIM_TIME_SCALE: '0' },
    stateDir: dirs[v],
    readStdin: async () => '',
    now: Date.now(),
  });

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'sim-juju-refusals-'));
  mkdirSync(join(root, 'home'));
  for (const v of ['3.6', '2.9'] as const) {
    dirs[v] = join(root, v);
    mkdirSync(dirs[v]);
    writeFileSync(join(dirs[v], 'sim.json'), '{"timeScale":0}');
    await initCloud(dirs[v], 'ready', { jujuVersion: v });
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const octavia = (v: V) =>
  load(dirs[v]).juju.controllers['maas-controller']?.models.openstack?.applications.octavia;

describe.each(['3.6', '2.9'] as const)('juju %s', (v) => {
  it('config: a key octavia does not define is refused and nothing is set', async () => {
    const before = octavia(v)?.config;
    const r = await juju(v, 'config', 'octavia', 'loadbalancer-topology=ACTIVE_STANDBY', 'spare-pool=2');
    expect(r).toMatchObject({ code: 1, stderr: 'ERROR unknown option "spare-pool"\n' });
    expect(octavia(v)?.config).toEqual(before);
    const ok = await juju(v, 'config', 'octavia', 'spare-pool-size=2');
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('config: the keys others set are known (retrofit-uca-pocket, manage-security-groups)', async () => {
    const a = await juju(v, 'config', 'octavia-diskimage-retrofit', 'retrofit-uca-pocket=bobcat');
    expect(a.code, a.stderr).toBe(0);
    const b = await juju(
      v,
      'config',
      '-m',
      'insper-openstack-regionone:k8s',
      'openstack-integrator',
      'manage-security-groups=true',
    );
    expect(b.code, b.stderr).toBe(0);
    const got = await juju(
      v,
      'config',
      '-m',
      'insper-openstack-regionone:k8s',
      'openstack-integrator',
      'manage-security-groups',
    );
    expect(got.stdout.trim()).toBe('true');
  });

  it('relating an endpoint the charm does not define is refused', async () => {
    const verb = v === '2.9' ? 'add-relation' : 'integrate';
    const r = await juju(v, verb, 'octavia:neutron-load-balancer', 'neutron-api');
    expect(r).toMatchObject({
      code: 1,
      stderr: 'ERROR application "octavia" has no "neutron-load-balancer" relation\n',
    });
    const k = await juju(
      v,
      verb,
      '-m',
      'insper-openstack-regionone:k8s',
      'openstack-integrator',
      'kubernetes-worker:openstack-client',
    );
    expect(k).toMatchObject({
      code: 1,
      stderr: 'ERROR application "kubernetes-worker" has no "openstack-client" relation\n',
    });
  });

  it('deploy: a channel with no revision for the series is refused as charmhub refuses it', async () => {
    const flag = v === '2.9' ? ['--series', 'focal'] : ['--base', 'ubuntu@20.04'];
    const r = await juju(
      v,
      'deploy',
      '-m',
      'insper-openstack-regionone:k8s',
      'kubernetes-worker',
      'kw2',
      ...flag,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'ERROR selecting releases: charm or bundle not found for channel "stable", base "amd64/ubuntu/20.04/stable"\n' +
        'available releases are:\n' +
        '  channel "1.28/stable": available bases are: ubuntu@20.04, ubuntu@22.04\n' +
        '  channel "latest/stable": available bases are: ubuntu@22.04, ubuntu@24.04\n',
    );
    const pinned = await juju(
      v,
      'deploy',
      '-m',
      'insper-openstack-regionone:k8s',
      'kubernetes-worker',
      'kw2',
      '--channel',
      '1.28/stable',
      ...flag,
    );
    expect(pinned.code, pinned.stderr).toBe(0);
  });

  it('deploy --config: a key the charm does not define is refused', async () => {
    const r = await juju(v, 'deploy', 'octavia-dashboard', 'od2', '--config', 'bogus=1');
    expect(r).toMatchObject({ code: 1, stderr: 'ERROR unknown option "bogus"\n' });
  });
});

describe('actions', () => {
  it('2.9 run-action: an action the charm does not define', async () => {
    const r = await juju('2.9', 'run-action', 'octavia/0', 'configure-resource', '--wait');
    expect(r).toMatchObject({
      code: 1,
      stderr: 'ERROR action "configure-resource" not defined on unit "octavia/0"\n',
    });
  });

  it('3.6 run: an action the charm does not define is not scheduled, said on stderr, exit 0', async () => {
    // cmd/juju/action/run.go (processOperationResults): no task, the enqueue error, `return nil`.
    const r = await juju('3.6', 'run', 'octavia/0', 'configure-resource', '--format=yaml');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /Operation \d+ failed to schedule any tasks:\naction "configure-resource" not defined on unit "octavia\/0"/,
    );
  });

  it('an action the charm defines but the stand-in does not model completes', async () => {
    const r = await juju('2.9', 'run-action', 'vault/0', 'reissue-certificates', '--wait');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('status: completed');
  });
});
