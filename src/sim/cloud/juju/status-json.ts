import type {
  JujuAppDoc,
  JujuMachineDoc,
  JujuStatusDoc,
  JujuStatusInfo,
  JujuUnitDoc,
} from '../../../tool-output/juju-status.js';
import { jujuClock, jujuSince } from '../state/clock.js';
import type { JujuMode, MachineState, ModelState } from '../state/types.js';
import type { AppView, MachineView, ModelView, Status, UnitView } from './model-view.js';
import { relationsOf } from './relations.js';

/**
 * `juju status --format=json|yaml` documents in the Juju 3.6 shape (`base`, relations as
 * objects; fixture juju-status-lxd-subordinates-blocked-juju3.6.json) or the 2.9 shape
 * (`series`/`os`, relations as names; fixture juju-status-openstack-ussuri-juju2.9.json), typed by
 * the schema the runner parses them with (src/tool-output/juju-status.ts).
 */

export const AGENT_VERSION: Record<JujuMode, string> = { '3.6': '3.6.4', '2.9': '2.9.42' };
const SERIES: Record<string, string> = { '20.04': 'focal', '22.04': 'jammy', '24.04': 'noble' };

export interface StatusHeader {
  model: ModelState;
  controller: string;
  mode: JujuMode;
  now: number;
}

function status(s: Status, version?: string): JujuStatusInfo & { version?: string } {
  const out: JujuStatusInfo & { version?: string } = { current: s.current };
  if (s.message) out.message = s.message;
  out.since = jujuSince(s.since);
  if (version) out.version = version;
  return out;
}

function baseOf(channel: string, mode: JujuMode): Pick<JujuMachineDoc, 'series' | 'base'> {
  return mode === '2.9' ? { series: SERIES[channel] ?? 'jammy' } : { base: { name: 'ubuntu', channel } };
}

function machineJson(view: MachineView, h: StatusHeader): JujuMachineDoc {
  const m: MachineState = view.state;
  const up = view.agent.current === 'started';
  const out: JujuMachineDoc = { 'juju-status': status(view.agent, up ? AGENT_VERSION[h.mode] : undefined) };
  if (up) {
    Object.assign(out, { hostname: m.hostname, 'dns-name': m.address, 'ip-addresses': [m.address] });
  }
  out['instance-id'] = up || m.kind === 'metal' ? m.instanceId : 'pending';
  out['machine-status'] = status(view.instance);
  out['modification-status'] = {
    current: h.mode === '2.9' ? 'idle' : 'applied',
    since: jujuSince(m.createdAt),
  };
  Object.assign(out, baseOf(m.base, h.mode));
  if (up) {
    const iface = m.kind === 'lxd' ? 'eth0' : m.kind === 'metal' ? 'br-ex' : 'ens3';
    const gateway = m.address.startsWith('172.16.') ? '172.16.0.1' : '192.169.0.1';
    const mac = `00:16:3e:${m.instanceId
      .slice(-6)
      .replace(/[^0-9a-f]/g, '0')
      .padStart(6, '0')
      .replace(/(..)(..)(..)/, '$1:$2:$3')}`;
    out['network-interfaces'] = {
      [iface]: { 'ip-addresses': [m.address], 'mac-address': mac, gateway, space: 'alpha', 'is-up': true },
    };
  }
  if (view.containers.length > 0) {
    out.containers = Object.fromEntries(view.containers.map((c) => [c.state.id, machineJson(c, h)]));
  }
  if (m.constraints) out.constraints = m.constraints;
  if (up) out.hardware = m.hardware;
  return out;
}

function unitJson(u: UnitView, h: StatusHeader, sub: boolean): JujuUnitDoc {
  const installed = u.agent.current !== 'allocating';
  const out: JujuUnitDoc = {
    'workload-status': status(u.workload),
    'juju-status': status(u.agent, installed ? AGENT_VERSION[h.mode] : undefined),
  };
  if (u.leader) out.leader = true;
  if (!sub && u.machine) out.machine = u.machine;
  if (u.ports.length > 0) out['open-ports'] = u.ports;
  if (u.address && installed) out['public-address'] = u.address;
  if (u.subordinates.length > 0) {
    out.subordinates = Object.fromEntries(u.subordinates.map((s) => [s.name, unitJson(s, h, true)]));
  }
  return out;
}

function relationsJson(app: AppView, h: StatusHeader): NonNullable<JujuAppDoc['relations']> {
  const byEndpoint = new Map<string, Array<{ app: string; iface: string; scope: string }>>();
  for (const side of relationsOf(h.model, app.state.name)) {
    const list = byEndpoint.get(side.endpoint) ?? [];
    list.push({ app: side.otherApp, iface: side.relation.interface, scope: side.relation.scope });
    byEndpoint.set(side.endpoint, list);
  }
  const out: NonNullable<JujuAppDoc['relations']> = {};
  for (const ep of [...byEndpoint.keys()].sort()) {
    const list = (byEndpoint.get(ep) ?? []).sort((a, b) => a.app.localeCompare(b.app));
    out[ep] =
      h.mode === '2.9'
        ? list.map((r) => r.app)
        : list.map((r) => ({ 'related-application': r.app, interface: r.iface, scope: r.scope }));
  }
  return out;
}

function appJson(app: AppView, h: StatusHeader): JujuAppDoc {
  const s = app.state;
  const out: JujuAppDoc = { charm: app.charm?.name ?? s.charm };
  if (h.mode === '2.9') Object.assign(out, { series: SERIES[s.base] ?? 'jammy', os: 'ubuntu' });
  else out.base = { name: 'ubuntu', channel: s.base };
  Object.assign(out, {
    'charm-origin': 'charmhub',
    'charm-name': app.charm?.name ?? s.charm,
    'charm-rev': s.rev,
    'charm-channel': s.channel,
    exposed: s.exposed,
    'application-status': status(app.status),
  });
  const relations = relationsJson(app, h);
  if (Object.keys(relations).length > 0) out.relations = relations;
  if (app.units.length > 0)
    out.units = Object.fromEntries(app.units.map((u) => [u.name, unitJson(u, h, false)]));
  if (app.subordinate && app.subordinateTo.length > 0) out['subordinate-to'] = app.subordinateTo;
  const installed = [...app.units, ...app.subUnits].some((u) => u.agent.current === 'idle');
  if (app.charm?.version && installed) out.version = app.charm.version;
  const endpoints = app.charm?.endpoints.map((e) => e.name) ?? [];
  out['endpoint-bindings'] = Object.fromEntries(
    ['', ...new Set([...endpoints, 'juju-info'])].sort().map((e) => [e, 'alpha']),
  );
  return out;
}

/** The whole status document. */
export function statusDocument(view: ModelView, h: StatusHeader): JujuStatusDoc {
  const m = h.model;
  return {
    model: {
      name: m.name,
      type: 'iaas',
      controller: h.controller,
      cloud: m.cloud,
      region: m.region,
      version: AGENT_VERSION[h.mode],
      'model-status': { current: 'available', since: jujuSince(m.createdAt) },
      sla: 'unsupported',
    },
    machines: Object.fromEntries(view.machines.map((mv) => [mv.state.id, machineJson(mv, h)])),
    applications: Object.fromEntries(view.apps.map((a) => [a.state.name, appJson(a, h)])),
    storage: {},
    controller: { timestamp: jujuClock(h.now) },
  };
}
