import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { octaviaPlan } from '../../src/runners/recipes/deploy-octavia/plan.js';
import { CliExit, Output } from '../../src/sim/cloud/cli/io.js';
import { modelledActions } from '../../src/sim/cloud/juju/action-handlers.js';
import { deployBundle } from '../../src/sim/cloud/juju/bundle.js';
import { getCharm, releaseOf } from '../../src/sim/cloud/juju/charms.js';
import { definesAction, unknownOption, unsupportedBase } from '../../src/sim/cloud/juju/charms-checks.js';
import { OCTAVIA_CERT_KEYS } from '../../src/sim/cloud/juju/charms-openstack.js';
import { integrate } from '../../src/sim/cloud/juju/integrate.js';
import { addApplication, newModel } from '../../src/sim/cloud/juju/model-ops.js';
import { KUBERNETES_CORE_BUNDLE, OPENSTACK_OVERLAY } from '../../src/sim/cloud/presets/k8s-model.js';
import { openstackModel } from '../../src/sim/cloud/presets/openstack-model.js';

// The juju stand-in knows each charm from its own metadata/config/actions (src/sim/cloud/juju/
// charms/*.ts) and refuses what Juju refuses, with Juju's text: an endpoint the charm does not
// define, a config key its config.yaml lacks, a channel with no revision for the series.

const asset = (name: string) => readFileSync(new URL(`../../assets/k8s/${name}`, import.meta.url), 'utf8');
const fixture = (name: string) => readFileSync(new URL(`../fixtures/real/${name}`, import.meta.url), 'utf8');

/** The course's original overlay: release_1.28 overlays/openstack-overlay.yaml, no channel. */
const OLD_OVERLAY = {
  applications: { 'openstack-integrator': { charm: 'openstack-integrator', num_units: 1, trust: true } },
  relations: [
    ['openstack-integrator', 'kubernetes-control-plane:openstack'],
    ['openstack-integrator', 'kubernetes-worker:openstack'],
  ],
};

function refusal(fn: () => void): { text: string; code: number } {
  try {
    fn();
  } catch (err) {
    if (err instanceof CliExit) return { text: err.text, code: err.code };
    throw err;
  }
  throw new Error('not refused');
}

const k8sModel = () => newModel('k8s', 'insper-openstack', 'RegionOne', 'openstack', 0);

