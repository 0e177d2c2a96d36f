import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/runners/clock.js';
import { unitGuidance } from '../../src/runners/tools/juju/status-guidance.js';
import { parseJujuStatus } from '../../src/runners/tools/juju/status-parse.js';
import { evaluateTargets, guidanceError, waitForTargets } from '../../src/runners/tools/juju/wait-for.js';
import { fixture, tabularUnits } from '../support/tools/fixtures.js';

const json = (n: string) => parseJujuStatus(fixture(n));

describe('juju status JSON fixtures', () => {
  it('reads the 2.9 and 3.x shapes of the same OpenStack model', () => {
    const a = json('juju-status-openstack-ussuri-juju2.9.json');
    const b = json('juju-status-openstack-ussuri-juju3.4.json');
    expect(a.jujuMajor).toBe(2);
    expect(b.jujuMajor).toBe(3);
    expect(a.counts.applications).toBe(b.counts.applications);
    expect(a.unhealthy).toEqual([]);
  });

  it('all the OpenStack units are active/idle, so a wait for them is done at once', () => {
    const s = json('juju-status-openstack-ussuri-juju3.4.json');
    const e = evaluateTargets(s, { keystone: 'active', 'nova-compute': 'active', mysql: 'active' });
    expect(e).toMatchObject({ done: true, pending: [] });
  });

  it('allocating kubernetes-core units are pending with their message', () => {
    const s = json('juju-status-kubernetes-core-aws-allocating-juju3.2.json');
    const e = evaluateTargets(s, { 'kubernetes-control-plane': 'active', 'kubernetes-worker': 'active' });
    expect(e.done).toBe(false);
    expect(e.pending.map((p) => [p.unit, p.workload, p.agent, p.message])).toEqual([
      ['kubernetes-control-plane/0', 'waiting', 'allocating', 'waiting for machine'],
      ['kubernetes-worker/0', 'waiting', 'allocating', 'waiting for machine'],
    ]);
    expect(e.fatal).toBeUndefined();
  });

  it('a subordinate app without units is judged by its application status', () => {
    const s = json('juju-status-lxd-subordinates-blocked-juju3.6.json');
    expect(evaluateTargets(s, { ubuntu: 'active' }).done).toBe(true);
    const nrpe = s.units.filter((u) => u.application === 'nrpe');
    const e = evaluateTargets(s, { nrpe: 'active' });
    expect(e.done).toBe(false);
    if (nrpe.length) expect(e.pending[0]?.message).toBe('Nagios server not configured or related');
    expect(evaluateTargets(s, { nrpe: ['active', 'blocked'] }).done).toBe(true);
  });

  it('an app not in the model yet is pending', () => {
    const s = json('juju-status-k8s-model-snappass-juju3.6.json');
    expect(evaluateTargets(s, { octavia: 'active' }).pending[0]).toMatchObject({
      unit: 'octavia',
      workload: 'absent',
    });
    expect(evaluateTargets(s, { 'snappass-test': 'active' }).done).toBe(true);
  });

  it('healthy JSON units need no guidance', () => {
    for (const u of json('juju-status-openstack-ussuri-juju2.9.json').units)
      expect(unitGuidance(u)).toBeUndefined();
  });
});

