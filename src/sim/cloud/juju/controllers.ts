import { opt } from '../cli/args.js';
import { CliExit, type CommandContext, type Output } from '../cli/io.js';
import { load, mutate } from '../state/store.js';
import { jujuArgs, modelRef } from './context.js';
import { readJujuFile } from './files.js';
import { addMachine, newModel } from './model-ops.js';

/** Client-side and controller commands: add-cloud, add-credential, bootstrap, add-model, switch, models. */

export async function addCloud(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = jujuArgs(argv, {
    values: ['--file', '--credential', '--controller'],
    bools: ['--client', '--force', '--replace'],
    aliases: { '-f': '--file', '-c': '--controller' },
  });
  const [name] = args.positionals;
  const file = opt(args, '--file');
  if (!name) throw new CliExit('ERROR cloud name required\n', 2);
  let type = 'openstack';
  let endpoint: string | undefined;
  if (file) {
    const { parse } = await import('yaml');
    let doc: {
      clouds?: Record<
        string,
        { type?: string; endpoint?: string; regions?: Record<string, { endpoint?: string }> }
      >;
    };
    const text = readJujuFile(ctx.env, load(ctx.stateDir).juju.mode, file);
    try {
      doc = parse(text);
    } catch {
      throw new CliExit(`ERROR invalid cloud definition in file "${file}"\n`, 1);
    }
    const cloud = doc?.clouds?.[name];
    if (!cloud) throw new CliExit(`ERROR cloud "${name}" not found in file "${file}"\n`, 1);
    type = cloud.type ?? type;
    endpoint = cloud.endpoint ?? Object.values(cloud.regions ?? {})[0]?.endpoint;
  }
  mutate(ctx.stateDir, (state) => {
    state.juju.clouds[name] = { type, endpoint, region: 'RegionOne' };
  });
  out.out(`Cloud "${name}" successfully added to your local client.`);
  out.out(`You will need to add a credential for this cloud (\`juju add-credential ${name}\`)`);
  out.out('before you can use it to bootstrap a controller or to deploy models.');
  return 0;
}

export async function addCredential(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = jujuArgs(argv, {
    values: ['--file', '--region', '--controller'],
    bools: ['--client', '--replace'],
    aliases: { '-f': '--file', '-c': '--controller' },
  });
  const [cloud] = args.positionals;
  if (!cloud) throw new CliExit('ERROR Usage: juju add-credential <cloud-name> [-f <credentials.yaml>]\n', 2);
  const file = opt(args, '--file');
  if (file) readJujuFile(ctx.env, load(ctx.stateDir).juju.mode, file);
  mutate(ctx.stateDir, (state) => {
    if (!state.juju.clouds[cloud]) throw new CliExit(`ERROR cloud ${cloud} not valid\n`, 1);
    const list = state.juju.credentials[cloud] ?? [];
    if (!list.includes('admin')) list.push('admin');
    state.juju.credentials[cloud] = list;
  });
  out.out(`Credential "admin" added locally for cloud "${cloud}".`);
  return 0;
}

export async function bootstrap(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = jujuArgs(argv, {
    values: [
      '--config',
      '--metadata-source',
      '--constraints',
      '--bootstrap-series',
      '--bootstrap-base',
      '--bootstrap-constraints',
      '--credential',
      '--model-default',
      '--to',
      '--agent-version',
    ],
    bools: ['--no-gui', '--build-agent', '--auto-upgrade', '--keep-broken'],
  });
  const [cloudSpec, given] = args.positionals;
  if (!cloudSpec) throw new CliExit('ERROR expected a cloud name\n', 2);
  const [cloud, regionGiven] = cloudSpec.split('/') as [string, string | undefined];
  const name = mutate(ctx.stateDir, (state) => {
    const def = state.juju.clouds[cloud];
    if (!def) throw new CliExit(`ERROR cloud ${cloud} not found\n`, 1);
    const region = regionGiven ?? def.region ?? 'default';
    const ctrl = given ?? `${cloud}-${region}`.toLowerCase();
    if (state.juju.controllers[ctrl]) throw new CliExit(`ERROR controller "${ctrl}" already exists\n`, 1);
    const kind = def.type === 'maas' ? 'maas' : 'openstack';
    const controllerModel = newModel('controller', cloud, region, kind, ctx.now);
    addMachine(controllerModel, ctx.now);
    state.juju.controllers[ctrl] = {
      cloud,
      region,
      models: { controller: controllerModel },
      currentModel: 'controller',
    };
    state.juju.current = `${ctrl}:controller`;
    return ctrl;
  });
  out.err(`Creating Juju controller "${name}" on ${cloudSpec}`);
  out.err(`Launching controller instance(s) on ${cloudSpec}...`);
  out.err(`Bootstrap agent now started`);
  out.err(`Bootstrap complete, controller "${name}" is now available`);
  out.err('Controller machines are in the "controller" model');
  out.err('');
  out.err('Now you can run\n\tjuju add-model <model-name>\nto create a new model to deploy workloads.');
  return 0;
}

export async function addModel(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = jujuArgs(argv, {
    values: ['--config', '--credential', '--controller', '--owner', '--target-controller'],
    bools: ['--no-switch'],
    aliases: { '-c': '--controller' },
  });
  const [name] = args.positionals;
  if (!name) throw new CliExit('ERROR model name is required\n', 2);
  const where = mutate(ctx.stateDir, (state) => {
    const ctrlName = opt(args, '--controller') ?? state.juju.current.split(':')[0] ?? '';
    const ctrl = state.juju.controllers[ctrlName];
    if (!ctrl) throw new CliExit('ERROR no current controller\n', 1);
    if (ctrl.models[name])
      throw new CliExit(
        `ERROR failed to create new model: model "${name}" for admin already exists (already exists)\n`,
        1,
      );
    const kind = state.juju.clouds[ctrl.cloud]?.type === 'maas' ? 'maas' : 'openstack';
    ctrl.models[name] = newModel(name, ctrl.cloud, ctrl.region, kind, ctx.now);
    if (!args.options.has('--no-switch')) {
      ctrl.currentModel = name;
      state.juju.current = `${ctrlName}:${name}`;
    }
    return `${ctrl.cloud}/${ctrl.region}`;
  });
  out.err(`Added '${name}' model on ${where} with credential 'admin' for user 'admin'`);
  return 0;
}

export async function switchModel(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = jujuArgs(argv, {});
  const [target] = args.positionals;
  if (!target) {
    const state = load(ctx.stateDir);
    const [c, m] = state.juju.current.split(':');
    out.out(`${c}:admin/${m}`);
    return 0;
  }
  mutate(ctx.stateDir, (state) => {
    const old = state.juju.current;
    let ref: { controller: string; model: string };
    if (!target.includes(':') && state.juju.controllers[target]) {
      ref = { controller: target, model: state.juju.controllers[target]?.currentModel ?? 'controller' };
    } else {
      try {
        ref = modelRef(state, target);
      } catch {
        throw new CliExit(`ERROR "${target}" is not the name of a model or controller\n`, 1);
      }
    }
    state.juju.current = `${ref.controller}:${ref.model}`;
    const ctrl = state.juju.controllers[ref.controller];
    if (ctrl) ctrl.currentModel = ref.model;
    const fmt = (s: string): string => s.replace(':', ':admin/');
    out.err(`${fmt(old)} -> ${fmt(state.juju.current)}`);
  });
  return 0;
}
