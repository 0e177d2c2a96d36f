import { type Clock, realAt } from '../state/clock.js';
import type { AppState, MachineState, ModelState } from '../state/types.js';
import type { Charm } from './charm-types.js';
import { findCharm } from './charms.js';
import { containerRelation, principalsOf } from './relations.js';

/**
 * When each unit of a model gets its machine and finishes installing, in real epoch ms
 * (derived from creation times and the time scale, so nothing has to run in between).
 */

/** Simulated seconds a new machine needs before a unit can install on it. */
export const BOOT_SECONDS: Record<MachineState['kind'], number> = { metal: 0, lxd: 45, nova: 120 };
/** Simulated seconds a relation needs to exchange data once both sides are installed. */
export const SETTLE_SECONDS = 30;
const DEFAULT_INSTALL = 60;
const SUBORDINATE_INSTALL = 30;

export interface UnitTiming {
  name: string;
  app: string;
  n: number;
  /** principal unit this subordinate runs beside */
  principal: string | null;
  machine: string | null;
  createdAt: number;
  machineReadyAt: number;
  installedAt: number;
  ports: string[];
}

export function charmOf(app: AppState): Charm | undefined {
  return findCharm(app.charm);
}

export function machineReadyAt(clock: Clock, machine: MachineState | undefined): number {
  if (!machine) return 0;
  return realAt(clock, machine.createdAt, BOOT_SECONDS[machine.kind]);
}

/** Timings of every unit (principals first, then subordinates) keyed by unit name. */
export function unitTimings(model: ModelState, clock: Clock): Map<string, UnitTiming> {
  const out = new Map<string, UnitTiming>();
  const isSub = (name: string): boolean => {
    const app = model.applications[name];
    return app ? Boolean(charmOf(app)?.subordinate) : false;
  };
  for (const app of Object.values(model.applications)) {
    if (isSub(app.name)) continue;
    const install = charmOf(app)?.install ?? DEFAULT_INSTALL;
    for (const unit of app.units) {
      const ready = Math.max(unit.createdAt, machineReadyAt(clock, model.machines[unit.machine]));
      out.set(`${app.name}/${unit.n}`, {
        name: `${app.name}/${unit.n}`,
        app: app.name,
        n: unit.n,
        principal: null,
        machine: unit.machine,
        createdAt: unit.createdAt,
        machineReadyAt: ready,
        installedAt: realAt(clock, ready, install),
        ports: unit.ports,
      });
    }
  }
  for (const sub of Object.values(model.applications)) {
    if (!isSub(sub.name)) continue;
    let n = 0;
    for (const principal of principalsOf(model, sub, isSub)) {
      const rel = containerRelation(model, sub.name, principal);
      const papp = model.applications[principal];
      if (!rel || !papp) continue;
      for (const punit of papp.units) {
        const p = out.get(`${principal}/${punit.n}`);
        if (!p) continue;
        const start = Math.max(p.installedAt, rel.createdAt);
        const name = `${sub.name}/${n}`;
        out.set(name, {
          name,
          app: sub.name,
          n: n++,
          principal: p.name,
          machine: p.machine,
          createdAt: Math.max(p.createdAt, rel.createdAt),
          machineReadyAt: start,
          installedAt: realAt(clock, start, SUBORDINATE_INSTALL),
          ports: [],
        });
      }
    }
  }
  return out;
}

/** Earliest moment an application has an installed unit (Infinity when it has none). */
export function appReadyAt(timings: Map<string, UnitTiming>, app: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (const t of timings.values()) if (t.app === app) best = Math.min(best, t.installedAt);
  return best;
}
