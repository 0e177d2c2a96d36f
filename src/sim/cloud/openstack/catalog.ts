import { opt, opts } from '../cli/args.js';
import type { CommandContext, Output } from '../cli/io.js';
import { load } from '../state/store.js';
import { emitList, osArgs } from './format.js';

/** Read-only catalogs: `image list [--tag T]`, `flavor list`, `keypair list`. */

export async function imageList(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('image list', argv, {
    values: ['--tag', '--name', '--status', '--property', '--limit', '--sort'],
    bools: ['--long', '--public', '--private', '--shared', '--community'],
  });
  const state = load(ctx.stateDir);
  const tags = opts(args, '--tag');
  const name = opt(args, '--name');
  const images = state.openstack.images.filter(
    (i) => tags.every((t) => i.tags.includes(t)) && (!name || i.name === name),
  );
  out.stdout += emitList(
    ['ID', 'Name', 'Status'],
    images.map((i) => [i.id, i.name, i.status]),
    args,
  );
  return 0;
}

export async function flavorList(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('flavor list', argv, {
    values: ['--limit', '--min-disk', '--min-ram'],
    bools: ['--long', '--all', '--public', '--private'],
  });
  const state = load(ctx.stateDir);
  const rows = state.openstack.flavors.map((f) => [f.id, f.name, f.ram, f.disk, 0, f.vcpus, true]);
  out.stdout += emitList(['ID', 'Name', 'RAM', 'Disk', 'Ephemeral', 'VCPUs', 'Is Public'], rows, args);
  return 0;
}

export async function keypairList(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('keypair list', argv, { values: ['--user', '--user-domain', '--project', '--limit'] });
  const state = load(ctx.stateDir);
  out.stdout += emitList(
    ['Name', 'Fingerprint', 'Type'],
    state.openstack.keypairs.map((k) => [k.name, k.fingerprint, 'ssh']),
    args,
  );
  return 0;
}
