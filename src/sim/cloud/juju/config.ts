import { opt } from '../cli/args.js';
import { CliExit, type CommandContext, type Output } from '../cli/io.js';
import { load, mutate } from '../state/store.js';
import { findCharm } from './charms.js';
import { unknownOption } from './charms-checks.js';
import { getModel, jujuArgs, modelRef } from './context.js';
import { readJujuFile } from './files.js';

/** Whether the charm (at `channel`) defines config `key`; false when its files were not read. */
function definesOption(charmUrl: string, channel: string, key: string): boolean {
  const charm = findCharm(charmUrl);
  return Boolean(charm && unknownOption(charm, channel, [key]) === undefined && charm.releases);
}

/**
 * `juju config <app>` (all settings, YAML), `juju config <app> <key>` (one value) and
 * `juju config <app> k=v ...` (set; silent like the real command). A key the charm's
 * config.yaml does not define is refused as Juju refuses it: `ERROR unknown option "x"`.
 */
export async function config(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = jujuArgs(argv, 'config');
  const [appName, ...rest] = args.positionals;
  if (!appName) throw new CliExit('ERROR no application name specified\n', 2);
  const sets = rest.filter((r) => r.includes('='));
  const gets = rest.filter((r) => !r.includes('='));
  const reset = opt(args, '--reset')?.split(',') ?? [];
  const file = opt(args, '--file');
  if (file) {
    // `--file`: a YAML document keyed by application name, `{<app>: {key: value}}`.
    const { parse } = await import('yaml');
    const text = readJujuFile(ctx.env, load(ctx.stateDir).juju.mode, file);
    let doc: unknown;
    try {
      doc = parse(text);
    } catch (err) {
      throw new CliExit(`ERROR ${(err as Error).message.split('\n')[0]}\n`, 1);
    }
    const mine = (doc as Record<string, unknown> | null)?.[appName];
    if (mine && typeof mine === 'object')
      for (const [k, v] of Object.entries(mine))
        sets.push(`${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  }
  if (sets.length > 0 && gets.length > 0)
    throw new CliExit('ERROR cannot get value and set key=value pairs simultaneously\n', 2);
  if (sets.length === 0 && reset.length === 0) {
    const state = load(ctx.stateDir);
    const app = getModel(state, modelRef(state, opt(args, '--model'))).applications[appName];
    if (!app) throw new CliExit(`ERROR application "${appName}" not found\n`, 1);
    if (gets.length > 1) throw new CliExit('ERROR can only retrieve a single value, or all values\n', 2);
    const key = gets[0];
    if (key !== undefined) {
      // a key the charm defines but nobody set: its default (none recorded here, so empty)
      if (!(key in app.config) && definesOption(app.charm, app.channel, key)) {
        out.out('');
        return 0;
      }
      if (!(key in app.config)) {
        throw new CliExit(
          `ERROR key "${key}" not found in "${appName}" application config or charm settings.\n`,
          1,
        );
      }
      out.out(app.config[key]);
      return 0;
    }
    const { stringify } = await import('yaml');
    const settings = Object.fromEntries(
      Object.entries(app.config)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, { description: k, source: 'user', type: 'string', value: v }]),
    );
    out.stdout += stringify({ application: appName, charm: app.charm, settings });
    return 0;
  }
  mutate(ctx.stateDir, (state) => {
    const app = getModel(state, modelRef(state, opt(args, '--model'))).applications[appName];
    if (!app) throw new CliExit(`ERROR application "${appName}" not found\n`, 1);
    const charm = findCharm(app.charm);
    const bad =
      charm &&
      unknownOption(
        charm,
        app.channel,
        sets.map((p) => p.slice(0, p.indexOf('='))),
      );
    if (bad) throw new CliExit(`ERROR ${bad}\n`, 1);
    for (const pair of sets) {
      const i = pair.indexOf('=');
      app.config[pair.slice(0, i)] = pair.slice(i + 1).replace(/^"(.*)"$/s, '$1');
    }
    for (const key of reset) delete app.config[key];
    app.updatedAt = ctx.now;
  });
  return 0;
}
