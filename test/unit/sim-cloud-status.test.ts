import { describe, expect, it } from 'vitest';
import { getCharm } from '../../src/sim/cloud/juju/charms.js';
import { integrate } from '../../src/sim/cloud/juju/integrate.js';
import { addApplication, addUnit } from '../../src/sim/cloud/juju/model-ops.js';
import { viewModel } from '../../src/sim/cloud/juju/model-view.js';
import { portSummary, statusTabular } from '../../src/sim/cloud/juju/status-tabular.js';
import { buildState } from '../../src/sim/cloud/presets/init.js';
import type { ModelState } from '../../src/sim/cloud/state/types.js';

// Status is derived from timestamps: these tests move a clock instead of waiting.

const T0 = Date.UTC(2026, 0, 1);

function freshModel(): ModelState {
  const state = buildState('fresh', {}, T0, '/nonexistent');
  const model = state.juju.controllers['maas-controller']?.models.openstack;
  if (!model) throw new Error('preset has no openstack model');
  return model;
}

function octaviaStatus(model: ModelState, secondsAfter: number) {
  const view = viewModel(model, { now: T0 + secondsAfter * 1000, scale: 1 });
  const unit = view.apps.find((a) => a.state.name === 'octavia')?.units[0];
  return { workload: unit?.workload.current, message: unit?.workload.message, agent: unit?.agent.current };
}

describe('unit lifecycle', () => {
  it('goes allocating → maintenance → blocked on missing relations', () => {
    const model = freshModel();
    const charm = getCharm('octavia');
    addUnit(model, addApplication(model, { name: 'octavia', charm }, T0), charm, 'lxd:2', T0);
    expect(octaviaStatus(model, 1)).toEqual({
      workload: 'waiting',
      message: 'waiting for machine',
      agent: 'allocating',
    });
    expect(octaviaStatus(model, 60)).toEqual({
      workload: 'maintenance',
      message: 'installing charm software',
      agent: 'executing',
    });
    const later = octaviaStatus(model, 400);
    expect(later.workload).toBe('blocked');
    expect(later.message).toMatch(/^Missing relations: database, identity, messaging/);
  });

  it('waits for relations to settle, then asks for certificates', () => {
    const model = freshModel();
    const charm = getCharm('octavia');
    addUnit(model, addApplication(model, { name: 'octavia', charm }, T0), charm, 'lxd:2', T0);
    const router = addApplication(
      model,
      { name: 'octavia-mysql-router', charm: getCharm('mysql-router') },
      T0,
    );
    const chassis = addApplication(
      model,
      { name: 'octavia-ovn-chassis', charm: getCharm('ovn-chassis') },
      T0,
    );
    expect(router.units).toHaveLength(0);
    expect(chassis.units).toHaveLength(0);
    for (const [a, b] of [
      ['octavia-mysql-router:db-router', 'mysql-innodb-cluster:db-router'],
      ['octavia-mysql-router:shared-db', 'octavia:shared-db'],
      ['octavia:identity-service', 'keystone:identity-service'],
      ['octavia:amqp', 'rabbitmq-server:amqp'],
      ['octavia:neutron-api', 'neutron-api:neutron-load-balancer'],
      ['octavia-ovn-chassis:ovsdb-subordinate', 'octavia:ovsdb-subordinate'],
      ['octavia-ovn-chassis:ovsdb', 'ovn-central:ovsdb'],
      ['octavia-ovn-chassis:certificates', 'vault:certificates'],
      ['octavia:ovsdb-cms', 'ovn-central:ovsdb-cms'],
    ] as const) {
      integrate(model, a, b, T0, '3.6');
    }
    expect(octaviaStatus(model, 170).workload).toBe('waiting');
    expect(octaviaStatus(model, 600)).toEqual({
      workload: 'blocked',
      message: 'Missing required certificate configuration, please examine documentation',
      agent: 'idle',
    });
    const view = viewModel(model, { now: T0 + 600_000, scale: 1 });
    const unit = view.apps.find((a) => a.state.name === 'octavia')?.units[0];
    expect(unit?.subordinates.map((s) => s.name)).toEqual([
      'octavia-mysql-router/0',
      'octavia-ovn-chassis/0',
    ]);
  });

  it('shows a sealed vault as in the charm guide', () => {
    const model = freshModel();
    const vault = model.applications.vault;
    if (!vault) throw new Error('no vault');
    vault.flags.sealed = true;
    const view = viewModel(model, { now: T0, scale: 1 });
    expect(view.apps.find((a) => a.state.name === 'vault')?.status).toMatchObject({
      current: 'blocked',
      message: 'Unit is sealed',
    });
  });

  it('a time scale of 0 converges at once', () => {
    const model = freshModel();
    const charm = getCharm('ceph-osd');
    addUnit(model, addApplication(model, { name: 'ceph-osd2', charm }, T0), charm, 'lxd:0', T0);
    const app = viewModel(model, { now: T0, scale: 0 }).apps.find((a) => a.state.name === 'ceph-osd2');
    expect(app?.status).toMatchObject({ current: 'blocked', message: 'Missing relation: monitor' });
  });
});

describe('tabular output', () => {
  it('summarises ports like juju', () => {
    expect(portSummary(['5672/tcp', '15672/tcp'])).toBe('5672,15672/tcp');
    expect(portSummary(['8774/tcp', '8775/tcp'])).toBe('8774-8775/tcp');
    expect(portSummary(['80/tcp', '443/tcp'])).toBe('80,443/tcp');
  });

  it('prints the lab header and a vault line like the screenshot', () => {
    const model = freshModel();
    const text = statusTabular(
      viewModel(model, { now: T0, scale: 1 }),
      { model, controller: 'maas-controller', mode: '3.6', now: T0 },
      true,
    );
    const lines = text.split('\n');
    expect(lines[0]).toBe('Model      Controller       Cloud/Region  Version  SLA          Timestamp');
    expect(lines[1]).toBe('openstack  maas-controller  maas-one      3.6.4    unsupported  00:00:00Z');
    expect(text).toMatch(
      /\nvault\/0\* +active +idle +2\/lxd\/1 +172\.16\.15\.108 +8200\/tcp +Unit is ready \(active: true, mlock: disabled\)\n/,
    );
    expect(text).toMatch(/\nIntegration provider +Requirer +Interface +Type +Message\n/);
    expect(text).toMatch(
      /\n0\/lxd\/0 +started +172\.16\.15\.106 +juju-452d2a-0-lxd-0 +ubuntu@22\.04 +default +Container started\n/,
    );
  });
});
