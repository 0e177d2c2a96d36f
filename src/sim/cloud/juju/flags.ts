import type { ArgSpec } from '../cli/args.js';
import type { JujuMode } from '../state/types.js';

/**
 * The command line each `juju` subcommand accepts, per client version, as its `SetFlags` and
 * `Init` in juju/juju `cmd/juju/…` declare it (the generated CLI reference,
 * docs/reference/juju-cli/list-of-juju-cli-commands/<command>.md, lists the same flags).
 * Anything else fails as gnuflag fails: "ERROR option provided but not defined: --replace",
 * exit 2. Only the subcommands the stand-in implements are listed.
 *
 * Read from: 3.x `SetFlags` of cmd/juju/cloud/{add,addcredential}.go,
 * cmd/juju/commands/bootstrap.go (the version with `--add-model` and `--bootstrap-base`),
 * cmd/juju/action/{run,common}.go, and the generated reference pages of add-cloud,
 * update-cloud, exec, deploy, add-model and integrate; 2.9 from its reference pages
 * (documentation.ubuntu.com/juju/2.9/…: add-credential, update-credential, deploy, run,
 * run-action, config, bootstrap) and 2.9's bootstrap.go (`--no-gui`, `-d/--default-model`).
 * Not confirmed in a source: 2.9 status `--watch`, 3.x ssh `--container`, 2.9 add-cloud
 * `--replace`, and the missing-argument texts of ssh and set-model-constraints.
 */
export interface SubcommandFlags {
  /** Where the command is defined in juju/juju. */
  source: string;
  /** Flags that take a value (`--model x` or `--model=x`). */
  values: readonly string[];
  /** Flags without a value (`--client`, or `--client=false`). */
  bools: readonly string[];
  /** Short or alternative names, e.g. `-m` → `--model`. */
  aliases?: Readonly<Record<string, string>>;
  /** Positional arguments (after `--` included): at least `min`, at most `max`. */
  args: { min: number; max?: number; missing?: string };
}

/** juju/cmd supercommand: the logging flags every subcommand takes ("Global Options"). */
const GLOBAL: Pick<SubcommandFlags, 'values' | 'bools' | 'aliases'> = {
  values: ['--logging-config'],
  bools: ['--debug', '--help', '--quiet', '--show-log', '--verbose'],
  aliases: { '-h': '--help' },
};
/** modelcmd: `-B, --no-browser-login` of every command that talks to a controller. */
const API = { bools: ['--no-browser-login'], aliases: { '-B': '--no-browser-login' } };
/** modelcmd.ModelCommandBase: `-m, --model`. */
const MODEL = { values: ['--model'], aliases: { '-m': '--model' } };
/** modelcmd.OptionalControllerCommand: `-c, --controller`, `--client` (2.9 also `--local`, deprecated). */
const CLIENT = (mode: JujuMode) => ({
  values: ['--controller'],
  bools: mode === '2.9' ? ['--client', '--local'] : ['--client'],
  aliases: { '-c': '--controller' },
});
/** cmd.Output: `--format`, `-o, --output`. */
const OUTPUT = { values: ['--format', '--output'], aliases: { '-o': '--output' } };

type Part = Partial<Pick<SubcommandFlags, 'values' | 'bools' | 'aliases'>>;

function sub(source: string, args: SubcommandFlags['args'], ...parts: Part[]): SubcommandFlags {
  const all = [GLOBAL, ...parts];
  return {
    source,
    args,
    values: all.flatMap((p) => p.values ?? []),
    bools: all.flatMap((p) => p.bools ?? []),
    aliases: Object.assign({}, ...all.map((p) => p.aliases ?? {})),
  };
}

