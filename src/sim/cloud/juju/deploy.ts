import { existsSync } from 'node:fs';
import { opt, opts } from '../cli/args.js';
import { CliExit, type CommandContext, type Output } from '../cli/io.js';
import { load, mutate } from '../state/store.js';
import type { ModelState } from '../state/types.js';
import { deployBundle } from './bundle.js';
import { charmName, findCharm } from './charms.js';
import { unknownOption, unsupportedBase } from './charms-checks.js';
import { getModel, jujuArgs, modelRef } from './context.js';
import { readJujuFile } from './files.js';
import { addApplication, addUnit, PlacementError } from './model-ops.js';

function baseOf(series: string | undefined, base: string | undefined): string | undefined {
  if (base) return base.replace(/^ubuntu@/, '');
  return series
    ? ({ focal: '20.04', jammy: '22.04', noble: '24.04' } as Record<string, string>)[series]
    : undefined;
}

/** Parses `--config k=v` values (a value without `=` names a YAML file, ignored here). */
export function configPairs(values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const i = v.indexOf('=');
    if (i > 0) out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}

function deployCharm(
  model: ModelState,
  argv: ReturnType<typeof jujuArgs>,
  ctx: CommandContext,
  out: Output,
  mode: string,
): void {
  const [url, given] = argv.positionals as [string, string | undefined];
  const charm = findCharm(url);
  if (!charm)
    throw new CliExit(
      `ERROR cannot resolve charm or bundle "${charmName(url)}": charm or bundle not found\n`,
      1,
    );
  const name = given ?? charm.name;
  const asked = opt(argv, '--channel');
  const channel = asked ?? charm.channel;
  const base = baseOf(opt(argv, '--series'), opt(argv, '--base'));
  // without --base/--series Juju takes the charm's preferred base: jammy for every charm here
  const noBase = unsupportedBase(charm, asked, base ?? '22.04');
  if (noBase) throw new CliExit(`ERROR ${noBase}\n`, 1);
  if (model.applications[name])
    throw new CliExit(`ERROR cannot add application "${name}": application already exists\n`, 1);
  const config = configPairs(opts(argv, '--config'));
  const badKey = unknownOption(charm, channel, Object.keys(config));
  if (badKey) throw new CliExit(`ERROR ${badKey}\n`, 1);
  const to = opt(argv, '--to')?.split(',') ?? [];
  const count = charm.subordinate ? 0 : Number(opt(argv, '--num-units') ?? Math.max(1, to.length));
  const app = addApplication(
    model,
    {
      name,
      charm,
      channel,
      config,
      trust: argv.options.has('--trust'),
      base: base ?? '22.04',
    },
    ctx.now,
  );
  try {
    for (let i = 0; i < count; i++)
      addUnit(model, app, charm, to[i], ctx.now, opt(argv, '--constraints') ?? '');
  } catch (err) {
    if (err instanceof PlacementError) {
      throw new CliExit(
        `ERROR cannot deploy "${name}" to machine ${err.target}: machine ${err.target} not found\n`,
        1,
      );
    }
    throw err;
  }
  const baseText =
    mode === '2.9'
      ? ({ '20.04': 'focal', '22.04': 'jammy' }[app.base] ?? 'jammy')
      : `ubuntu@${app.base}/stable`;
  out.err(`Located charm "${charm.name}" in charm-hub, revision ${charm.rev}`);
  const verb = mode === '2.9' ? 'Deploying' : 'Deployed';
  out.err(
    `${verb} "${name}" from charm-hub charm "${charm.name}", revision ${charm.rev} in channel ${channel} on ${baseText}`,
  );
}

/** `juju deploy <charm|bundle.yaml> [name] [--to] [--channel] [--config k=v] [-n N] [--trust] [--overlay f]`. */
export async function deploy(
  ctx: CommandContext,
  argv: string[],
  out: Output,
  _mode: string,
): Promise<number> {
  const args = jujuArgs(argv, 'deploy');
  const target = args.positionals[0];
  if (!target) throw new CliExit('ERROR no charm name or bundle specified\n', 2);
  const isBundle = /\.ya?ml$/.test(target) || (target.startsWith('.') && existsSync(target));
  let bundleText: { main: string; overlays: string[] } | undefined;
  if (isBundle) {
    const mode = load(ctx.stateDir).juju.mode;
    bundleText = {
      main: readJujuFile(ctx.env, mode, target),
      overlays: opts(args, '--overlay').map((f) => readJujuFile(ctx.env, mode, f)),
    };
  }
  const { parse } = bundleText ? await import('yaml') : { parse: undefined };
  mutate(ctx.stateDir, (state) => {
    const model = getModel(state, modelRef(state, opt(args, '--model')));
    if (bundleText && parse) {
      const docs = [bundleText.main, ...bundleText.overlays].map((t) => parse(t) as unknown);
      deployBundle(model, docs, ctx.now, out, args.options.has('--trust'));
    } else {
      deployCharm(model, args, ctx, out, state.juju.mode);
    }
  });
  return 0;
}
