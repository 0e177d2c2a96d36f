import { opt } from '../cli/args.js';
import { CliExit, type CommandContext, type Output } from '../cli/io.js';
import { load } from '../state/store.js';
import { clockOf, getModel, jujuArgs, modelRef } from './context.js';
import { type ModelView, viewModel } from './model-view.js';
import { statusDocument } from './status-json.js';
import { statusTabular } from './status-tabular.js';

/** `juju status [filter...] [--format=tabular|json|yaml] [--relations] [-m model]`. */

/** Keeps the applications named by the filters (app names, unit names, globs) and their machines. */
export function filterView(view: ModelView, filters: string[]): ModelView {
  if (filters.length === 0) return view;
  const matches = (name: string): boolean =>
    filters.some((f) => {
      const app = f.split('/')[0] ?? f;
      const re = new RegExp(`^${app.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
      return re.test(name);
    });
  const apps = view.apps.filter((a) => !a.subordinate && matches(a.state.name));
  const unitFilter = filters.filter((f) => f.includes('/'));
  for (const a of apps) {
    if (unitFilter.length > 0)
      a.units = a.units.filter(
        (u) => unitFilter.includes(u.name) || !unitFilter.some((f) => f.startsWith(`${a.state.name}/`)),
      );
  }
  const subNames = new Set(apps.flatMap((a) => a.units.flatMap((u) => u.subordinates.map((s) => s.app))));
  const subs = view.apps.filter(
    (a) => a.subordinate && (subNames.has(a.state.name) || matches(a.state.name)),
  );
  const machineIds = new Set(apps.flatMap((a) => a.units.map((u) => u.machine ?? '')));
  const hosts = new Set([...machineIds].map((id) => id.split('/')[0]));
  const machines = view.machines
    .filter((m) => hosts.has(m.state.id))
    .map((m) => ({ ...m, containers: m.containers.filter((c) => machineIds.has(c.state.id)) }));
  return { apps: [...apps, ...subs].sort((a, b) => a.state.name.localeCompare(b.state.name)), machines };
}

export async function status(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = jujuArgs(argv, 'status');
  const format = opt(args, '--format') ?? 'tabular';
  if (!['tabular', 'json', 'yaml', 'short', 'line', 'oneline', 'summary'].includes(format)) {
    throw new CliExit(`ERROR invalid value "${format}" for option --format: unknown format "${format}"\n`, 2);
  }
  const state = load(ctx.stateDir);
  const ref = modelRef(state, opt(args, '--model'));
  const model = getModel(state, ref);
  const view = filterView(viewModel(model, clockOf(ctx)), args.positionals);
  const header = { model, controller: ref.controller, mode: state.juju.mode, now: ctx.now };
  if (format === 'json') {
    out.stdout += `${JSON.stringify(statusDocument(view, header))}\n`;
  } else if (format === 'yaml') {
    const { stringify } = await import('yaml');
    out.stdout += stringify(statusDocument(view, header));
  } else {
    out.stdout += statusTabular(
      view,
      header,
      args.options.has('--relations') || args.options.has('--integrations'),
    );
  }
  return 0;
}