/** Subcommands both versions share, with the flags that differ per version. */
function common(mode: JujuMode): Record<string, SubcommandFlags> {
  const v3 = mode !== '2.9';
  const color = v3 ? ['--color', '--no-color'] : ['--color'];
  const models = sub(
    'cmd/juju/controller/listmodels.go',
    { min: 0, max: 0 },
    API,
    OUTPUT,
    { values: ['--controller', '--user'], aliases: { '-c': '--controller' } },
    { bools: ['--all', '--exact-time', '--uuid'] },
  );
  return {
    status: sub(
      'cmd/juju/status/status.go',
      { min: 0 },
      API,
      MODEL,
      OUTPUT,
      { values: ['--retry-count', '--retry-delay'], bools: [...color, '--relations', '--storage', '--utc'] },
      v3 ? { bools: ['--integrations'] } : { values: ['--watch'] },
    ),
    deploy: sub(
      'cmd/juju/application/deploy.go',
      { min: 1, max: 2, missing: 'no charm name or bundle specified' },
      API,
      MODEL,
      {
        values: [
          '--attach-storage',
          '--bind',
          '--channel',
          '--config',
          '--constraints',
          '--device',
          '--map-machines',
          '--num-units',
          '--overlay',
          '--resource',
          '--revision',
          '--series',
          '--storage',
          '--to',
          // 3.x: `--base` (bases replaced series); 2.9: `--increase-budget` (removed in 3.0).
          v3 ? '--base' : '--increase-budget',
        ],
        bools: ['--dry-run', '--force', '--trust'],
        aliases: { '-n': '--num-units' },
      },
    ),
    config: sub(
      'cmd/juju/application/config.go',
      { min: 1, missing: 'no application name specified' },
      API,
      MODEL,
      OUTPUT,
      { values: ['--file', '--reset'], bools: v3 ? color : [] },
    ),
    ssh: sub(
      'cmd/juju/ssh/ssh.go',
      { min: 1, missing: 'no target name specified' },
      API,
      MODEL,
      { values: ['--proxy', '--pty'], bools: ['--no-host-key-checks'] },
      v3 ? { values: ['--container'] } : {},
    ),
    'add-cloud': sub('cmd/juju/cloud/add.go', { min: 0, max: 2 }, API, CLIENT(mode), {
      values: ['--file', '--credential', '--target-controller'],
      bools: v3 ? ['--force'] : ['--force', '--replace'],
      aliases: { '-f': '--file' },
    }),
    // update-cloud has `-f` only, no `--file`.
    'update-cloud': sub('cmd/juju/cloud/updatecloud.go', { min: 1, max: 1 }, API, CLIENT(mode), {
      values: ['-f'],
    }),
    'add-credential': sub(
      'cmd/juju/cloud/addcredential.go',
      { min: 1, max: 1, missing: 'Usage: juju add-credential <cloud-name> [-f <credentials.yaml>]' },
      API,
      CLIENT(mode),
      // 2.9 keeps `--replace` (deprecated); 3.0 removed it.
      { values: ['--file', '--region'], bools: v3 ? [] : ['--replace'], aliases: { '-f': '--file' } },
    ),
    'update-credential': sub('cmd/juju/cloud/updatecredential.go', { min: 0, max: 2 }, API, CLIENT(mode), {
      values: ['--file', '--region'],
      bools: ['--force'],
      aliases: { '-f': '--file' },
    }),
    bootstrap: sub('cmd/juju/commands/bootstrap.go', { min: 1, max: 2, missing: INTERACTIVE }, API, {
      values: [
        '--agent-version',
        '--bootstrap-constraints',
        '--bootstrap-image',
        '--bootstrap-series',
        '--config',
        '--constraints',
        '--credential',
        '--metadata-source',
        '--model-default',
        '--regions',
        '--storage-pool',
        '--to',
        ...(v3
          ? ['--add-model', '--bootstrap-base', '--controller-charm-channel', '--controller-charm-path']
          : ['--default-model']),
        '--db-snap',
        '--db-snap-asserts',
      ],
      bools: [
        '--auto-upgrade',
        '--build-agent',
        '--clouds',
        '--force',
        '--keep-broken',
        '--no-switch',
        ...(v3 ? [] : ['--no-default-model', '--no-gui']),
      ],
      aliases: v3 ? {} : { '-d': '--default-model' },
    }),
    'add-model': sub(
      'cmd/juju/controller/addmodel.go',
      { min: 1, max: 2, missing: 'model name is required' },
      API,
      {
        values: ['--controller', '--config', '--credential', '--owner', '--target-controller'],
        bools: ['--no-switch'],
        aliases: { '-c': '--controller' },
      },
    ),
    switch: sub('cmd/juju/commands/switch.go', { min: 0, max: 1 }),
    models,
    'list-models': models,
    'set-model-constraints': sub(
      'cmd/juju/model/constraints.go',
      { min: 1, missing: 'no constraints specified' },
      API,
      MODEL,
    ),
  };
}

