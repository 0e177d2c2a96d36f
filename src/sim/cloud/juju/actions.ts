import { opt } from '../cli/args.js';
import { CliExit, type CommandContext, type Output } from '../cli/io.js';
import { mutate } from '../state/store.js';
import type { ModelState } from '../state/types.js';
import { actionHandler } from './action-handlers.js';
import { clockOf, getModel, jujuArgs, modelRef } from './context.js';
import { viewModel } from './model-view.js';

/**
 * Juju 3 `juju run <unit> <action> [k=v]` and Juju 2.9 `juju run-action <unit> <action> --wait`,
 * with the progress lines of fixtures/real/juju-run-action-outputs-juju3.txt.
 */

/** Resolves `app/N` or `app/leader` among all units, subordinates included. */
function findUnit(
  model: ModelState,
  spec: string,
  now: number,
  scale: number,
): { app: string; n: number; leader: boolean } {
  const [app, which] = spec.split('/');
  if (!app || which === undefined) throw new CliExit(`ERROR invalid unit or action name "${spec}"\n`, 1);
  const view = viewModel(model, { now, scale });
  const appView = view.apps.find((a) => a.state.name === app);
  const units = appView ? [...appView.units, ...appView.subUnits] : [];
  const unit = which === 'leader' ? units.find((u) => u.leader) : units.find((u) => u.name === spec);
  if (!unit) {
    if (which === 'leader') throw new CliExit(`ERROR could not determine leader for "${app}"\n`, 1);
    throw new CliExit(`ERROR unit "${spec}" not found\n`, 1);
  }
  return { app, n: Number(unit.name.split('/')[1]), leader: unit.leader };
}

function yamlScalar(v: string): string {
  return /^[\w./:-]*$/.test(v) && v !== '' ? v : JSON.stringify(v);
}

function plainResults(results: Record<string, string>): string {
  return Object.entries(results)
    .map(([k, v]) =>
      v.includes('\n')
        ? `${k}: |-\n${v
            .split('\n')
            .map((l) => `  ${l}`)
            .join('\n')}\n`
        : `${k}: ${yamlScalar(v)}\n`,
    )
    .join('');
}

function timing(now: number): string {
  const t = new Date(now).toISOString().replace('T', ' ').slice(0, 19);
  return `  timing:\n    completed: ${t} +0000 UTC\n    enqueued: ${t} +0000 UTC\n    started: ${t} +0000 UTC\n`;
}

export async function runAction(
  ctx: CommandContext,
  argv: string[],
  out: Output,
  legacy: boolean,
): Promise<number> {
  const args = jujuArgs(argv, {
    values: ['--format', '--wait', '--params', '-o', '--output'],
    bools: ['--background', '--string-args', '--utc'],
  });
  const units = args.positionals.filter((p) => p.includes('/') && !p.includes('='));
  const action = args.positionals.find((p) => !p.includes('/') && !p.includes('='));
  const params = Object.fromEntries(
    args.positionals
      .filter((p) => p.includes('='))
      .map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]),
  );
  if (units.length === 0 || !action) throw new CliExit('ERROR no unit specified\n', 2);
  const clock = clockOf(ctx);
  const format = opt(args, '--format');
  return mutate(ctx.stateDir, (state) => {
    const model = getModel(state, modelRef(state, opt(args, '--model')));
    const target = findUnit(model, units[0] as string, clock.now, clock.scale);
    const app = model.applications[target.app];
    if (!app) throw new CliExit(`ERROR application "${target.app}" not found\n`, 1);
    const handler = actionHandler(app.charm, action);
    if (!handler)
      throw new CliExit(`ERROR action "${action}" not defined on unit "${target.app}/${target.n}"\n`, 1);
    const op = state.juju.opSeq + 1;
    const task = op + 1;
    state.juju.opSeq += 2;
    const unitName = `${target.app}/${target.n}`;
    const outcome = handler({ state, model, app, unit: target.n, leader: target.leader, params, clock });
    const failed = 'fail' in outcome;
    if (legacy) {
      if (!args.options.has('--wait')) {
        out.out(`Action queued with id: "${task}"`);
        return 0;
      }
      out.out(`unit-${target.app}-${target.n}:`);
      out.out(`  UnitId: ${unitName}`);
      out.out(`  id: "${task}"`);
      if (failed) out.out(`  message: ${outcome.fail}`);
      out.stdout += `  results:\n    Code: "${failed ? 1 : 0}"\n${failed ? '' : plainResults(outcome.results).replace(/^/gm, '    ')}`;
      out.out(`  status: ${failed ? 'failed' : 'completed'}`);
      out.stdout += timing(clock.now);
      return 0;
    }
    out.err(`Running operation ${op} with 1 task`);
    out.err(`  - task ${task} on unit-${target.app}-${target.n}`);
    out.err('');
    out.err(`Waiting for task ${task}...`);
    if (failed) {
      out.err(`Action id ${task} failed: ${outcome.fail}`);
      return 1;
    }
    if (format === 'yaml' || format === 'json') {
      const doc = {
        [unitName]: {
          id: String(task),
          results: { ...outcome.results, 'return-code': 0 },
          status: 'completed',
          unit: unitName,
        },
      };
      out.stdout +=
        format === 'json'
          ? `${JSON.stringify(doc)}\n`
          : `${unitName}:\n  id: "${task}"\n  results:\n${plainResults(outcome.results).replace(/^/gm, '    ')}    return-code: 0\n  status: completed\n${timing(clock.now)}  unit: ${unitName}\n`;
    } else {
      out.stdout += plainResults(outcome.results);
    }
    return 0;
  });
}
