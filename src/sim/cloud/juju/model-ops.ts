import { hexId, uuid } from '../state/ids.js';
import type { AppState, MachineState, ModelState, RelationState } from '../state/types.js';
import type { Charm } from './charm-types.js';
import { endpointsOf } from './charms.js';

/** Changes to a model shared by deploy, bundles, add-unit and the presets. */

function nextAddress(model: ModelState): string {
  const n = model.nextAddress++;
  return model.kind === 'maas' ? `172.16.15.${n}` : `192.169.0.${n}`;
}

/** A new LXD container on machine `parent` (MAAS models: the lab puts services in LXD). */
export function addContainer(model: ModelState, parent: string, now: number): MachineState {
  const host = model.machines[parent];
  if (!host) throw new Error(`machine ${parent} not found`);
  const k = host.nextContainer++;
  const id = `${parent}/lxd/${k}`;
  const name = `juju-${model.uuid.slice(0, 6)}-${parent}-lxd-${k}`;
  const machine: MachineState = {
    id,
    hostname: name,
    instanceId: name,
    address: nextAddress(model),
    base: host.base,
    createdAt: now,
    kind: 'lxd',
    constraints: 'arch=amd64',
    hardware: 'arch=amd64 availability-zone=default',
    nextContainer: 0,
  };
  model.machines[id] = machine;
  return machine;
}

/** A new top-level machine: a Nova instance on OpenStack models, a MAAS node otherwise. */
export function addMachine(model: ModelState, now: number, constraints = '', base = '22.04'): MachineState {
  const id = String(model.nextMachine++);
  const nova = model.kind === 'openstack';
  const name = nova ? `juju-${model.uuid.slice(0, 6)}-${model.name}-${id}` : `server${Number(id) - 1}`;
  const machine: MachineState = {
    id,
    hostname: name,
    instanceId: nova ? uuid() : name,
    address: nextAddress(model),
    base,
    createdAt: now,
    kind: nova ? 'nova' : 'metal',
    constraints: constraints || 'arch=amd64',
    hardware: nova
      ? `arch=amd64 cores=2 mem=8192M root-disk=20480M availability-zone=nova`
      : 'arch=amd64 cores=4 mem=32768M tags=compute availability-zone=default',
    nextContainer: 0,
  };
  model.machines[id] = machine;
  return machine;
}

/** Resolves a placement directive (`lxd:0`, `0`, `0/lxd/2`, undefined) to a machine id. */
export function place(
  model: ModelState,
  to: string | undefined,
  now: number,
  constraints = '',
  base?: string,
): string {
  if (!to) return addMachine(model, now, constraints, base).id;
  const lxd = /^lxd:(\S+)$/.exec(to);
  if (lxd) return addContainer(model, lxd[1] as string, now).id;
  if (to === 'lxd') return addContainer(model, addMachine(model, now, constraints).id, now).id;
  if (!model.machines[to]) throw new PlacementError(to);
  return to;
}

export class PlacementError extends Error {
  constructor(readonly target: string) {
    super(`machine ${target} not found`);
    this.name = 'PlacementError';
  }
}

export interface NewApp {
  name: string;
  charm: Charm;
  channel?: string;
  config?: Record<string, string>;
  trust?: boolean;
  expose?: boolean;
  base?: string;
}

/** Adds an application (without units) and its peer relations. */
export function addApplication(model: ModelState, spec: NewApp, now: number): AppState {
  const app: AppState = {
    name: spec.name,
    charm: spec.charm.name,
    channel: spec.channel ?? spec.charm.channel,
    rev: spec.charm.rev,
    base: spec.base ?? (model.kind === 'openstack' ? '20.04' : '22.04'),
    createdAt: now,
    exposed: spec.expose ?? false,
    trust: spec.trust ?? false,
    config: { ...(spec.charm.config ?? {}), ...(spec.config ?? {}) },
    units: [],
    nextUnit: 0,
    flags: {},
  };
  model.applications[spec.name] = app;
  for (const e of endpointsOf(spec.charm)) {
    if (e.role !== 'peers') continue;
    model.relations.push({
      provider: `${spec.name}:${e.name}`,
      requirer: `${spec.name}:${e.name}`,
      interface: e.interface,
      scope: 'global',
      kind: 'peer',
      createdAt: now,
    });
  }
  return app;
}

/** Adds one unit placed per `to`. Subordinates get no units of their own. */
export function addUnit(
  model: ModelState,
  app: AppState,
  charm: Charm,
  to: string | undefined,
  now: number,
  constraints = '',
  base = app.base,
): string {
  const machine = place(model, to, now, constraints, base);
  const n = app.nextUnit++;
  app.units.push({ n, machine, createdAt: now, ports: [...(charm.ports ?? [])] });
  return `${app.name}/${n}`;
}

/** Records a relation (caller has matched the endpoints). */
export function addRelation(
  model: ModelState,
  rel: Omit<RelationState, 'createdAt'>,
  now: number,
): RelationState {
  const full = { ...rel, createdAt: now };
  model.relations.push(full);
  return full;
}

/** A fresh, empty model. */
export function newModel(
  name: string,
  cloud: string,
  region: string,
  kind: ModelState['kind'],
  now: number,
): ModelState {
  return {
    name,
    uuid: `${hexId(3)}${uuid().slice(6)}`,
    cloud,
    region,
    createdAt: now,
    kind,
    machines: {},
    applications: {},
    relations: [],
    nextMachine: 0,
    nextAddress: kind === 'maas' ? 124 : 10,
  };
}
