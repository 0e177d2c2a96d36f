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

/** The parts of a charm the stand-in needs to behave like it. */
export interface Charm {
  name: string;
  subordinate?: boolean;
  /** workload version shown in the Version column */
  version: string;
  rev: number;
  channel: string;
  endpoints: Endpoint[];
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
