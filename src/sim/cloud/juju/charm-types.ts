import type { AppState, ModelState } from '../state/types.js';

/** A relation endpoint from a charm's metadata.yaml. */
export interface Endpoint {
  name: string;
  interface: string;
  role: 'provides' | 'requires' | 'peers';
  scope?: 'container';
  /** name used in the charm's "Missing relations: …" message when it differs */
  label?: string;
}

/** What the charm's own status logic reports once its machine and install are done. */
export type CharmCheck = (app: AppState, model: ModelState) => { status: string; message: string } | null;

/**
 * What a charm's own files say, as read from its repository (see charms/*.ts): supported series
 * (space-separated), endpoints per role as `name:interface` (`/c` suffix: container scope),
 * config option names and action names.
 */
export interface CharmFacts {
  series: string;
  provides: string;
  requires: string;
  peers: string;
  config: string;
  actions: string;
}

/** One charm revision as charmhub serves it on a channel. Undefined config/actions: not read. */
export interface CharmRelease {
  series: string[];
  endpoints: Endpoint[];
  config?: ReadonlySet<string>;
  actions?: ReadonlySet<string>;
}

/** Parses a facts table entry; `labels` name endpoints the way the charm's status message does. */
export function parseFacts(facts: CharmFacts, labels: Record<string, string> = {}): CharmRelease {
  const endpoints: Endpoint[] = [];
  for (const role of ['provides', 'requires', 'peers'] as const) {
    for (const item of facts[role].split(' ').filter(Boolean)) {
      const [name = '', rest = ''] = item.split(':');
      const [iface = '', scope] = rest.split('/');
      const label = labels[name];
      endpoints.push({
        name,
        interface: iface,
        role,
        ...(scope === 'c' ? { scope: 'container' as const } : {}),
        ...(label ? { label } : {}),
      });
    }
  }
  const words = (s: string) => new Set(s.split(' ').filter(Boolean));
  return {
    series: facts.series.split(' ').filter(Boolean),
    endpoints,
    config: words(facts.config),
    actions: words(facts.actions),
  };
}

/** The parts of a charm the stand-in needs to behave like it. */
export interface Charm {
  name: string;
  subordinate?: boolean;
  /** workload version shown in the Version column */
  version: string;
  rev: number;
  channel: string;
  /** endpoints at the default channel (from `releases` when the charm's files were read) */
  endpoints: Endpoint[];
  /** what charmhub serves per channel (`<track>/stable`), read from the charm's files */
  releases?: Record<string, CharmRelease>;
  /** endpoint names without which the charm stays blocked */
  required: string[];
  /** how the charm words a missing relation (ceph-osd says "Missing relation: monitor") */
  missing?: (labels: string[]) => string;
  ports?: string[];
  /** unit message when ready */
  ready: string;
  /** application message when ready, if the charm sets one (keystone: "Application Ready") */
  appReady?: string;
  /** simulated seconds to install the charm */
  install?: number;
  /** charm-specific blocking checks run after relations are complete (vault seal, octavia certs) */
  check?: CharmCheck;
  /** the default config (only keys a runner reads back) */
  config?: Record<string, string>;
}

/** Labels the OpenStack charms use for missing relations ("Missing relations: database, messaging"). */
export const OPENSTACK_LABELS: Record<string, string> = {
  'shared-db': 'database',
  'identity-service': 'identity',
  amqp: 'messaging',
  'image-service': 'image',
};

/**
 * A charm's `releases` (per channel) and its default-channel `endpoints`, from its facts tables.
 * The first channel is the default.
 */
export function fromFacts(
  byChannel: Record<string, CharmFacts>,
  labels: Record<string, string> = OPENSTACK_LABELS,
): Pick<Charm, 'endpoints' | 'releases'> {
  const releases = Object.fromEntries(
    Object.entries(byChannel).map(([ch, f]) => [ch, parseFacts(f, labels)]),
  );
  return { releases, endpoints: Object.values(releases)[0]?.endpoints ?? [] };
}

export const ep = (
  name: string,
  iface: string,
  role: Endpoint['role'],
  extra: Partial<Pick<Endpoint, 'scope' | 'label'>> = {},
): Endpoint => ({ name, interface: iface, role, ...extra });

export const db = ep('shared-db', 'mysql-shared', 'requires', { label: 'database' });
export const identity = ep('identity-service', 'keystone', 'requires', { label: 'identity' });
export const amqp = ep('amqp', 'rabbitmq', 'requires', { label: 'messaging' });
export const certs = ep('certificates', 'tls-certificates', 'requires');
export const peer = (name: string, iface: string): Endpoint => ep(name, iface, 'peers');
