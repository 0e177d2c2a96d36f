import { opt } from '../cli/args.js';
import { CliExit, type CommandContext, type Output } from '../cli/io.js';
import { load, mutate } from '../state/store.js';
import type { JujuMode } from '../state/types.js';
import { jujuArgs } from './context.js';
import { readJujuFile } from './files.js';

/**
 * The client's clouds and credentials: `add-cloud`, `update-cloud`, `add-credential`,
 * `update-credential`, all with `--client` (the lab never uploads to a controller). The texts
 * are the ones of juju/juju `cmd/juju/cloud/` (see test/fixtures/real/juju-client-texts.txt).
 */

type CloudDef = { type?: string; endpoint?: string; regions?: Record<string, { endpoint?: string }> };

async function readCloud(ctx: CommandContext, mode: JujuMode, name: string, file: string) {
  const { parse } = await import('yaml');
  let doc: { clouds?: Record<string, CloudDef> };
  try {
    doc = parse(readJujuFile(ctx.env, mode, file));
  } catch (err) {
    if (err instanceof CliExit) throw err;
    throw new CliExit(`ERROR invalid cloud definition in file "${file}"\n`, 1);
  }
  const cloud = doc?.clouds?.[name];
  if (!cloud) throw new CliExit(`ERROR cloud "${name}" not found in file "${file}"\n`, 1);
  const region = Object.keys(cloud.regions ?? {})[0] ?? 'default';
  return {
    type: cloud.type ?? 'openstack',
    endpoint: cloud.endpoint ?? Object.values(cloud.regions ?? {})[0]?.endpoint,
    region,
  };
}

/** `juju add-cloud --client <name> -f <file>`; a cloud this client has already is refused (add.go). */
export async function addCloud(
  ctx: CommandContext,
  argv: string[],
  out: Output,
  mode: JujuMode,
): Promise<number> {
  const args = jujuArgs(argv, 'add-cloud');
  const [name, positionalFile] = args.positionals;
  const file = opt(args, '--file') ?? positionalFile;
  if (!name || !file) throw new CliExit('ERROR interactive add-cloud needs a terminal: give -f <file>\n', 2);
  const def = await readCloud(ctx, mode, name, file);
  mutate(ctx.stateDir, (state) => {
    if (state.juju.clouds[name])
      throw new CliExit(
        `ERROR use \`update-cloud ${name} --client\` to override known definition: local cloud "${name}" already exists\n`,
        1,
      );
    state.juju.clouds[name] = def;
  });
  out.err(`Cloud "${name}" successfully added to your local client.`);
  out.err(`You will need to add a credential for this cloud (\`juju add-credential ${name}\`)`);
  out.err(`before you can use it to bootstrap a controller (\`juju bootstrap ${name}\`) or`);
  out.err(`to create a model (\`juju add-model <your model name> ${name}\`).`);
  return 0;
}

/** `juju update-cloud --client <name> -f <file>` (updatecloud.go). */
export async function updateCloud(
  ctx: CommandContext,
  argv: string[],
  out: Output,
  mode: JujuMode,
): Promise<number> {
  const args = jujuArgs(argv, 'update-cloud');
  const [name] = args.positionals as [string];
  const file = opt(args, '-f');
  if (!file) {
    out.err(`To update cloud "${name}" on this client, a cloud definition file is required.`);
    return 1;
  }
  const def = await readCloud(ctx, mode, name, file);
  mutate(ctx.stateDir, (state) => {
    state.juju.clouds[name] = def;
  });
  out.err(`Cloud "${name}" updated on this client using provided file.`);
  return 0;
}

/** The credential names a credentials file holds for `cloud`. */
async function credentialNames(ctx: CommandContext, mode: JujuMode, cloud: string, file: string) {
  const { parse } = await import('yaml');
  const doc = parse(readJujuFile(ctx.env, mode, file)) as {
    credentials?: Record<string, Record<string, unknown>>;
  };
  const names = Object.keys(doc?.credentials?.[cloud] ?? {});
  if (names.length === 0)
    throw new CliExit(`ERROR no credentials for cloud ${cloud} exist in file ${file}\n`, 1);
  return names;
}

/**
 * `juju add-credential --client <cloud> -f <file>` (addcredential.go). A name the client has
 * already: 3.x refuses it ("already exists locally", exit 1); 2.9 overwrites it with
 * `--replace`, else warns and changes nothing.
 */
export async function addCredential(
  ctx: CommandContext,
  argv: string[],
  out: Output,
  mode: JujuMode,
): Promise<number> {
  const args = jujuArgs(argv, 'add-credential');
  const [cloud] = args.positionals as [string];
  const file = opt(args, '--file');
  if (!file) throw new CliExit('ERROR interactive add-credential needs a terminal: give -f <file>\n', 2);
  const names = await credentialNames(ctx, mode, cloud, file);
  const replace = args.options.has('--replace');
  return mutate(ctx.stateDir, (state) => {
    if (!state.juju.clouds[cloud]) {
      out.err(`ERROR cloud ${cloud} not valid`);
      out.err("To view all available clouds, use 'juju clouds'.\nTo add new cloud, use 'juju add-cloud'.");
      return 1;
    }
    const list = state.juju.credentials[cloud] ?? [];
    const fresh = names.filter((n) => replace || !list.includes(n));
    for (const n of names.filter((n) => !fresh.includes(n))) {
      // 3.x: cmd.ErrSilent after an "ERROR" line; 2.9 (juju/juju PR #10604): a warning.
      out.err(
        mode === '2.9'
          ? `WARNING credential "${n}" for cloud "${cloud}" already exists locally, use 'juju update-credential ${cloud} ${n}' to update it`
          : `ERROR credential "${n}" for cloud "${cloud}" already exists locally, use 'juju update-credential ${cloud} ${n} -f ${file}' to update this local client copy`,
      );
    }
    for (const n of fresh) if (!list.includes(n)) list.push(n);
    state.juju.credentials[cloud] = list;
    if (fresh.length === 0) out.out(`No local credentials for cloud "${cloud}" changed.`);
    else {
      const what = fresh.length === 1 ? ` "${fresh[0]}"` : `s "${fresh.join(', ')}"`;
      out.out(`Credential${what} added locally for cloud "${cloud}".\n`);
    }
    return fresh.length === names.length || mode === '2.9' ? 0 : 1;
  });
}

/** `juju update-credential --client <cloud> -f <file>` (updatecredential.go). */
export async function updateCredential(
  ctx: CommandContext,
  argv: string[],
  out: Output,
  mode: JujuMode,
): Promise<number> {
  const args = jujuArgs(argv, 'update-credential');
  const [cloud] = args.positionals;
  const file = opt(args, '--file');
  if (!cloud || !file)
    throw new CliExit('ERROR the stand-in updates a credential from a file: give <cloud> -f <file>\n', 2);
  if (!load(ctx.stateDir).juju.clouds[cloud]) throw new CliExit(`ERROR cloud "${cloud}" not found\n`, 1);
  const names = await credentialNames(ctx, mode, cloud, file);
  mutate(ctx.stateDir, (state) => {
    const list = state.juju.credentials[cloud] ?? [];
    for (const n of names) if (!list.includes(n)) list.push(n);
    state.juju.credentials[cloud] = list;
  });
  out.err('Local client was updated successfully with provided credential information.');
  return 0;
}