/** Bootstrap without a cloud turns interactive, which a runner without a terminal cannot answer. */
const INTERACTIVE = 'interactive bootstrap needs a terminal: give <cloud name>[/region]';

const relate = (source: string) =>
  sub(source, { min: 2, max: 2, missing: 'an integration must involve two applications' }, API, MODEL, {
    values: ['--via'],
  });

/** Juju 3.6: `integrate` (alias `relate`), `run` runs an action, `exec` a command. */
const V36: Record<string, SubcommandFlags> = {
  ...common('3.6'),
  integrate: relate('cmd/juju/application/integrate.go'),
  relate: relate('cmd/juju/application/integrate.go'),
  run: sub(
    'cmd/juju/action/run.go, cmd/juju/action/common.go',
    { min: 1, missing: 'no unit specified' },
    API,
    MODEL,
    OUTPUT,
    {
      values: ['--params', '--wait'],
      bools: ['--background', '--color', '--no-color', '--string-args', '--utc'],
    },
  ),
  exec: sub('cmd/juju/commands/exec.go', { min: 1, missing: 'no commands specified' }, API, MODEL, OUTPUT, {
    values: ['--application', '--execution-group', '--machine', '--unit', '--wait'],
    bools: ['--all', '--background', '--color', '--no-color', '--parallel', '--utc'],
    aliases: { '-a': '--application', '--app': '--application', '-u': '--unit' },
  }),
};

/** Juju 2.9: `add-relation` (alias `relate`), `run-action`, and `run` runs a command. */
const V29: Record<string, SubcommandFlags> = {
  ...common('2.9'),
  'add-relation': relate('cmd/juju/application/addrelation.go'),
  relate: relate('cmd/juju/application/addrelation.go'),
  // `--wait` alone waits for the result, `--wait=5m` bounds it: a flag with an optional value.
  'run-action': sub('cmd/juju/action/run.go', { min: 1, missing: 'no unit specified' }, API, MODEL, OUTPUT, {
    values: ['--params'],
    bools: ['--string-args', '--wait'],
  }),
  run: sub('cmd/juju/commands/run.go', { min: 1, missing: 'no commands specified' }, API, MODEL, OUTPUT, {
    values: ['--application', '--machine', '--timeout', '--unit'],
    bools: ['--all', '--operator'],
    aliases: { '-a': '--application', '--app': '--application', '-u': '--unit' },
  }),
};

/** The flag table of `sub` for the stand-in's Juju version, or undefined for an unknown command. */
export function subcommandFlags(mode: JujuMode, name: string): SubcommandFlags | undefined {
  const table = mode === '2.9' ? V29 : V36;
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/** Every subcommand either version knows: the union parse of a handler (strictness is checked first). */
export function anyVersionSpec(name: string): ArgSpec {
  const specs = [V36[name], V29[name]].filter((s): s is SubcommandFlags => !!s);
  const bools = new Set(specs.flatMap((s) => s.bools));
  return {
    values: [...new Set(specs.flatMap((s) => s.values))].filter((v) => !bools.has(v)),
    bools: [...bools],
    aliases: Object.assign({}, ...specs.map((s) => s.aliases ?? {})),
  };
}
