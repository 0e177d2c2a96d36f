import { describe, expect, it } from 'vitest';
import { missingFromBundle, shippedBundleShape } from '../../src/runners/recipes/deploy-k8s/bundle-check.js';
import type { JujuStatusSummary } from '../../src/runners/tools/juju/status-parse.js';

/**
 * `/deploy k8s` finds the bundle deployed only when every application *and relation* of the
 * bundle and its overlay is there: Juju adds a bundle's applications before it relates them,
 * so a bundle that stopped half-way must be deployed again, not skipped.
 */
const shape = shippedBundleShape();

function status(related: Record<string, string[]>): JujuStatusSummary {
  return {
    model: { name: 'k8s' },
    jujuMajor: 3,
    applications: Object.entries(related).map(([name, relatedTo]) => ({
      name,
      charm: name,
      status: 'active',
      message: '',
      subordinateTo: [],
      relatedTo,
      units: [],
    })),
    machines: [],
    units: [],
    unhealthy: [],
    counts: { applications: 0, units: 0, machines: 0, active: 0, unhealthy: 0 },
  } as JujuStatusSummary;
}

/** A model holding the whole bundle, every relation in place. */
function complete(): Record<string, string[]> {
  const related: Record<string, string[]> = Object.fromEntries(shape.applications.map((a) => [a, []]));
  for (const [a, b] of shape.relations) {
    related[a]?.push(b);
    related[b]?.push(a);
  }
  return related;
}

describe('the kubernetes-core bundle check', () => {
  it('reads the shipped bundle and overlay: the core applications, the integrator and their relations', () => {
    expect(shape.applications).toEqual(
      expect.arrayContaining([
        'kubernetes-control-plane',
        'kubernetes-worker',
        'etcd',
        'openstack-integrator',
      ]),
    );
    expect(shape.relations).toContainEqual(['openstack-integrator', 'kubernetes-control-plane']);
  });

  it('a complete model lacks nothing', () => {
    expect(missingFromBundle(status(complete()), shape)).toEqual([]);
  });

  it('applications deployed but relations missing (a bundle stopped half-way) are not "deployed"', () => {
    const related = complete();
    related['openstack-integrator'] = [];
    for (const a of Object.keys(related))
      related[a] = (related[a] ?? []).filter((b) => b !== 'openstack-integrator');
    const missing = missingFromBundle(status(related), shape);
    expect(missing).toContain('relation openstack-integrator – kubernetes-control-plane');
    expect(missing.every((m) => m.startsWith('relation '))).toBe(true);
  });

  it('a missing application is named', () => {
    const related = complete();
    delete related.etcd;
    expect(missingFromBundle(status(related), shape)).toContain('application etcd');
  });
});
