import { opt } from '../cli/args.js';
import { CliExit, type CommandContext, type Output } from '../cli/io.js';
import { mutate } from '../state/store.js';
import type { ModelState } from '../state/types.js';
import { actionHandler } from './action-handlers.js';
import { type ActionWait, actionSeconds, actionWait, settle } from './action-wait.js';
import { clockOf, getModel, jujuArgs, modelRef } from './context.js';
import { viewModel } from './model-view.js';

/**
 * Juju 3 `juju run <unit> <action> [k=v]` and Juju 2.9 `juju run-action <unit> <action> --wait`,
 * with the progress lines of fixtures/real/juju-run-action-outputs-juju3.txt. Juju 3 waits
 * for the result at most `--wait` (60 s by default) and then gives up while the action goes
 * on (action-wait.ts); the lab's long actions take many simulated minutes.
 */

/** Resolves `app/N` or `app/leader` among all units, subordinates included. */
function findUnit(
  model: ModelState,
  spec: string,
  now: number,
  scale: number,
): { app: string; n: number; leader: boolean } | undefined {
  const [app, which] = spec.split('/');
  if (!app || which === undefined) throw new CliExit(`ERROR invalid unit or action name "${spec}"\n`, 1);
  const view = viewModel(model, { now, scale });
  const appView = view.apps.find((a) => a.state.name === app);
  const units = appView ? [...appView.units, ...appView.subUnits] : [];
  const unit = which === 'leader' ? units.find((u) => u.leader) : units.find((u) => u.name === spec);
  if (!unit) {
    if (which === 'leader') return undefined;
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

/** Juju 3 `run`'s Init (cmd/juju/action/run.go): units, then the action name, then key=value. */
function runTargets(positionals: string[]) {
  const units: string[] = [];
  let action: string | undefined;
  let i = 0;
  for (; i < positionals.length; i++) {
    const arg = positionals[i] as string;
    if (/^[a-z][a-z0-9]*(-[a-z0-9]*[a-z][a-z0-9]*)*\/(\d+|leader)$/.test(arg)) units.push(arg);
    else if (/^[a-z](?:[a-z-]*[a-z])?$/.test(arg)) {
      action = arg;
      break;
    } else throw new CliExit(`ERROR invalid unit or action name "${arg}"\n`, 2);
  }
  if (units.length === 0) throw new CliExit('ERROR no unit specified\n', 2);
  if (!action) throw new CliExit('ERROR no action specified\n', 2);
  const params: Record<string, string> = {};
  for (const p of positionals.slice(i + 1)) {
    const eq = p.indexOf('=');
    if (eq < 0) throw new CliExit(`ERROR argument "${p}" must be of the form key.key.key...=value\n`, 2);
    params[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return { unit: units[0] as string, action, params };
}

interface Ran {
  op: number;
  task: number;
  unitName: string;
  tag: string;
  outcome: { results: Record<string, string> } | { fail: string };
  seconds: number;
}

export async function runAction(
  ctx: CommandContext,
  argv: string[],
  out: Output,
  legacy: boolean,
): Promise<number> {
  const args = jujuArgs(argv, legacy ? 'run-action' : 'run');
  const { unit, action, params } = runTargets(args.positionals);
  const wait: ActionWait = actionWait(args, legacy);
  const clock = clockOf(ctx);
  const format = opt(args, '--format');
  const ran = mutate(ctx.stateDir, (state): Ran | { unscheduled: string; op: number } => {
    const model = getModel(state, modelRef(state, opt(args, '--model')));
    const target = findUnit(model, unit, clock.now, clock.scale);
    // Juju 3 resolves the unit and the action on the controller and schedules what it can:
    // a task that cannot be enqueued is reported on stderr and the command still exits 0
    // (cmd/juju/action/run.go, processOperationResults: "Operation %s failed to schedule any
    // tasks:\n%s", then `return nil`). 2.9 refuses before it enqueues, with exit 1.
    const unscheduled = (why: string) => {
      if (legacy) throw new CliExit(`ERROR ${why}\n`, 1);
      state.juju.opSeq += 1;
      return { unscheduled: why, op: state.juju.opSeq };
    };
    if (!target) return unscheduled(`could not determine leader for "${unit.split('/')[0]}"`);
    const app = model.applications[target.app];
    if (!app) throw new CliExit(`ERROR application "${target.app}" not found\n`, 1);
    const handler = actionHandler(app.charm, action);
    if (!handler) return unscheduled(`action "${action}" not defined on unit "${target.app}/${target.n}"`);
    const op = state.juju.opSeq + 1;
    state.juju.opSeq += 2;
    // The action runs on the unit whatever the client does; its effects are there at once.
    const outcome = handler({ state, model, app, unit: target.n, leader: target.leader, params, clock });
    return {
      op,
      task: op + 1,
      unitName: `${target.app}/${target.n}`,
      tag: `unit-${target.app}-${target.n}`,
      outcome,
      seconds: actionSeconds(app.charm, action),
    };
  });
  if ('unscheduled' in ran) {
    // Nothing on stdout, whatever --format says: the result map is never written.
    if (!wait.background) out.err('');
    out.err(`Operation ${ran.op} failed to schedule any tasks:\n${ran.unscheduled}`);
    return 0;
  }
  if (legacy) return legacyOutput(ran, out, wait, clock.now);
  if (wait.background) {
    out.err(`Scheduled operation ${ran.op} with task ${ran.task}`);
    out.err(`Check operation status with 'juju show-operation ${ran.op}'`);
    out.err(`Check task status with 'juju show-task ${ran.task}'`);
    return 0;
  }
  out.err(`Running operation ${ran.op} with 1 task`);
  out.err(`  - task ${ran.task} on ${ran.tag}`);
  out.err('');
  out.err(`Waiting for task ${ran.task}...`);
  if (!(await settle(ran.seconds, wait, clock.scale))) {
    out.err(`ERROR timed out waiting for results from: unit ${ran.unitName}`);
    return 1;
  }
  const { outcome } = ran;
  if ('fail' in outcome) {
    out.err(`Action id ${ran.task} failed: ${outcome.fail}`);
    return 1;
  }
  if (format === 'yaml' || format === 'json') {
    const doc = {
      [ran.unitName]: {
        id: String(ran.task),
        results: { ...outcome.results, 'return-code': 0 },
        status: 'completed',
        unit: ran.unitName,
      },
    };
    out.stdout +=
      format === 'json'
        ? `${JSON.stringify(doc)}\n`
        : `${ran.unitName}:\n  id: "${ran.task}"\n  results:\n${plainResults(outcome.results).replace(/^/gm, '    ')}    return-code: 0\n  status: completed\n${timing(clock.now)}  unit: ${ran.unitName}\n`;
  } else {
    out.stdout += Object.keys(outcome.results).length
      ? plainResults(outcome.results)
      : `Task ${ran.task} completed\n`;
  }
  return 0;
}

/** Juju 2.9 `run-action`: without `--wait` only the id; with it, the YAML keyed by unit tag. */
async function legacyOutput(ran: Ran, out: Output, wait: ActionWait, now: number): Promise<number> {
  if (!wait.given) {
    out.out(`Action queued with id: "${ran.task}"`);
    return 0;
  }
  const failed = 'fail' in ran.outcome;
  out.out(`${ran.tag}:`);
  out.out(`  UnitId: ${ran.unitName}`);
  out.out(`  id: "${ran.task}"`);
  if ('fail' in ran.outcome) out.out(`  message: ${ran.outcome.fail}`);
  const results = 'results' in ran.outcome ? ran.outcome.results : {};
  out.stdout += `  results:\n    Code: "${failed ? 1 : 0}"\n${failed ? '' : plainResults(results).replace(/^/gm, '    ')}`;
  out.out(`  status: ${failed ? 'failed' : 'completed'}`);
  out.stdout += timing(now);
  return 0;
}
