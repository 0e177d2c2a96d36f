import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { opt, opts } from '../cli/args.js';
import { CliExit, type CommandContext, type Output } from '../cli/io.js';
import { load, mutate } from '../state/store.js';
import type { JujuMode } from '../state/types.js';
import { getModel, jujuArgs, modelRef, resolveUnit } from './context.js';

/**
 * `juju exec --unit X -- cmd` (3.x; `juju run --unit` on 2.9) and `juju ssh <unit> -- cmd`.
 * Only the commands the lab uses have an effect: `open-port N/tcp` records the port on the
 * unit; `cat config` on the control plane prints `<stateDir>/kubeconfig`.
 */

function commandOf(rest: string[], positionals: string[]): string {
  return (rest.length > 0 ? rest : positionals).join(' ').trim();
}

export async function exec(
  ctx: CommandContext,
  argv: string[],
  out: Output,
  mode: JujuMode,
): Promise<number> {
  const args = jujuArgs(argv, mode === '2.9' ? 'run' : 'exec');
  const units = opts(args, '--unit');
  const command = commandOf(args.rest, args.positionals);
  if (
    units.length === 0 &&
    !args.options.has('--application') &&
    !args.options.has('--machine') &&
    !args.options.has('--all')
  ) {
    throw new CliExit(
      'ERROR You must specify a target, either through --all, --machine, --application or --unit\n',
      2,
    );
  }
  if (!command) throw new CliExit('ERROR no commands specified\n', 2);
  const port = /^open-port\s+(\d+)(?:-(\d+))?(?:\/(tcp|udp))?$/.exec(command);
  if (port) {
    mutate(ctx.stateDir, (state) => {
      const model = getModel(state, modelRef(state, opt(args, '--model')));
      for (const spec of units) {
        const { app, n } = resolveUnit(model, spec);
        const unit = model.applications[app]?.units.find((u) => u.n === n);
        const p = `${port[1]}${port[2] ? `-${port[2]}` : ''}/${port[3] ?? 'tcp'}`;
        if (unit && !unit.ports.includes(p)) unit.ports.push(p);
      }
    });
    return 0;
  }
  const state = load(ctx.stateDir);
  const model = getModel(state, modelRef(state, opt(args, '--model')));
  for (const spec of units) resolveUnit(model, spec);
  if (command === 'hostname') {
    for (const spec of units) {
      const { app, n } = resolveUnit(model, spec);
      const machine = model.applications[app]?.units.find((u) => u.n === n)?.machine ?? '';
      out.out(model.machines[machine]?.hostname ?? '');
    }
  }
  return 0;
}

export async function ssh(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = jujuArgs(argv, 'ssh');
  const [target, ...cmdParts] = args.positionals;
  if (!target) throw new CliExit('ERROR no target name specified\n', 2);
  const state = load(ctx.stateDir);
  const model = getModel(state, modelRef(state, opt(args, '--model')));
  if (target.includes('/')) resolveUnit(model, target);
  else if (!model.machines[target]) throw new CliExit(`ERROR machine ${target} not found\n`, 1);
  const command = commandOf(args.rest, cmdParts);
  const cat = /^cat\s+(?:~\/|\/home\/ubuntu\/)?(config|\.kube\/config)$/.exec(command);
  if (cat) {
    const file = join(ctx.stateDir, 'kubeconfig');
    if (!existsSync(file)) {
      out.err(`cat: ${cat[1]}: No such file or directory`);
      return 1;
    }
    out.stdout += readFileSync(file, 'utf8');
    return 0;
  }
  return 0;
}
