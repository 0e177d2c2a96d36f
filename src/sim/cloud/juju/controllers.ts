import { opt, opts } from '../cli/args.js';
import { CliExit, type CommandContext, type Output } from '../cli/io.js';
import { load, mutate } from '../state/store.js';
import type { JujuMode } from '../state/types.js';
import { getModel, jujuArgs, modelRef } from './context.js';
import { addMachine, newModel } from './model-ops.js';

/** Controller commands: bootstrap, add-model, switch, set-model-constraints. */

/**
 * Constraint keys juju knows (core/constraints/constraints.go); any other fails
 * `constraints.Parse` with "unknown constraint". `allocate-public-ip` gives a machine a public
 * (floating) IP on OpenStack in 2.9 and 3.x.
 */
const CONSTRAINTS = new Set([
  'allocate-public-ip',
  'arch',
  'container',
  'cores',
  'cpu-cores',
  'cpu-power',
  'image-id',
  'instance-role',
  'instance-type',
  'mem',
  'root-disk',
  'root-disk-source',
  'spaces',
  'tags',
  'virt-type',
  'zones',
]);

/** Validates `key=value …` constraints as juju parses them (space- or argument-separated). */
export function checkConstraints(values: string[]): void {
  for (const item of values.flatMap((v) => v.split(/\s+/)).filter(Boolean)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new CliExit(`ERROR malformed constraint "${item}"\n`, 1);
    const key = item.slice(0, eq);
    if (!CONSTRAINTS.has(key)) throw new CliExit(`ERROR unknown constraint "${key}"\n`, 1);
  }
}

/**
 * Model config keys Juju 3 no longer knows. Bootstrap keeps them as unknown keys with a
 * warning (environs/config: "unknown config field"); `use-floating-ip` went in 3.0, when the
 * `allocate-public-ip` constraint replaced it on OpenStack.
 */
const REMOVED_IN_3 = new Set(['use-floating-ip']);

/** Warns, as 3.x does, about `key=value` settings of `--config`/`--model-default` it does not know. */
function warnUnknownSettings(values: string[], mode: JujuMode, out: Output): void {
  if (mode === '2.9') return;
  for (const v of values) {
    const key = v.slice(0, v.indexOf('='));
    if (REMOVED_IN_3.has(key)) out.err(`WARNING unknown config field "${key}"`);
  }
}

export async function bootstrap(
  ctx: CommandContext,
  argv: string[],
  out: Output,
  mode: JujuMode,
): Promise<number> {
  const args = jujuArgs(argv, 'bootstrap');
  const [cloudSpec, given] = args.positionals as [string, string | undefined];
  checkConstraints([...opts(args, '--constraints'), ...opts(args, '--bootstrap-constraints')]);
  warnUnknownSettings([...opts(args, '--config'), ...opts(args, '--model-default')], mode, out);
  const [cloud, regionGiven] = cloudSpec.split('/') as [string, string | undefined];
  const name = mutate(ctx.stateDir, (state) => {
    const def = state.juju.clouds[cloud];
    if (!def) throw new CliExit(`ERROR cloud ${cloud} not found\n`, 1);
    const region = regionGiven ?? def.region ?? 'default';
    const ctrl = given ?? `${cloud}-${region}`.toLowerCase();
    if (state.juju.controllers[ctrl]) throw new CliExit(`ERROR controller "${ctrl}" already exists\n`, 1);
    const kind = def.type === 'maas' ? 'maas' : 'openstack';
    const controllerModel = newModel('controller', cloud, region, kind, ctx.now);
    addMachine(controllerModel, ctx.now);
    state.juju.controllers[ctrl] = {
      cloud,
      region,
      models: { controller: controllerModel },
      currentModel: 'controller',
    };
    state.juju.current = `${ctrl}:controller`;
    return ctrl;
  });
  out.err(`Creating Juju controller "${name}" on ${cloudSpec}`);
  out.err(`Launching controller instance(s) on ${cloudSpec}...`);
  out.err(`Bootstrap agent now started`);
  out.err(`Bootstrap complete, controller "${name}" is now available`);
  out.err('Controller machines are in the "controller" model');
  out.err('');
  out.err('Now you can run\n\tjuju add-model <model-name>\nto create a new model to deploy workloads.');
  return 0;
}

export async function addModel(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = jujuArgs(argv, 'add-model');
  const [name] = args.positionals as [string];
  const where = mutate(ctx.stateDir, (state) => {
    const ctrlName = opt(args, '--controller') ?? state.juju.current.split(':')[0] ?? '';
    const ctrl = state.juju.controllers[ctrlName];
    if (!ctrl) throw new CliExit('ERROR no current controller\n', 1);
    if (ctrl.models[name])
      throw new CliExit(
        `ERROR failed to create new model: model "${name}" for admin already exists (already exists)\n`,
        1,
      );
    const kind = state.juju.clouds[ctrl.cloud]?.type === 'maas' ? 'maas' : 'openstack';
    ctrl.models[name] = newModel(name, ctrl.cloud, ctrl.region, kind, ctx.now);
    if (!args.options.has('--no-switch')) {
      ctrl.currentModel = name;
      state.juju.current = `${ctrlName}:${name}`;
    }
    return `${ctrl.cloud}/${ctrl.region}`;
  });
  out.err(`Added '${name}' model on ${where} with credential 'admin' for user 'admin'`);
  return 0;
}

export async function switchModel(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = jujuArgs(argv, 'switch');
  const [target] = args.positionals;
  if (!target) {
    const state = load(ctx.stateDir);
    const [c, m] = state.juju.current.split(':');
    out.out(`${c}:admin/${m}`);
    return 0;
  }
  mutate(ctx.stateDir, (state) => {
    const old = state.juju.current;
    let ref: { controller: string; model: string };
    if (!target.includes(':') && state.juju.controllers[target]) {
      ref = { controller: target, model: state.juju.controllers[target]?.currentModel ?? 'controller' };
    } else {
      try {
        ref = modelRef(state, target);
      } catch {
        throw new CliExit(`ERROR "${target}" is not the name of a model or controller\n`, 1);
      }
    }
    state.juju.current = `${ref.controller}:${ref.model}`;
    const ctrl = state.juju.controllers[ref.controller];
    if (ctrl) ctrl.currentModel = ref.model;
    const fmt = (s: string): string => s.replace(':', ':admin/');
    out.err(`${fmt(old)} -> ${fmt(state.juju.current)}`);
  });
  return 0;
}

/**
 * `juju set-model-constraints [-m model] key=value …` (both versions): the constraints are
 * checked and the model must exist; machines of the stand-in do not differ by constraint.
 */
export async function setModelConstraints(ctx: CommandContext, argv: string[]): Promise<number> {
  const args = jujuArgs(argv, 'set-model-constraints');
  checkConstraints(args.positionals);
  const state = load(ctx.stateDir);
  getModel(state, modelRef(state, opt(args, '--model')));
  return 0;
}
