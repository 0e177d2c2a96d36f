import { isJuju3, type JujuVersion } from './version.js';

/**
 * Builders of juju argv per client version. Every call pins the model with `-m` so the
 * controller's "current model" (which a student may have switched) never matters.
 */
export type Argv = [string, ...string[]];

export interface DeployOptions {
  /** Application name, when it differs from the charm's (e.g. `barbican-mysql-router`). */
  name?: string;
  channel?: string;
  /** Placement, e.g. `lxd:0`. */
  to?: string;
  config?: Record<string, string | number | boolean>;
  trust?: boolean;
  /** Overlay bundle files (only for bundle deploys). */
  overlay?: string | string[];
  /** Number of units (`-n`). */
  num?: number;
  base?: string;
}

const kv = (o: Record<string, string | number | boolean>) => Object.entries(o).map(([k, v]) => `${k}=${v}`);

export function statusArgv(model: string): Argv {
  return ['juju', 'status', '-m', model, '--format=json'];
}

export function deployArgv(v: JujuVersion, model: string, charm: string, o: DeployOptions = {}): Argv {
  const argv: Argv = ['juju', 'deploy', '-m', model, charm];
  if (o.name) argv.push(o.name);
  if (o.channel) argv.push('--channel', o.channel);
  if (o.to) argv.push('--to', o.to);
  if (o.num !== undefined && o.num !== 1) argv.push('-n', String(o.num));
  if (o.base) argv.push(isJuju3(v) ? '--base' : '--series', o.base);
  for (const c of kv(o.config ?? {})) argv.push('--config', c);
  for (const f of [o.overlay ?? []].flat()) argv.push('--overlay', f);
  if (o.trust) argv.push('--trust');
  return argv;
}

export function integrateArgv(v: JujuVersion, model: string, a: string, b: string): Argv {
  return ['juju', isJuju3(v) ? 'integrate' : 'add-relation', '-m', model, a, b];
}

export function configSetArgv(
  model: string,
  app: string,
  values: Record<string, string | number | boolean>,
): Argv {
  return ['juju', 'config', '-m', model, app, ...kv(values)];
}

/** `juju config <app> --file <yaml>`: values that must not appear on a command line. */
export function configFileArgv(model: string, app: string, file: string): Argv {
  return ['juju', 'config', '-m', model, app, '--file', file];
}

export function configGetArgv(model: string, app: string, key: string): Argv {
  return ['juju', 'config', '-m', model, app, key];
}

/** A command on a unit: 3.x `exec --unit U -- cmd`, 2.9 `run --unit U -- cmd`. */
export function execArgv(v: JujuVersion, model: string, unit: string, cmd: readonly string[]): Argv {
  return ['juju', isJuju3(v) ? 'exec' : 'run', '-m', model, '--unit', unit, '--', ...cmd];
}

/** An action, waiting for its result as YAML: 3.x `run U action`, 2.9 `run-action --wait U action`. */
export function runActionArgv(
  v: JujuVersion,
  model: string,
  unit: string,
  action: string,
  params: Record<string, string | number | boolean> = {},
): Argv {
  return isJuju3(v)
    ? ['juju', 'run', '-m', model, '--format=yaml', unit, action, ...kv(params)]
    : ['juju', 'run-action', '-m', model, '--wait', '--format=yaml', unit, action, ...kv(params)];
}