describe('status messages of the lab (tabular fixtures)', () => {
  it('a sealed vault gets the unseal procedure with VAULT_ADDR on port 8200', () => {
    const [vault] = tabularUnits('juju-status-tabular-vault-sealed.txt');
    expect(vault).toMatchObject({
      name: 'vault/0',
      workload: 'blocked',
      message: 'Unit is sealed',
      address: '10.0.0.204',
    });
    const g = unitGuidance(vault!);
    expect(g?.kind).toBe('vault-sealed');
    expect(g?.text).toContain('export VAULT_ADDR="http://10.0.0.204:8200"');
    expect(g?.text).toContain('vault operator unseal');
    expect(g?.text).toMatch(/three/);
    const err = guidanceError({
      unit: 'vault/0',
      workload: 'blocked',
      agent: 'idle',
      message: 'Unit is sealed',
      guidance: g,
    });
    expect(err.code).toBe('VAULT_SEALED');
  });

  it('an unsealed vault needs nothing', () => {
    for (const f of ['juju-status-tabular-vault-unsealed.txt', 'juju-status-tabular-vault-ha-unsealed.txt']) {
      for (const u of tabularUnits(f)) expect(unitGuidance(u)).toBeUndefined();
    }
  });

  it('names the missing relations of ceph-osd and nova-compute', () => {
    const units = tabularUnits('juju-status-tabular-insper-lab-openstack-partial-blocked.txt');
    const osd = unitGuidance(units.find((u) => u.name === 'ceph-osd/0')!);
    expect(osd).toMatchObject({ kind: 'missing-relation', relations: ['monitor'] });
    const nova = unitGuidance(units.find((u) => u.name === 'nova-compute/1')!);
    expect(nova).toMatchObject({ kind: 'missing-relation', relations: ['messaging', 'image'] });
  });

  it('reads the radosgw services message of the 2023 lab', () => {
    const u = tabularUnits('juju-status-tabular-insper-lab-2023-juju2.9-truncated.txt').find(
      (x) => x.workload === 'blocked',
    );
    expect(u && unitGuidance(u)).toMatchObject({
      kind: 'services-not-running',
      services: ['ceph-radosgw@rgw.juju-54528f-0-lxd-1'],
    });
  });

  // The octavia messages are the charm's own strings (charm-octavia, quoted in LAB.md §4).
  const octavia = (message: string) => ({ name: 'octavia/0', workload: 'blocked', agent: 'idle', message });
  it('octavia awaiting configure-resources is the next step, not an error, when blocked is allowed', () => {
    const msg = 'Awaiting end-user execution of `configure-resources` action to create required resources';
    expect(unitGuidance(octavia(msg))?.text).toContain('next step runs configure-resources');
    const status = json('juju-status-lxd-subordinates-blocked-juju3.6.json');
    const withOctavia = {
      ...status,
      applications: [
        ...status.applications,
        {
          name: 'octavia',
          charm: 'octavia',
          status: 'blocked',
          message: msg,
          subordinateTo: [],
          relatedTo: [],
          units: [{ ...octavia(msg), application: 'octavia', leader: true, subordinate: false }],
        },
      ],
    };
    const e = evaluateTargets(withOctavia, { octavia: ['active', 'blocked'] });
    expect(e.done).toBe(true);
    expect(e.notes[0]).toContain('configure-resources');
  });

  it('octavia without certificates points at the certificates step', () => {
    const g = unitGuidance(
      octavia('Missing required certificate configuration, please examine documentation'),
    );
    expect(g?.kind).toBe('octavia-certificates');
    expect(g?.text).toContain('lb-mgmt-issuing-cacert');
  });
});

describe('waitForTargets', () => {
  it('gives up early on a sealed vault that stays sealed, with the unseal guidance', async () => {
    const [vault] = tabularUnits('juju-status-tabular-vault-sealed.txt');
    const base = json('juju-status-k8s-model-snappass-juju3.6.json');
    const unit = { ...vault!, application: 'vault', leader: true, subordinate: false };
    const s = {
      ...base,
      applications: [
        {
          name: 'vault',
          charm: 'vault',
          status: 'blocked',
          message: unit.message,
          subordinateTo: [],
          relatedTo: [],
          units: [unit],
        },
      ],
      units: [unit],
    };
    const p = waitForTargets(
      async () => s,
      { vault: 'active' },
      { timeoutMs: 60_000, intervalMs: 5, stuckAfterMs: 10, clock: manualClock() },
    );
    await expect(p).rejects.toMatchObject({ code: 'VAULT_SEALED' });
  });

  it('times out naming the pending units', async () => {
    const s = json('juju-status-kubernetes-core-aws-allocating-juju3.2.json');
    const p = waitForTargets(
      async () => s,
      { etcd: 'active' },
      { timeoutMs: 20, intervalMs: 10, clock: manualClock() },
    );
    await expect(p).rejects.toMatchObject({
      code: 'WAIT_TIMEOUT',
      message: expect.stringContaining('etcd/0 waiting/allocating (waiting for machine)'),
    });
  });
});
