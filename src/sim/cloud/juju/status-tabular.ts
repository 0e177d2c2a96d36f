import { tabwrite } from '../cli/table.js';
import { jujuClock } from '../state/clock.js';
import type { MachineView, ModelView, UnitView } from './model-view.js';
import { splitEndpoint } from './relations.js';
import { AGENT_VERSION, type StatusHeader } from './status-json.js';

/**
 * Default `juju status` output, column for column like the lab's screenshots
 * (fixtures/real/juju-status-tabular-insper-lab-openstack-*.txt).
 */

/** Juju's port summary: `5672,15672/tcp`, `8774-8775/tcp`. */
export function portSummary(ports: string[]): string {
  const byProto = new Map<string, number[][]>();
  const other: string[] = [];
  for (const p of ports) {
    const m = /^(\d+)(?:-(\d+))?\/(\w+)$/.exec(p);
    if (!m) {
      other.push(p);
      continue;
    }
    const list = byProto.get(m[3] as string) ?? [];
    list.push([Number(m[1]), Number(m[2] ?? m[1])]);
    byProto.set(m[3] as string, list);
  }
  const parts = [...other];
  for (const [proto, ranges] of byProto) {
    ranges.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
    const merged: number[][] = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && (r[0] ?? 0) <= (last[1] ?? 0) + 1) last[1] = Math.max(last[1] ?? 0, r[1] ?? 0);
      else merged.push([...r]);
    }
    parts.push(`${merged.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',')}/${proto}`);
  }
  return parts.join(' ');
}

function unitRows(u: UnitView, indent: string, rows: string[][]): void {
  rows.push([
    `${indent}${u.name}${u.leader ? '*' : ''}`,
    u.workload.current,
    u.agent.current,
    indent ? '' : (u.machine ?? ''),
    u.agent.current === 'allocating' ? '' : u.address,
    portSummary(u.ports),
    u.workload.message,
  ]);
  for (const s of u.subordinates) unitRows(s, `${indent}  `, rows);
}

function machineRows(m: MachineView, rows: string[][], h: StatusHeader): void {
  const up = m.agent.current === 'started';
  const base =
    h.mode === '2.9'
      ? ({ '20.04': 'focal', '22.04': 'jammy' }[m.state.base] ?? 'jammy')
      : `ubuntu@${m.state.base}`;
  rows.push([
    m.state.id,
    m.agent.current,
    up ? m.state.address : '',
    up || m.state.kind === 'metal' ? m.state.instanceId : 'pending',
    base,
    h.model.kind === 'maas' ? 'default' : 'nova',
    m.instance.message,
  ]);
  for (const c of m.containers) machineRows(c, rows, h);
}

/** Renders the tabular status; `relations` adds the integrations table. */
export function statusTabular(view: ModelView, h: StatusHeader, relations: boolean): string {
  const m = h.model;
  const cloudRegion = h.mode === '2.9' || m.kind !== 'maas' ? `${m.cloud}/${m.region}` : m.cloud;
  const sections: string[] = [];
  sections.push(
    tabwrite([
      ['Model', 'Controller', 'Cloud/Region', 'Version', 'SLA', 'Timestamp'],
      [m.name, h.controller, cloudRegion, AGENT_VERSION[h.mode], 'unsupported', jujuClock(h.now)],
    ]).join('\n'),
  );
  if (view.apps.length === 0) {
    return `${sections[0]}\n\nModel "admin/${m.name}" is empty.\n`;
  }
  const apps: string[][] = [
    ['App', 'Version', 'Status', 'Scale', 'Charm', 'Channel', 'Rev', 'Exposed', 'Message'],
  ];
  for (const a of view.apps) {
    const units = a.subordinate ? a.subUnits : a.units;
    const started = units.filter((u) => u.agent.current !== 'allocating').length;
    const scale = started === units.length ? `${units.length}` : `${started}/${units.length}`;
    const installed = units.some((u) => u.agent.current === 'idle');
    apps.push([
      a.state.name,
      installed ? (a.charm?.version ?? '') : '',
      a.status.current,
      scale,
      a.charm?.name ?? a.state.charm,
      a.state.channel,
      String(a.state.rev),
      a.state.exposed ? 'yes' : 'no',
      a.status.message,
    ]);
  }
  sections.push(tabwrite(apps, { right: [3, 6] }).join('\n'));
  const units: string[][] = [['Unit', 'Workload', 'Agent', 'Machine', 'Public address', 'Ports', 'Message']];
  for (const a of view.apps) for (const u of a.units) unitRows(u, '', units);
  if (units.length > 1) sections.push(tabwrite(units).join('\n'));
  const machines: string[][] = [
    ['Machine', 'State', 'Address', 'Inst id', h.mode === '2.9' ? 'Series' : 'Base', 'AZ', 'Message'],
  ];
  for (const mv of view.machines) machineRows(mv, machines, h);
  if (machines.length > 1) sections.push(tabwrite(machines).join('\n'));
  if (relations) {
    const head = h.mode === '2.9' ? 'Relation provider' : 'Integration provider';
    const rows: string[][] = [[head, 'Requirer', 'Interface', 'Type', 'Message']];
    const shown = new Set(view.apps.map((a) => a.state.name));
    const rels = m.relations
      .filter((r) => shown.has(splitEndpoint(r.provider).app))
      .sort((a, b) => a.provider.localeCompare(b.provider) || a.requirer.localeCompare(b.requirer));
    for (const r of rels) rows.push([r.provider, r.requirer, r.interface, r.kind, '']);
    if (rows.length > 1) sections.push(tabwrite(rows).join('\n'));
  }
  return `${sections.join('\n\n')}\n`;
}
