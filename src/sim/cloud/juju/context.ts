import {
  type ArgSpec,
  MissingValueError,
  type ParsedArgs,
  parseArgs,
  UnknownOptionError,
} from '../cli/args.js';
import { CliExit, type CommandContext } from '../cli/io.js';
import { type Clock, timeScale } from '../state/clock.js';
import type { CloudState, ModelState } from '../state/types.js';

/** Helpers every juju subcommand uses: option parsing with Juju's errors, model lookup. */

/** Options every model command accepts. */
export const MODEL_OPTS: ArgSpec = { values: ['--model'], aliases: { '-m': '--model' } };

/** Parses options, failing like juju's gnuflag (exit 2). */
export function jujuArgs(argv: string[], spec: ArgSpec): ParsedArgs {
  const merged: ArgSpec = {
    values: [...(spec.values ?? []), ...(MODEL_OPTS.values ?? [])],
    bools: [...(spec.bools ?? []), '--debug', '--verbose', '--quiet', '--no-color', '--color'],
    aliases: { ...MODEL_OPTS.aliases, ...(spec.aliases ?? {}) },
  };
  try {
    return parseArgs(argv, merged);
  } catch (err) {
    if (err instanceof UnknownOptionError)
      throw new CliExit(`ERROR option provided but not defined: ${err.option}\n`, 2);
    if (err instanceof MissingValueError)
      throw new CliExit(`ERROR option needs an argument: ${err.option}\n`, 2);
    throw err;
  }
}

export function clockOf(ctx: CommandContext): Clock {
  return { now: ctx.now, scale: timeScale(ctx.stateDir, ctx.env) };
}

export interface ModelRef {
  controller: string;
  model: string;
}

/** Resolves `-m` (`ctrl:model`, `ctrl:admin/model`, `model`) or the current model. */
export function modelRef(state: CloudState, flag: string | undefined): ModelRef {
  const spec = flag ?? state.juju.current;
  if (!spec) throw new CliExit('ERROR no currently specified model\n', 1);
  const [ctrlPart, modelPart] = spec.includes(':') ? spec.split(':', 2) : [undefined, spec];
  const current = state.juju.current.split(':')[0] ?? '';
  const controller = ctrlPart ?? current;
  const model = (modelPart ?? '').replace(/^[^/]+\//, '');
  const ctrl = state.juju.controllers[controller];
  if (!ctrl) throw new CliExit(`ERROR controller ${controller} not found\n`, 1);
  if (!ctrl.models[model]) throw new CliExit(`ERROR model ${controller}:admin/${model} not found\n`, 1);
  return { controller, model };
}

export function getModel(state: CloudState, ref: ModelRef): ModelState {
  const model = state.juju.controllers[ref.controller]?.models[ref.model];
  if (!model) throw new CliExit(`ERROR model ${ref.controller}:admin/${ref.model} not found\n`, 1);
  return model;
}

/** Resolves `app/N` or `app/leader` to a unit number; throws Juju's error otherwise. */
export function resolveUnit(model: ModelState, spec: string): { app: string; n: number } {
  const [app, which] = spec.split('/');
  const state = app ? model.applications[app] : undefined;
  if (!app || which === undefined) throw new CliExit(`ERROR invalid unit name "${spec}"\n`, 1);
  if (which === 'leader') {
    const first = state?.units[0];
    if (!state || !first) throw new CliExit(`ERROR could not determine leader for "${app}"\n`, 1);
    return { app, n: first.n };
  }
  const n = Number(which);
  if (!state?.units.some((u) => u.n === n)) throw new CliExit(`ERROR unit "${spec}" not found\n`, 1);
  return { app, n };
}
