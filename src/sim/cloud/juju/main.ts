import { opt } from '../cli/args.js';
import { CliExit, type CommandContext, type CommandResult, type Output, runCommand } from '../cli/io.js';
import { load, mutate } from '../state/store.js';
import type { JujuMode } from '../state/types.js';
import { runAction } from './actions.js';
import { addCloud, addCredential, updateCloud, updateCredential } from './clouds.js';
import { config } from './config.js';
import { checkJujuArgs, getModel, jujuArgs, modelRef } from './context.js';
import { addModel, bootstrap, setModelConstraints, switchModel } from './controllers.js';
import { deploy } from './deploy.js';
import { exec, ssh } from './exec.js';
import { integrate } from './integrate.js';
import { status } from './status.js';
import { AGENT_VERSION } from './status-json.js';

/**
 * The stand-in `juju` command. Juju 3.x syntax by default; when the state's controller is
 * 2.9, the 2.9 names (`add-relation`, `run --unit`, `run-action`) apply instead, and the 3.x
 * names fail as they would there. Every invocation is first checked against the real command
 * line of its subcommand at that version (flags.ts).
 */

type Sub = (ctx: CommandContext, argv: string[], out: Output, mode: JujuMode) => Promise<number>;

async function relate(ctx: CommandContext, argv: string[], _out: Output, mode: JujuMode): Promise<number> {
  const args = jujuArgs(argv, 'relate');
  const [a, b] = args.positionals as [string, string];
  mutate(ctx.stateDir, (state) =>
    integrate(getModel(state, modelRef(state, opt(args, '--model'))), a, b, ctx.now, mode),
  );
  return 0;
}

async function models(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = jujuArgs(argv, 'models');
  const state = load(ctx.stateDir);
  const [current, currentModel] = state.juju.current.split(':') as [string, string];
  const name = opt(args, '--controller') ?? current;
  const ctrl = state.juju.controllers[name];
  if (!ctrl) throw new CliExit(`ERROR controller ${name} not found\n`, 1);
  const list = Object.values(ctrl.models);
  if (opt(args, '--format') === 'json') {
    out.out(
      JSON.stringify({
        models: list.map((m) => ({
          name: `admin/${m.name}`,
          'short-name': m.name,
          'model-uuid': m.uuid,
          'controller-name': name,
          cloud: m.cloud,
          region: m.region,
          type: m.kind === 'maas' ? 'maas' : 'openstack',
          life: 'alive',
          status: { current: 'available' },
        })),
        'current-model': name === current ? currentModel : undefined,
      }),
    );
    return 0;
  }
  const { tabwrite } = await import('../cli/table.js');
  out.out(`Controller: ${name}`);
  out.out('');
  const rows = [
    ['Model', 'Cloud/Region', 'Type', 'Status', 'Machines', 'Units', 'Access', 'Last connection'],
  ];
  for (const m of list) {
    const units = Object.values(m.applications).reduce((n, a) => n + a.units.length, 0);
    rows.push([
      `${m.name}${name === current && m.name === currentModel ? '*' : ''}`,
      m.kind === 'maas' && state.juju.mode !== '2.9' ? m.cloud : `${m.cloud}/${m.region}`,
      m.kind,
      'available',
      String(Object.keys(m.machines).length),
      units ? String(units) : '-',
      'admin',
      'just now',
    ]);
  }
  for (const line of tabwrite(rows, { right: [4, 5] })) out.out(line);
  return 0;
}

const COMMON: Record<string, Sub> = {
  status: status,
  deploy: (ctx, argv, out, mode) => deploy(ctx, argv, out, mode),
  config: config,
  ssh: ssh,
  'add-cloud': addCloud,
  'update-cloud': updateCloud,
  'add-credential': addCredential,
  'update-credential': updateCredential,
  'set-model-constraints': setModelConstraints,
  bootstrap: bootstrap,
  'add-model': addModel,
  switch: switchModel,
  models: models,
  'list-models': models,
};

const V3: Record<string, Sub> = {
  integrate: relate,
  relate: relate,
  run: (ctx, argv, out) => runAction(ctx, argv, out, false),
  exec: exec,
};

const V29: Record<string, Sub> = {
  'add-relation': relate,
  relate: relate,
  'run-action': (ctx, argv, out) => runAction(ctx, argv, out, true),
  run: exec,
};

/** Runs one `juju` invocation. */
export function main(ctx: CommandContext): Promise<CommandResult> {
  return runCommand(async (out) => {
    const [sub, ...rest] = ctx.argv;
    const mode: JujuMode = load(ctx.stateDir).juju.mode;
    if (sub === 'version' || sub === '--version') {
      out.out(
        mode === '2.9' ? `${AGENT_VERSION[mode]}-ubuntu-amd64` : `${AGENT_VERSION[mode]}-genericlinux-amd64`,
      );
      return 0;
    }
    if (!sub) throw new CliExit('ERROR no command specified\n', 2);
    if (sub.startsWith('-')) throw new CliExit(`ERROR option provided but not defined: ${sub}\n`, 2);
    const handler = COMMON[sub] ?? (mode === '2.9' ? V29 : V3)[sub];
    if (!handler) throw new CliExit(`ERROR unrecognized command: juju ${sub}\n`, 1);
    checkJujuArgs(rest, mode, sub);
    return handler(ctx, rest, out, mode);
  });
}
