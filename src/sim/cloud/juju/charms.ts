import type { Charm, CharmRelease, Endpoint } from './charm-types.js';
import { COMPUTE_CHARMS } from './charms-compute.js';
import { K8S_CHARMS, OCTAVIA_CHARMS } from './charms-extra.js';
import { OPENSTACK_CHARMS } from './charms-openstack.js';

const ALL = new Map<string, Charm>(
  [...OPENSTACK_CHARMS, ...COMPUTE_CHARMS, ...OCTAVIA_CHARMS, ...K8S_CHARMS].map((c) => [c.name, c]),
);

/** Strips `cs:`/`ch:` prefixes and revisions from a charm URL (`cs:octavia` → `octavia`). */
export function charmName(url: string): string {
  const base = url.replace(/^(cs|ch|local):/, '').replace(/^~[^/]+\//, '');
  const last = base.split('/').pop() ?? base;
  return last.replace(/-\d+$/, '');
}

/** The catalog entry for a charm name, or undefined when the charm store would not know it. */
export function findCharm(name: string): Charm | undefined {
  return ALL.get(charmName(name));
}

export function getCharm(name: string): Charm {
  const charm = findCharm(name);
  if (!charm) throw new Error(`charm ${name} is not in the simulated charm store`);
  return charm;
}

/** Juju's normalised channel: `stable` → `latest/stable`, `1.28` → `1.28/stable`. */
export function normalizeChannel(channel: string): string {
  const risks = ['stable', 'candidate', 'beta', 'edge'];
  const parts = channel.split('/');
  if (parts.length === 1) return risks.includes(channel) ? `latest/${channel}` : `${channel}/stable`;
  return parts.slice(0, 2).join('/');
}

/**
 * The revision charmhub serves on `channel` (the charm's own channel when absent). A track the
 * tables do not name takes the nearest one read: for numbered tracks (charmed-kubernetes 1.x),
 * the oldest read track not before it, else `latest` (1.27 → 1.28, 1.29 and later → latest,
 * whose endpoints 1.29 changed); for the OpenStack charms, the one channel read. Undefined for
 * charms whose files were not read.
 */
export function releaseOf(charm: Charm, channel?: string): CharmRelease | undefined {
  const releases = charm.releases;
  if (!releases) return undefined;
  const track = normalizeChannel(channel ?? charm.channel).split('/')[0] ?? 'latest';
  const byTrack = new Map(Object.entries(releases).map(([ch, r]) => [ch.split('/')[0], r]));
  const exact = byTrack.get(track);
  if (exact) return exact;
  const version = (t: string) => (/^\d+\.\d+$/.test(t) ? t.split('.').map(Number) : undefined);
  const wanted = version(track);
  if (wanted) {
    const num = (v: number[]) => (v[0] ?? 0) * 1000 + (v[1] ?? 0);
    const later = [...byTrack.keys()]
      .map((t) => ({ t: t ?? '', v: version(t ?? '') }))
      .filter((x): x is { t: string; v: number[] } => x.v !== undefined && num(x.v) >= num(wanted))
      .sort((a, b) => num(a.v) - num(b.v));
    const hit = later[0] ? byTrack.get(later[0].t) : byTrack.get('latest');
    if (hit) return hit;
  }
  return byTrack.get(normalizeChannel(charm.channel).split('/')[0]) ?? Object.values(releases)[0];
}

/** Every charm also provides `juju-info` implicitly. */
export function endpointsOf(charm: Charm, channel?: string): Endpoint[] {
  const eps = [...(channel ? (releaseOf(charm, channel)?.endpoints ?? charm.endpoints) : charm.endpoints)];
  if (!eps.some((e) => e.name === 'juju-info'))
    eps.push({ name: 'juju-info', interface: 'juju-info', role: 'provides' });
  return eps;
}

export function endpoint(charm: Charm, name: string): Endpoint | undefined {
  return endpointsOf(charm).find((e) => e.name === name);
}
