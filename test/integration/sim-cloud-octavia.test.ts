import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCloud, isOctaviaActive } from '../../src/sim/cloud/index.js';

// LAB.md step 2 end to end through the real shims (run `npm run build` first): Barbican +
// Octavia deploy, the blocked states with the charm's messages, the action failing before the
// relations settle, certificates, configure-resources, and OpenStack answering for Octavia.

const BIN = fileURLToPath(new URL('../../bin/sim/', import.meta.url));
let dir: string;

function tool(name: string, args: string[], extraEnv: Record<string, string> = {}) {
  return execa(join(BIN, name), args, {
    reject: false,
    cwd: dir,
    env: { LABOPS_SIM_DIR: dir, OS_AUTH_URL: 'https://172.16.15.113:5000/v3', ...extraEnv },
  });
}

const juju = (...args: string[]) => tool('juju', args);

async function ok(args: string[]): Promise<void> {
  const r = await juju(...args);
  expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(0);
}

interface Unit {
  'workload-status': { current: string; message?: string };
  'juju-status': { current: string };
}

/** `octavia/0` as `juju status` shows it; `realTime` reads it at a time scale of 1 (see below). */
async function octaviaUnit(realTime = false): Promise<Unit | undefined> {
  const r = await tool(
    'juju',
    ['status', '--format=json', 'octavia'],
    realTime ? { LABOPS_SIM_TIME_SCALE: '1' } : {},
  );
  const doc = JSON.parse(r.stdout) as { applications: Record<string, { units?: Record<string, Unit> }> };
  return doc.applications.octavia?.units?.['octavia/0'];
}

