import { type JujuUnitDoc, jujuStatusSchema } from '../../../tool-output/juju-status.js';

export interface UnitSummary {
  name: string;
  application: string;
  workload: string;
  message: string;
  agent: string;
  machine?: string;
  address?: string;
  leader: boolean;
  subordinate: boolean;
}

export interface ApplicationSummary {
  name: string;
  charm: string;
  channel?: string;
  base?: string;
  status: string;
  message: string;
  subordinateTo: string[];
  relatedTo: string[];
  units: UnitSummary[];
}

export interface JujuStatusSummary {
  model: { name: string; controller?: string; cloud?: string; version?: string; type?: string };
  jujuMajor: number;
  applications: ApplicationSummary[];
  machines: { id: string; status: string; message: string; base?: string; containers: number }[];
  units: UnitSummary[];
  /** Units whose workload is not active or whose agent is in error / lost. */
  unhealthy: UnitSummary[];
  counts: Record<'applications' | 'units' | 'machines' | 'active' | 'unhealthy', number>;
}

const baseText = (b?: { name: string; channel: string }, series?: string) =>
  b ? `${b.name}@${b.channel}` : series;

/** Workload states that count as healthy, and agent states that are fine for a settled unit. */
const okWorkload = new Set(['active']);
const badAgent = new Set(['error', 'lost', 'failed']);

export function isUnitHealthy(u: Pick<UnitSummary, 'workload' | 'agent'>): boolean {
  return okWorkload.has(u.workload) && !badAgent.has(u.agent);
}

/** Parses the JSON text (or already-parsed value) and summarises it. Throws on a non-status document. */
export function parseJujuStatus(input: string | unknown): JujuStatusSummary {
  const raw = jujuStatusSchema.parse(typeof input === 'string' ? JSON.parse(input) : input);
  const units: UnitSummary[] = [];
  const toUnit = (name: string, u: JujuUnitDoc, subordinate: boolean): UnitSummary => ({
    name,
    application: name.split('/')[0] ?? name,
    workload: u['workload-status']?.current ?? 'unknown',
    message: u['workload-status']?.message ?? '',
    agent: u['juju-status']?.current ?? 'unknown',
    machine: u.machine,
    address: u['public-address'] ?? u.address,
    leader: u.leader ?? false,
    subordinate,
  });
  for (const app of Object.values(raw.applications)) {
    for (const [name, u] of Object.entries(app.units ?? {})) {
      units.push(toUnit(name, u, false));
      for (const [sname, s] of Object.entries(u.subordinates ?? {})) units.push(toUnit(sname, s, true));
    }
  }
  const applications: ApplicationSummary[] = Object.entries(raw.applications).map(([name, a]) => ({
    name,
    charm: a.charm ?? name,
    channel: a['charm-channel'],
    base: baseText(a.base, a.series),
    status: a['application-status']?.current ?? 'unknown',
    message: a['application-status']?.message ?? '',
    subordinateTo: a['subordinate-to'] ?? [],
    relatedTo: [
      ...new Set(
        Object.values(a.relations ?? {})
          .flat()
          .map((r) => (typeof r === 'string' ? r : r['related-application'])),
      ),
    ],
    units: units.filter((u) => u.application === name),
  }));
  const machines = Object.entries(raw.machines).map(([id, m]) => ({
    id,
    status: m['juju-status']?.current ?? 'unknown',
    message: m['machine-status']?.message ?? '',
    base: baseText(m.base, m.series),
    containers: Object.keys(m.containers ?? {}).length,
  }));
  const unhealthy = units.filter((u) => !isUnitHealthy(u));
  const version = raw.model.version;
  return {
    model: raw.model,
    jujuMajor: Number.parseInt(version?.split('.')[0] ?? '3', 10),
    applications,
    machines,
    units,
    unhealthy,
    counts: {
      applications: applications.length,
      units: units.length,
      machines: machines.length,
      active: units.filter((u) => u.workload === 'active').length,
      unhealthy: unhealthy.length,
    },
  };
}
