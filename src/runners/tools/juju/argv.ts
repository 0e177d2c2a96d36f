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
  /** One base for both versions: `ubuntu@22.04`, `22.04` or `jammy` (see `baseFlag`). */
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
  if (o.base) argv.push(...baseFlag(v, o.base));
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

/**
 * An action, waiting for its result as YAML: 3.x `run U action --wait=<d>`, 2.9
 * `run-action --wait U action`. Juju 3 waits 60 s unless told (cmd/juju/action/common.go:
 * `c.wait = 60 * time.Second`), then prints "timed out waiting for results from: unit …"
 * while the action goes on, so long actions pass their own wait. 2.9's bare `--wait` waits
 * until the action ends.
 */
export function runActionArgv(
  v: JujuVersion,
  model: string,
  unit: string,
  action: string,
  params: Record<string, string | number | boolean> = {},
  waitMs?: number,
): Argv {
  if (!isJuju3(v))
    return ['juju', 'run-action', '-m', model, '--wait', '--format=yaml', unit, action, ...kv(params)];
  const argv: Argv = ['juju', 'run', '-m', model, '--format=yaml'];
  if (waitMs !== undefined) argv.push(`--wait=${goDuration(waitMs)}`);
  argv.push(unit, action, ...kv(params));
  return argv;
}

/** A Go `time.ParseDuration` string in whole seconds, rounded up: 70 min → `4200s`. */
export function goDuration(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 1000))}s`;
}

/**
 * A base for `deploy`, given once as `ubuntu@22.04`, `22.04` or a series name (`jammy`):
 * Juju 3.x takes `--base ubuntu@22.04`, Juju 2.9 only `--series jammy`
 * (cmd/juju/application/deploy.go of each version).
 */
const SERIES: Record<string, string> = { '20.04': 'focal', '22.04': 'jammy', '24.04': 'noble' };

/** `['--base', 'ubuntu@22.04']` on 3.x, `['--series', 'jammy']` on 2.9; throws on an unknown base. */
export function baseFlag(v: JujuVersion, base: string): [string, string] {
  const byName = Object.entries(SERIES).find(([, name]) => name === base)?.[0];
  const version = byName ?? base.replace(/^ubuntu@/, '');
  const series = SERIES[version];
  if (!series)
    throw new Error(`unknown Ubuntu base ${base}: expected one of ${Object.keys(SERIES).join(', ')}`);
  return isJuju3(v) ? ['--base', `ubuntu@${version}`] : ['--series', series];
}

/** `juju add-cloud --client <cloud> -f <file>` (cmd/juju/cloud/add.go: `-f`/`--file`, `--client`). */
export function addCloudArgv(cloud: string, file: string): Argv {
  return ['juju', 'add-cloud', '--client', cloud, '-f', file];
}

/** `juju update-cloud --client <cloud> -f <file>` (cmd/juju/cloud/updatecloud.go has `-f` only, no `--file`). */
export function updateCloudArgv(cloud: string, file: string): Argv {
  return ['juju', 'update-cloud', '--client', cloud, '-f', file];
}

/**
 * `juju add-credential --client <cloud> -f <file>`. 2.9 keeps `--replace` (deprecated, it
 * overwrites); 3.x removed it (cmd/juju/cloud/addcredential.go: "option provided but not
 * defined: --replace"), so there an existing credential goes through `update-credential`.
 */
export function addCredentialArgv(v: JujuVersion, cloud: string, file: string): Argv {
  const argv: Argv = ['juju', 'add-credential', '--client', cloud, '-f', file];
  if (!isJuju3(v)) argv.push('--replace');
  return argv;
}

/** `juju update-credential --client <cloud> -f <file>` (cmd/juju/cloud/updatecredential.go, 2.9 and 3.x). */
export function updateCredentialArgv(cloud: string, file: string): Argv {
  return ['juju', 'update-credential', '--client', cloud, '-f', file];
}

export interface BootstrapOptions {
  cloud: string;
  region: string;
  controller: string;
  /** The internal network the machines use (openstack provider key `network`). */
  network: string;
  /** The network floating IPs come from (openstack provider key `external-network`). */
  externalNetwork: string;
}

/**
 * `juju bootstrap` on OpenStack. `--config` reaches only the controller model
 * (cmd/juju/commands/bootstrap.go: "Model config keys only affect the controller model"), so
 * the network keys are `--model-default` and every later model (`k8s`) gets them. Floating
 * IPs: 2.9 has the model key `use-floating-ip`; 3.x dropped it (an unknown key, warned and
 * ignored) for the `allocate-public-ip=true` constraint, given to the controller machine with
 * `--bootstrap-constraints` and to the models with `set-model-constraints`.
 */
export function bootstrapArgv(v: JujuVersion, o: BootstrapOptions): Argv {
  const argv: Argv = [
    'juju',
    'bootstrap',
    `${o.cloud}/${o.region}`,
    o.controller,
    '--model-default',
    `network=${o.network}`,
    '--model-default',
    `external-network=${o.externalNetwork}`,
  ];
  if (isJuju3(v)) argv.push('--bootstrap-constraints', 'allocate-public-ip=true');
  else argv.push('--model-default', 'use-floating-ip=true');
  return argv;
}

/**
 * What a new model needs beyond the model defaults: on 3.x the public-IP constraint
 * (`juju set-model-constraints`, cmd/juju/commands/constraints.go); nothing on 2.9, where the
 * `use-floating-ip` model default does it.
 */
export function modelConstraintsArgv(v: JujuVersion, model: string): Argv | undefined {
  return isJuju3(v) ? ['juju', 'set-model-constraints', '-m', model, 'allocate-public-ip=true'] : undefined;
}