describe('Kubernetes bundle', () => {
  it('the shipped bundle and overlay deploy: every charm, series and relation is one the 1.28 charms have', () => {
    const model = k8sModel();
    deployBundle(
      model,
      [parse(asset('kubernetes-core-bundle.yaml')), parse(asset('openstack-overlay.yaml'))],
      0,
      new Output(),
      true,
    );
    expect(Object.keys(model.applications).sort()).toEqual([
      'calico',
      'containerd',
      'easyrsa',
      'etcd',
      'kubernetes-control-plane',
      'kubernetes-worker',
      'openstack-integrator',
    ]);
    expect(new Set(Object.values(model.applications).map((a) => a.channel))).toEqual(
      new Set(['1.28/stable']),
    );
    expect(model.relations.filter((r) => r.kind !== 'peer')).toHaveLength(12);
    expect(model.applications['kubernetes-worker']?.base).toBe('22.04');
  });

  it('names one release: every charm channel and snap channel is 1.28 (etcd 3.4), on jammy', () => {
    const bundle = parse(asset('kubernetes-core-bundle.yaml')) as {
      series: string;
      applications: Record<string, { channel: string; options?: { channel?: string } }>;
    };
    const overlay = parse(asset('openstack-overlay.yaml')) as typeof bundle;
    expect(bundle.series).toBe('jammy');
    for (const [name, app] of Object.entries({ ...bundle.applications, ...overlay.applications })) {
      expect(app.channel, name).toBe('1.28/stable');
      if (app.options?.channel)
        expect(app.options.channel, name).toBe(name === 'etcd' ? '3.4/stable' : '1.28/stable');
    }
  });

  it("the preset's bundle is the shipped one", () => {
    const bundle = parse(asset('kubernetes-core-bundle.yaml')) as Record<string, unknown> & {
      applications: Record<string, Record<string, unknown>>;
    };
    const strip = (apps: Record<string, Record<string, unknown>>) =>
      Object.fromEntries(
        Object.entries(apps).map(([n, a]) => [
          n,
          Object.fromEntries(Object.entries(a).filter(([k]) => k !== 'annotations')),
        ]),
      );
    expect(KUBERNETES_CORE_BUNDLE.series).toBe(bundle.series);
    expect(KUBERNETES_CORE_BUNDLE.machines).toEqual(bundle.machines);
    expect(strip(KUBERNETES_CORE_BUNDLE.applications)).toEqual(strip(bundle.applications));
    expect(KUBERNETES_CORE_BUNDLE.relations).toEqual(bundle.relations);
    const overlay = parse(asset('openstack-overlay.yaml')) as typeof bundle;
    expect(strip(OPENSTACK_OVERLAY.applications)).toEqual(strip(overlay.applications));
    expect(OPENSTACK_OVERLAY.relations).toEqual(overlay.relations);
  });

  it('the old bundle (focal, latest/stable charms) is refused before anything is deployed', () => {
    const model = k8sModel();
    const r = refusal(() =>
      deployBundle(
        model,
        [parse(fixture('insper-kubernetes-core-bundle.yaml')), OLD_OVERLAY],
        0,
        new Output(),
        true,
      ),
    );
    expect(r.code).toBe(1);
    expect(r.text).toBe(
      'ERROR cannot deploy bundle: cannot resolve charm or bundle "containerd": selecting releases: charm or bundle not found for channel "stable", base "amd64/ubuntu/20.04/stable"\n' +
        'available releases are:\n' +
        '  channel "1.28/stable": available bases are: ubuntu@22.04, ubuntu@20.04\n' +
        '  channel "latest/stable": available bases are: ubuntu@22.04, ubuntu@24.04\n',
    );
    expect(model.applications).toEqual({});
  });

  it('on jammy, latest/stable kubernetes-worker (1.29+) has no openstack endpoint: the old overlay is refused', () => {
    const old = parse(fixture('insper-kubernetes-core-bundle.yaml')) as { series: string };
    old.series = 'jammy';
    const r = refusal(() => deployBundle(k8sModel(), [old, OLD_OVERLAY], 0, new Output(), true));
    expect(r).toEqual({
      code: 1,
      text: 'ERROR cannot deploy bundle: cannot add relation between "openstack-integrator" and "kubernetes-worker:openstack": application "kubernetes-worker" has no "openstack" relation\n',
    });
  });

  it('a charm channel without the series is refused as charmhub refuses it', () => {
    const worker = getCharm('kubernetes-worker');
    expect(unsupportedBase(worker, '1.28/stable', 'focal')).toBeUndefined();
    expect(unsupportedBase(worker, '1.28/stable', 'ubuntu@24.04')).toMatch(
      /^selecting releases: charm or bundle not found for channel "1.28\/stable", base "amd64\/ubuntu\/24.04\/stable"\n/,
    );
    expect(unsupportedBase(worker, undefined, 'jammy')).toBeUndefined();
  });
});

