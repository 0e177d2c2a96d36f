import { type Clock, realAt } from '../state/clock.js';
import type { AppState, MachineState, ModelState } from '../state/types.js';
import type { Charm } from './charm-types.js';
import { relationsOf } from './relations.js';
import {
  appReadyAt,
  BOOT_SECONDS,
  charmOf,
  SETTLE_SECONDS,
  type UnitTiming,
  unitTimings,
} from './timeline.js';

/**
 * The status of a model at one instant, derived from the stored timestamps: what
 * `juju status` renders in any format.
 */
export interface Status {
  current: string;
  message: string;
  since: number;
}

export interface UnitView {
  name: string;
  app: string;
  machine: string | null;
  leader: boolean;
  workload: Status;
  agent: Status;
  address: string;
  ports: string[];
  subordinates: UnitView[];
}

export interface AppView {
  state: AppState;
  charm: Charm | undefined;
  subordinate: boolean;
  status: Status;
  /** principal units (subordinate units hang under them) */
  units: UnitView[];
  /** for a subordinate application, its units wherever they run */
  subUnits: UnitView[];
  subordinateTo: string[];
}

export interface MachineView {
  state: MachineState;
  agent: Status;
  instance: Status;
  containers: MachineView[];
}

export interface ModelView {
  apps: AppView[];
  machines: MachineView[];
}

/** Juju's severity order when deriving an application's status from its units. */
const SEVERITY: Record<string, number> = {
  error: 100,
  blocked: 90,
  maintenance: 80,
  waiting: 70,
  active: 60,
  unknown: 40,
};

/** Status the charm reports once installed, from its relations, config and action flags. */
function steadyStatus(
  model: ModelState,
  app: AppState,
  charm: Charm | undefined,
  clock: Clock,
  t: Map<string, UnitTiming>,
): Status {
  const mine = appReadyAt(t, app.name);
  let since = Math.max(mine, app.updatedAt ?? 0);
  if (!charm) return { current: 'active', message: '', since };
  const sides = relationsOf(model, app.name);
  const missing: string[] = [];
  const incomplete: string[] = [];
  for (const name of charm.required) {
    const label = charm.endpoints.find((e) => e.name === name)?.label ?? name;
    const rels = sides.filter((s) => s.endpoint === name);
    if (rels.length === 0) {
      missing.push(label);
      continue;
    }
    const completeAt = Math.min(
      ...rels.map((s) =>
        realAt(clock, Math.max(s.relation.createdAt, mine, appReadyAt(t, s.otherApp)), SETTLE_SECONDS),
      ),
    );
    if (completeAt > clock.now) incomplete.push(label);
    else since = Math.max(since, completeAt);
  }
  for (const s of sides)
    if (s.relation.createdAt <= clock.now) since = Math.max(since, Math.min(s.relation.createdAt, clock.now));
  since = Math.min(since, clock.now);
  if (missing.length > 0) {
    const message = charm.missing ? charm.missing(missing) : `Missing relations: ${missing.join(', ')}`;
    return { current: 'blocked', message, since };
  }
  if (incomplete.length > 0)
    return { current: 'waiting', message: `Incomplete relations: ${incomplete.join(', ')}`, since };
  const checked = charm.check?.(app, model);
  if (checked) return { current: checked.status, message: checked.message, since };
  return { current: 'active', message: charm.ready, since };
}

function unitView(t: UnitTiming, steady: Status, clock: Clock, address: string, leader: boolean): UnitView {
  let workload: Status;
  let agent: Status;
  if (clock.now < t.machineReadyAt) {
    workload = { current: 'waiting', message: 'waiting for machine', since: t.createdAt };
    agent = { current: 'allocating', message: '', since: t.createdAt };
  } else if (clock.now < t.installedAt) {
    workload = { current: 'maintenance', message: 'installing charm software', since: t.machineReadyAt };
    agent = { current: 'executing', message: '', since: t.machineReadyAt };
  } else {
    workload = steady;
    agent = { current: 'idle', message: '', since: Math.max(t.installedAt, steady.since) };
  }
  const ports = workload.current === 'active' || workload.current === 'blocked' ? t.ports : [];
  return {
    name: t.name,
    app: t.app,
    machine: t.machine,
    leader,
    workload,
    agent,
    address,
    ports,
    subordinates: [],
  };
}

function machineView(m: MachineState, clock: Clock, all: MachineState[]): MachineView {
  const readyAt = realAt(clock, m.createdAt, BOOT_SECONDS[m.kind]);
  const up = clock.now >= readyAt;
  const message = m.kind === 'metal' ? 'Deployed' : m.kind === 'lxd' ? 'Container started' : 'ACTIVE';
  return {
    state: m,
    agent: up
      ? { current: 'started', message: '', since: readyAt }
      : { current: 'pending', message: '', since: m.createdAt },
    instance: up
      ? { current: 'running', message, since: readyAt }
      : {
          current: m.kind === 'lxd' ? 'pending' : 'allocating',
          message: m.kind === 'lxd' ? '' : 'allocating',
          since: m.createdAt,
        },
    containers: all.filter((c) => c.id.startsWith(`${m.id}/lxd/`)).map((c) => machineView(c, clock, all)),
  };
}

function derive(units: UnitView[], charm: Charm | undefined, fallbackSince: number): Status {
  let worst: UnitView | undefined;
  for (const u of units) {
    if (!worst || (SEVERITY[u.workload.current] ?? 0) > (SEVERITY[worst.workload.current] ?? 0)) worst = u;
  }
  if (!worst) return { current: 'unknown', message: '', since: fallbackSince };
  const s = worst.workload;
  if (s.current === 'active' && charm?.appReady) return { ...s, message: charm.appReady };
  return s;
}

/** Computes the whole model's status at `clock.now`. */
export function viewModel(model: ModelState, clock: Clock): ModelView {
  const timings = unitTimings(model, clock);
  const unitViews = new Map<string, UnitView>();
  const apps: AppView[] = [];
  const addressOf = (machine: string | null): string =>
    machine ? (model.machines[machine]?.address ?? '') : '';
  for (const app of Object.values(model.applications).sort((a, b) => a.name.localeCompare(b.name))) {
    const charm = charmOf(app);
    const steady = steadyStatus(model, app, charm, clock, timings);
    const own = [...timings.values()].filter((t) => t.app === app.name).sort((a, b) => a.n - b.n);
    const views = own.map((t, i) => unitView(t, steady, clock, addressOf(t.machine), i === 0));
    for (const v of views) unitViews.set(v.name, v);
    const subordinate = Boolean(charm?.subordinate);
    const principals = [
      ...new Set(own.map((t) => t.principal?.split('/')[0]).filter((p): p is string => !!p)),
    ];
    apps.push({
      state: app,
      charm,
      subordinate,
      status: derive(views, charm, app.createdAt),
      units: subordinate ? [] : views,
      subUnits: subordinate ? views : [],
      subordinateTo: principals.sort(),
    });
  }
  for (const t of timings.values()) {
    if (!t.principal) continue;
    const parent = unitViews.get(t.principal);
    const child = unitViews.get(t.name);
    if (parent && child) parent.subordinates.push(child);
  }
  for (const u of unitViews.values()) u.subordinates.sort((a, b) => a.name.localeCompare(b.name));
  const all = Object.values(model.machines);
  const machines = all.filter((m) => !m.id.includes('/')).map((m) => machineView(m, clock, all));
  return { apps, machines };
}
