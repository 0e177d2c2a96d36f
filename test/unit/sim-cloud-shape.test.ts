import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext, CommandResult } from '../../src/sim/cloud/cli/io.js';
import { initCloud } from '../../src/sim/cloud/index.js';
import { main as juju } from '../../src/sim/cloud/juju/main.js';
import { main as openstack } from '../../src/sim/cloud/openstack/main.js';
import { type ShapeOpts, shapeProblems } from '../support/json-shape.js';

// The stand-ins' JSON must have the keys and value types of the real tools' output
// (fixtures/real), recursively, so a parser tested against the fixtures works on the simulation.

const FIXTURES = new URL('../fixtures/real/', import.meta.url);
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));

/** Objects whose keys are names (apps, units, machines…), not fields. */
const DICTS = new Set([
  'applications',
  'machines',
  'units',
  'subordinates',
  'containers',
  'relations',
  'endpoint-bindings',
  'network-interfaces',
  'addresses',
]);

/**
 * Juju prints a container with the same type as a machine, but the only captured container
 * is still pending: teach the shape a started container by reusing each captured machine.
 */
function withContainerSamples(doc: unknown): unknown {
  const machines = (doc as { machines?: Record<string, Record<string, unknown>> }).machines;
  if (!machines) return doc;
  for (const [id, m] of Object.entries(machines)) {
    const { containers, ...plain } = m;
    m.containers = { ...(containers as object | undefined), [`${id}/lxd/sample`]: plain };
  }
  return doc;
}

function expectShape(value: unknown, fixtures: string[], opts: ShapeOpts = {}): void {
  const samples = fixtures.map((f) => withContainerSamples(fixture(f)));
  expect(shapeProblems(value, samples, { ...opts, dicts: DICTS })).toEqual([]);
}

let dir: string;
let dir29: string;
const env = { OS_AUTH_URL: 'https://172.16.15.113:5000/v3', LABOPS_SIM_TIME_SCALE: '0' };

async function run(
  tool: (c: CommandContext) => Promise<CommandResult>,
  stateDir: string,
  argv: string[],
  extra: Record<string, string> = {},
): Promise<unknown> {
  const res = await tool({
    argv,
    env: { ...env, ...extra },
    stateDir,
    now: Date.now(),
    readStdin: async () => '',
  });
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  return JSON.parse(res.stdout);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sim-cloud-shape-'));
  dir29 = mkdtempSync(join(tmpdir(), 'sim-cloud-shape29-'));
  await initCloud(dir, 'ready');
  await initCloud(dir29, 'ready', { jujuVersion: '2.9' });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(dir29, { recursive: true, force: true });
});

describe('juju status --format=json has the real key shapes', () => {
  const v3 = [
    'juju-status-openstack-ussuri-juju3.4.json',
    'juju-status-lxd-subordinates-blocked-juju3.6.json',
    'juju-status-kubernetes-core-aws-allocating-juju3.2.json',
  ];
  it('3.x: openstack model', async () => {
    expectShape(await run(juju, dir, ['status', '--format=json']), v3, { optional: ['containers'] });
  });
  it('3.x: k8s model', async () => {
    expectShape(
      await run(juju, dir, ['status', '--format=json', '-m', 'insper-openstack-regionone:k8s']),
      v3,
      { optional: ['containers'] },
    );
  });
  it('3.6: relations are objects, as in the real 3.6 capture', async () => {
    const doc = (await run(juju, dir, ['status', '--format', 'json'])) as {
      applications: Record<string, { relations: Record<string, unknown[]> }>;
    };
    expect(doc.applications.octavia?.relations['identity-service']).toEqual([
      { 'related-application': 'keystone', interface: 'keystone', scope: 'global' },
    ]);
  });
  it('2.9: openstack model', async () => {
    // The 2.9 capture has no LXD machines, single-unit subordinates and workload versions on
    // every app; real 2.9 output omits `leader`/`version` when unset and nests `containers`.
    expectShape(
      await run(juju, dir29, ['status', '--format=json']),
      ['juju-status-openstack-ussuri-juju2.9.json'],
      {
        optional: ['leader', 'version', 'storage', 'volumes', 'containers'],
        extra: ['containers'],
      },
    );
  });
});

