import {
  type ArgSpec,
  MissingValueError,
  type ParsedArgs,
  parseArgs,
  UnknownOptionError,
} from '../cli/args.js';
import { CliExit, type CommandContext } from '../cli/io.js';
import { type Clock, timeScale } from '../state/clock.js';
import type { CloudState, JujuMode, ModelState } from '../state/types.js';
import { anyVersionSpec, subcommandFlags } from './flags.js';

/** Helpers every juju subcommand uses: option parsing with Juju's errors, model lookup. */

/** Parses `argv` with `spec`, failing like juju's gnuflag (exit 2). */
function gnuflag(argv: string[], spec: ArgSpec): ParsedArgs {
  try {
    return parseArgs(argv, spec);
  } catch (err) {
    if (err instanceof UnknownOptionError)
      throw new CliExit(`ERROR option provided but not defined: ${err.option}\n`, 2);
    if (err instanceof MissingValueError)
      throw new CliExit(`ERROR option needs an argument: ${err.option}\n`, 2);
    throw err;
  }
}

/**
 * The strict check of one invocation against the real command line of `name` at the
 * stand-in's Juju version (flags.ts): an unknown or removed flag, a missing argument or an
 * extra one fails as juju's `Init` fails (juju/cmd: exit 2; `cmd.CheckEmpty` for extras).
 */
export function checkJujuArgs(argv: string[], mode: JujuMode, name: string): void {
  const spec = subcommandFlags(mode, name);
  if (!spec) throw new CliExit(`ERROR unrecognized command: juju ${name}\n`, 1);
  const parsed = gnuflag(argv, spec);
  const args = [...parsed.positionals, ...parsed.rest];
  if (args.length < spec.args.min)
    throw new CliExit(`ERROR ${spec.args.missing ?? 'missing arguments'}\n`, 2);
  if (spec.args.max !== undefined && args.length > spec.args.max) {
    const extra = args.slice(spec.args.max).map((a) => JSON.stringify(a));
    throw new CliExit(`ERROR unrecognized args: [${extra.join(' ')}]\n`, 2);
  }
}

/** Parses the options of subcommand `name` (already checked by `checkJujuArgs`). */
export function jujuArgs(argv: string[], name: string): ParsedArgs {
  return gnuflag(argv, anyVersionSpec(name));
}

/**
 * A Go `time.ParseDuration` value as milliseconds (`60s`, `2m`, `1h30m`, `4200s`), or juju's
 * gnuflag error for the option (exit 2).
 */
export function goDurationMs(value: string, option: string): number {
  const units: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  const whole = parts.map((p) => p[0]).join('');
  if (value === '0') return 0;
  if (!parts.length || whole !== value.replace(/^[+-]/, ''))
    throw new CliExit(
      `ERROR invalid value "${value}" for option ${option}: time: invalid duration "${value}"\n`,
      2,
    );
  const ms = parts.reduce((n, p) => n + Number(p[1]) * (units[p[2] as string] ?? 0), 0);
  return value.startsWith('-') ? -ms : ms;
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