describe('charm endpoints', () => {
  it('every relation of the Octavia plan is accepted by the charms at the channels it deploys', () => {
    const model = openstackModel(0, '3.6');
    const plan = octaviaPlan({ openstack: '2023.2/stable', ovn: '23.09/stable', mysql: '8.0/stable' }, [
      '0',
      '1',
      '2',
    ]);
    for (const a of plan.apps) {
      const charm = getCharm(a.charm);
      expect(releaseOf(charm, a.channel), a.charm).toBeDefined();
      expect(unknownOption(charm, a.channel, Object.keys(a.config ?? {})), a.name).toBeUndefined();
      addApplication(model, { name: a.name, charm, channel: a.channel, config: a.config, base: '22.04' }, 0);
    }
    for (const [a, b] of plan.relations)
      expect(() => integrate(model, a, b, 0, '3.6'), `${a} ${b}`).not.toThrow();
    expect(model.relations.filter((r) => r.kind !== 'peer').length).toBeGreaterThanOrEqual(
      plan.relations.length,
    );
  });

  it("an endpoint the charm does not define is refused with Juju's text (state Application.Endpoint)", () => {
    const model = openstackModel(0, '3.6');
    expect(refusal(() => integrate(model, 'keystone:bogus', 'vault:certificates', 0, '3.6'))).toEqual({
      code: 1,
      text: 'ERROR application "keystone" has no "bogus" relation\n',
    });
    expect(refusal(() => integrate(model, 'keystone', 'vault:secret', 0, '2.9'))).toEqual({
      code: 1,
      text: 'ERROR application "vault" has no "secret" relation\n',
    });
  });
});

describe('charm config keys and actions', () => {
  it("the keys the recipes set are the charms' own", () => {
    const keys: Array<[string, string, string[]]> = [
      ['octavia', '2023.2/stable', [...OCTAVIA_CERT_KEYS, 'loadbalancer-topology', 'spare-pool-size']],
      [
        'octavia-diskimage-retrofit',
        '2023.2/stable',
        ['amp-image-tag', 'retrofit-series', 'retrofit-uca-pocket'],
      ],
      ['neutron-api', '2023.2/stable', ['enable-ml2-port-security', 'enable-ml2-dns']],
      ['glance-simplestreams-sync', '2023.2/stable', ['use_swift', 'mirror_list']],
      [
        'openstack-integrator',
        '1.28/stable',
        ['subnet-id', 'floating-network-id', 'lb-method', 'manage-security-groups'],
      ],
      ['kubernetes-control-plane', '1.28/stable', ['channel', 'allow-privileged']],
      ['calico', '1.28/stable', ['vxlan']],
      ['etcd', '1.28/stable', ['channel']],
    ];
    for (const [charm, channel, ks] of keys)
      expect(unknownOption(getCharm(charm), channel, ks), charm).toBeUndefined();
  });

  it('a key the charm does not define gets juju\'s "unknown option"', () => {
    expect(unknownOption(getCharm('octavia'), '2023.2/stable', ['amp-image-tag', 'bogus-key'])).toBe(
      'unknown option "bogus-key"',
    );
    expect(unknownOption(getCharm('openstack-integrator'), '1.28/stable', ['manage-security-group'])).toBe(
      'unknown option "manage-security-group"',
    );
  });

  it('every action the stand-in models is one the charm defines, and others are not defined', () => {
    for (const [charm, action] of modelledActions())
      expect(definesAction(getCharm(charm), undefined, action), `${charm} ${action}`).toBe(true);
    expect(definesAction(getCharm('octavia'), undefined, 'configure-resource')).toBe(false);
    expect(definesAction(getCharm('glance-simplestreams-sync'), undefined, 'sync-images')).toBe(true);
  });
});

describe('channels the tables do not hold', () => {
  it('another OpenStack track is not judged on the series of the one read', () => {
    expect(unsupportedBase(getCharm('octavia'), 'yoga/stable', 'focal')).toBeUndefined();
    expect(unsupportedBase(getCharm('octavia'), '2023.2/stable', 'focal')).toMatch(/^selecting releases: /);
  });

  it('a charmed-kubernetes track takes the release line it falls in (1.27 → 1.28 facts, 1.31 → latest)', () => {
    expect(
      releaseOf(getCharm('kubernetes-worker'), '1.27/stable')?.endpoints.some((e) => e.name === 'openstack'),
    ).toBe(true);
    expect(
      releaseOf(getCharm('kubernetes-worker'), '1.31/stable')?.endpoints.some((e) => e.name === 'openstack'),
    ).toBe(false);
    expect(releaseOf(getCharm('kubernetes-worker'), 'stable')?.series).toEqual(['jammy', 'noble']);
  });
});