describe('openstack -f json has the real key shapes', () => {
  it('quota show (osc6 list and legacy dict)', async () => {
    expectShape(await run(openstack, dir, ['quota', 'show', 'admin', '-f', 'json']), [
      'openstack-quota-show-osc6-list.json',
    ]);
    const legacy = await run(openstack, dir, ['quota', 'show', 'admin', '-f', 'json'], {
      LABOPS_SIM_OSC_VERSION: 'legacy',
    });
    expectShape(legacy, ['openstack-quota-show-legacy-dict.json'], {
      optional: [
        'backups',
        'backup-gigabytes',
        'gigabytes___DEFAULT__',
        'gigabytes_standard',
        'snapshots___DEFAULT__',
        'snapshots_standard',
        'volumes___DEFAULT__',
        'volumes_standard',
      ],
    });
  });
  it('security group list and rule list', async () => {
    expectShape(await run(openstack, dir, ['security', 'group', 'list', '-f', 'json']), [
      'openstack-security-group-list-osc-legacy.json',
    ]);
    const legacy = await run(openstack, dir, ['security', 'group', 'rule', 'list', 'default', '-f', 'json'], {
      LABOPS_SIM_OSC_VERSION: 'legacy',
    });
    expectShape(legacy, ['openstack-security-group-rule-list-osc-legacy.json']);
    // current clients add columns (Ethertype, Direction, …): the real ones must still be there
    expectShape(
      await run(openstack, dir, ['security', 'group', 'rule', 'list', 'default', '-f', 'json']),
      ['openstack-security-group-rule-list-osc-legacy.json'],
      { superset: true },
    );
  });
  it('network and subnet list, network show', async () => {
    expectShape(await run(openstack, dir, ['network', 'list', '-f', 'json']), [
      'openstack-network-list.json',
    ]);
    expectShape(await run(openstack, dir, ['subnet', 'list', '-f', 'json']), ['openstack-subnet-list.json']);
    expectShape(
      await run(openstack, dir, ['network', 'show', 'ext_net', '-f', 'json']),
      ['openstack-network-show.json'],
      { optional: ['sdn', 'private_dns_domain'] },
    );
  });
  it('router show (the lab router between the external and internal networks)', async () => {
    const [row] = (await run(openstack, dir, ['router', 'list', '-f', 'json'])) as {
      ID: string;
      Name: string;
    }[];
    expect(row?.Name).toBe('provider-router');
    const shown = await run(openstack, dir, ['router', 'show', row?.ID ?? '', '-f', 'json']);
    // `sdn` is a vendor field of the captured cloud, not of Neutron.
    expectShape(shown, ['openstack-router-show.json'], { optional: ['sdn'] });
    const byName = (await run(openstack, dir, ['router', 'show', 'provider-router', '-f', 'json'])) as {
      external_gateway_info: { network_id: string };
      interfaces_info: { ip_address: string }[];
    };
    const nets = (await run(openstack, dir, ['network', 'list', '--external', '-f', 'json'])) as {
      ID: string;
    }[];
    expect(byName.external_gateway_info.network_id).toBe(nets[0]?.ID);
    expect(byName.interfaces_info.map((i) => i.ip_address)).toEqual(['192.169.0.1']);
  });
  it('loadbalancer show', async () => {
    await run(openstack, dir, [
      'loadbalancer',
      'create',
      '--name',
      'lb1',
      '--vip-subnet-id',
      'int_subnet',
      '-f',
      'json',
    ]);
    expectShape(await run(openstack, dir, ['loadbalancer', 'show', 'lb1', '-f', 'json']), [
      'openstack-loadbalancer-show-operating-error.json',
    ]);
  });
});