async function waitFor(message: string, timeoutMs = 20_000): Promise<Unit> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const unit = await octaviaUnit();
    if (unit?.['workload-status'].message === message && unit['juju-status'].current === 'idle') return unit;
    if (Date.now() > deadline)
      throw new Error(`octavia/0 never showed "${message}": ${JSON.stringify(unit)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sim-cloud-octavia-'));
  // the scale lives in sim.json so the shims and isOctaviaActive (this process) agree on time
  writeFileSync(join(dir, 'sim.json'), JSON.stringify({ timeScale: 0.01 }));
  await initCloud(dir, 'fresh');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Octavia installation (LAB.md step 2)', () => {
  it('converges from deploy to active', async () => {
    const lb = await tool('openstack', ['loadbalancer', 'list']);
    expect(lb.exitCode).toBe(1);
    expect(lb.stderr).toBe('public endpoint for load-balancer service in RegionOne region not found');

    for (const cmd of [
      'deploy --to lxd:1 --channel 2023.2/stable barbican',
      'deploy --channel 2023.2/stable barbican-vault',
      'deploy --channel 8.0/stable mysql-router barbican-mysql-router',
      'integrate barbican-mysql-router:db-router mysql-innodb-cluster:db-router',
      'integrate barbican-mysql-router:shared-db barbican:shared-db',
      'integrate barbican:identity-service keystone:identity-service',
      'integrate barbican:amqp rabbitmq-server:amqp',
      'integrate barbican:certificates vault:certificates',
      'integrate barbican-vault:secrets barbican:secrets',
      'integrate vault:secrets barbican-vault:secrets-storage',
      'deploy --to lxd:2 --channel 2023.2/stable octavia',
      'deploy --channel 8.0/stable mysql-router octavia-mysql-router',
    ]) {
      await ok(cmd.split(' '));
    }
    // Read at real time: at 0.01 a loaded machine can take long enough over the deploys above
    // for the machine to be allocated before this read.
    const early = await octaviaUnit(true);
    expect(early?.['workload-status']).toMatchObject({ current: 'waiting', message: 'waiting for machine' });
    expect(early?.['juju-status'].current).toBe('allocating');

    const tooSoon = await juju('run', 'octavia/leader', 'configure-resources');
    expect(tooSoon.exitCode).toBe(1);
    expect(tooSoon.stderr).toContain(
      'Running operation 1 with 1 task\n  - task 2 on unit-octavia-0\n\nWaiting for task 2...',
    );
    expect(tooSoon.stderr).toContain(
      'all required relations not available, please defer actionuntil deployment is complete.',
    );

    for (const cmd of [
      'integrate octavia-mysql-router:db-router mysql-innodb-cluster:db-router',
      'integrate octavia-mysql-router:shared-db octavia:shared-db',
      'integrate octavia:identity-service keystone:identity-service',
      'integrate octavia:amqp rabbitmq-server:amqp',
      'integrate octavia:neutron-api neutron-api:neutron-load-balancer',
      'integrate octavia:certificates vault:certificates',
      'deploy --channel 23.09/stable ovn-chassis octavia-ovn-chassis',
      'integrate octavia-ovn-chassis:ovsdb-subordinate octavia:ovsdb-subordinate',
      'integrate octavia-ovn-chassis:ovsdb ovn-central:ovsdb',
      'integrate octavia-ovn-chassis:certificates vault:certificates',
      'integrate octavia:ovsdb-cms ovn-central:ovsdb-cms',
      'config neutron-api enable-ml2-port-security=True',
      'deploy --channel 2023.2/stable octavia-dashboard',
      'integrate octavia-dashboard:dashboard openstack-dashboard:dashboard-plugin',
    ]) {
      await ok(cmd.split(' '));
    }
    await waitFor('Missing required certificate configuration, please examine documentation');
    await ok([
      'config',
      'octavia',
      'lb-mgmt-issuing-cacert=LS0tCg==',
      'lb-mgmt-issuing-ca-private-key=LS0tCg==',
      'lb-mgmt-issuing-ca-key-passphrase=foobar',
      'lb-mgmt-controller-cacert=LS0tCg==',
      'lb-mgmt-controller-cert=LS0tCg==',
    ]);
    const awaiting = await waitFor(
      'Awaiting end-user execution of `configure-resources` action to create required resources',
    );
    expect(awaiting['workload-status'].current).toBe('blocked');
    expect(await isOctaviaActive(dir)).toBe(false);

    for (const cmd of [
      'deploy --to lxd:0 --channel 2023.2/stable glance-simplestreams-sync',
      'deploy --channel 2023.2/stable octavia-diskimage-retrofit --config amp-image-tag=octavia-amphora --config retrofit-series=jammy',
      'integrate glance-simplestreams-sync:identity-service keystone:identity-service',
      'integrate glance-simplestreams-sync:certificates vault:certificates',
      'integrate octavia-diskimage-retrofit:juju-info glance-simplestreams-sync:juju-info',
      'integrate octavia-diskimage-retrofit:identity-credentials keystone:identity-credentials',
    ]) {
      await ok(cmd.split(' '));
    }
    const deadline = Date.now() + 20_000;
    // Both run for many minutes: past Juju 3's 60 s default wait, so they need their own.
    while (
      (await juju('run', '--wait=30m', 'glance-simplestreams-sync/leader', 'sync-images')).exitCode !== 0
    ) {
      if (Date.now() > deadline) throw new Error('sync-images never succeeded');
      await new Promise((r) => setTimeout(r, 200));
    }
    await ok(['run', '--wait=30m', 'octavia-diskimage-retrofit/leader', 'retrofit-image']);
    const images = await tool('openstack', [
      'image',
      'list',
      '--tag',
      'octavia-amphora',
      '-f',
      'value',
      '-c',
      'Name',
    ]);
    expect(images.stdout).toBe('amphora-haproxy-x86_64-ubuntu-22.04-20240223');

    const run = await juju('run', 'octavia/leader', 'configure-resources');
    expect(run.exitCode).toBe(0);
    const active = await waitFor('Unit is ready');
    expect(active['workload-status'].current).toBe('active');
    expect(await isOctaviaActive(dir)).toBe(true);

    const role = await tool('openstack', [
      'role',
      'add',
      '--user-domain',
      'admin_domain',
      '--user',
      'admin',
      '--project-domain',
      'admin_domain',
      '--project',
      'admin',
      'load-balancer_admin',
    ]);
    expect(role.exitCode, role.stderr).toBe(0);
    const list = await tool('openstack', ['loadbalancer', 'list', '-f', 'json']);
    expect(list.exitCode).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('refuses a relation that already exists, with Juju 3 text', async () => {
    const r = await juju('integrate', 'octavia:amqp', 'rabbitmq-server:amqp');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      /^ERROR cannot add relation "octavia:amqp rabbitmq-server:amqp"\nrelation .* \(already exists\):/,
    );
  });
});
