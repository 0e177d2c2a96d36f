import { readFileSync } from 'node:fs';
import { opt, opts } from '../cli/args.js';
import { CliExit, type CommandContext, type Output } from '../cli/io.js';
import type { Cell } from '../cli/table.js';
import { DEFAULT_QUOTAS } from '../presets/openstack-cloud.js';
import { type Clock, isoSeconds, timeScale } from '../state/clock.js';
import { hexId, sha256Hex, uuid } from '../state/ids.js';
import { load, mutate } from '../state/store.js';
import type { CloudState, ServerState } from '../state/types.js';
import { emitList, emitShow, osArgs, requestId } from './format.js';
import { SERVER_BUILD_SECONDS, serverStatus } from './lifecycle.js';
import { findOsc, findSdk } from './lookup.js';

/** Nova: `server create/show/list/delete`; BUILD turns ACTIVE after a simulated delay. */

function clockOf(ctx: CommandContext): Clock {
  return { now: ctx.now, scale: timeScale(ctx.stateDir, ctx.env) };
}

function addresses(state: CloudState, s: ServerState): Record<string, string[]> {
  const net = state.openstack.networks.find((n) => n.id === s.networkId);
  const fip = state.openstack.floatingIps.find((f) => f.serverId === s.id);
  return { [net?.name ?? 'unknown']: fip ? [s.fixedIp, fip.address] : [s.fixedIp] };
}

/** The `server show` record (python-openstackclient 6 field names). */
export function serverRecord(state: CloudState, s: ServerState, clock: Clock): Record<string, Cell> {
  const os = state.openstack;
  const status = serverStatus(s, clock);
  const flavor = os.flavors.find((f) => f.id === s.flavorId);
  const image = os.images.find((i) => i.id === s.imageId);
  return {
    'OS-DCF:diskConfig': 'MANUAL',
    'OS-EXT-AZ:availability_zone': status === 'ACTIVE' ? 'nova' : '',
    'OS-EXT-SRV-ATTR:host': status === 'ACTIVE' ? 'server3' : null,
    'OS-EXT-SRV-ATTR:hypervisor_hostname': status === 'ACTIVE' ? 'server3.maas' : null,
    'OS-EXT-SRV-ATTR:instance_name': `instance-${s.id.slice(0, 8)}`,
    'OS-EXT-STS:power_state': status === 'ACTIVE' ? 'Running' : 'NOSTATE',
    'OS-EXT-STS:task_state': status === 'ACTIVE' ? null : 'spawning',
    'OS-EXT-STS:vm_state': status === 'ACTIVE' ? 'active' : 'building',
    'OS-SRV-USG:launched_at': status === 'ACTIVE' ? isoSeconds(s.createdAt, false) : null,
    'OS-SRV-USG:terminated_at': null,
    accessIPv4: '',
    accessIPv6: '',
    addresses: status === 'ACTIVE' ? addresses(state, s) : {},
    config_drive: '',
    created: isoSeconds(s.createdAt),
    flavor: flavor ? `${flavor.name} (${flavor.id})` : s.flavorId,
    hostId: status === 'ACTIVE' ? sha256Hex(s.id).slice(0, 56) : '',
    id: s.id,
    image: image ? `${image.name} (${image.id})` : s.imageId,
    key_name: s.keyName,
    name: s.name,
    progress: 0,
    project_id: s.projectId,
    properties: {},
    security_groups: s.securityGroups.map((id) => ({
      name: os.securityGroups.find((g) => g.id === id)?.name ?? id,
    })),
    status,
    updated: isoSeconds(s.createdAt),
    user_id: s.projectId,
    volumes_attached: [],
  };
}

function checkQuota(state: CloudState, vcpus: number, ram: number): void {
  const os = state.openstack;
  const project = os.projects[0]?.id ?? '';
  const q = os.quotas[project] ?? DEFAULT_QUOTAS;
  const live = os.servers.filter((s) => !s.deleted);
  const used = {
    cores: live.reduce((n, s) => n + (os.flavors.find((f) => f.id === s.flavorId)?.vcpus ?? 0), 0),
    instances: live.length,
    ram: live.reduce((n, s) => n + (os.flavors.find((f) => f.id === s.flavorId)?.ram ?? 0), 0),
  };
  const req = { cores: vcpus, instances: 1, ram };
  const over = (['cores', 'instances', 'ram'] as const).filter(
    (k) => (q[k] ?? -1) >= 0 && used[k] + req[k] > (q[k] ?? 0),
  );
  if (over.length === 0) return;
  const list = (f: (k: (typeof over)[number]) => number): string => over.map(f).join(', ');
  throw new CliExit(
    `Quota exceeded for ${over.join(', ')}: Requested ${list((k) => req[k])}, but already used ${list((k) => used[k])} of ${list((k) => q[k] ?? 0)} ${over.join(', ')} (HTTP 403) (Request-ID: ${requestId()})\n`,
    1,
  );
}

export async function serverCreate(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('server create', argv, {
    values: [
      '--flavor',
      '--image',
      '--network',
      '--nic',
      '--key-name',
      '--security-group',
      '--user-data',
      '--availability-zone',
      '--property',
      '--boot-from-volume',
      '--config-drive',
      '--min',
      '--max',
    ],
  });
  const [name] = args.positionals;
  if (!name)
    throw new CliExit(
      'openstack server create: error: the following arguments are required: <server-name>\n',
      2,
    );
  let userData: string | null = null;
  const udFile = opt(args, '--user-data');
  if (udFile) {
    try {
      userData = readFileSync(udFile, 'utf8');
    } catch {
      throw new CliExit(`Can't open '${udFile}': [Errno 2] No such file or directory: '${udFile}'\n`, 1);
    }
  }
  const clock = clockOf(ctx);
  const server = mutate(ctx.stateDir, (state) => {
    const os = state.openstack;
    const flavor = findOsc(os.flavors, opt(args, '--flavor') ?? '', 'flavor');
    const image = findSdk(os.images, opt(args, '--image') ?? '', 'Image');
    const netKey = opt(args, '--network') ?? /net-id=([^,]+)/.exec(opt(args, '--nic') ?? '')?.[1];
    const net = netKey ? findSdk(os.networks, netKey, 'Network') : os.networks.find((n) => !n.external);
    if (!net) throw new CliExit('No Network found\n', 1);
    const key = opt(args, '--key-name') ?? null;
    if (key && !os.keypairs.some((k) => k.name === key)) {
      throw new CliExit(`Invalid key_name provided. (HTTP 400) (Request-ID: ${requestId()})\n`, 1);
    }
    const groups = (opts(args, '--security-group').length ? opts(args, '--security-group') : ['default']).map(
      (g) => findSdk(os.securityGroups, g, 'SecurityGroup').id,
    );
    checkQuota(state, flavor.vcpus, flavor.ram);
    const s: ServerState = {
      id: uuid(),
      name,
      createdAt: ctx.now,
      flavorId: flavor.id,
      imageId: image.id,
      networkId: net.id,
      fixedIp: `192.169.0.${100 + (os.nextFixed++ % 150)}`,
      keyName: key,
      securityGroups: groups,
      userData,
      projectId: os.projects[0]?.id ?? '',
    };
    os.servers.push(s);
    return { state, s };
  });
  let now = ctx.now;
  if (args.options.has('--wait')) {
    const waitMs = SERVER_BUILD_SECONDS * clock.scale * 1000;
    await new Promise((r) => setTimeout(r, waitMs));
    now = Date.now();
    out.out('Complete');
    out.out('');
  }
  const record = serverRecord(server.state, server.s, { ...clock, now });
  record.adminPass = hexId(6);
  out.stdout += emitShow(
    Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((k) => [k, record[k] ?? null]),
    ),
    args,
  );
  return 0;
}

export async function serverShow(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('server show', argv, { bools: ['--diagnostics', '--topology'] });
  const state = load(ctx.stateDir);
  const s = findOsc(
    state.openstack.servers.filter((x) => !x.deleted),
    args.positionals[0] ?? '',
    'server',
  );
  out.stdout += emitShow(serverRecord(state, s, clockOf(ctx)), args);
  return 0;
}

export async function serverList(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('server list', argv, {
    values: ['--name', '--status', '--flavor', '--image', '--limit'],
    bools: ['--long', '--all-projects', '--no-name-lookup'],
  });
  const state = load(ctx.stateDir);
  const clock = clockOf(ctx);
  const rows = state.openstack.servers
    .filter((s) => !s.deleted && (!opt(args, '--name') || new RegExp(opt(args, '--name') ?? '').test(s.name)))
    .sort((a, b) => b.createdAt - a.createdAt)
    .map((s) => {
      const r = serverRecord(state, s, clock);
      const nets = r.addresses as Record<string, string[]>;
      const networks =
        (opt(args, '--format') ?? 'table') === 'table'
          ? Object.entries(nets)
              .map(([n, ips]) => `${n}=${ips.join(', ')}`)
              .join('; ')
          : nets;
      return [
        s.id,
        s.name,
        r.status,
        networks,
        String(r.image).split(' (')[0] ?? '',
        String(r.flavor).split(' (')[0] ?? '',
      ];
    });
  out.stdout += emitList(['ID', 'Name', 'Status', 'Networks', 'Image', 'Flavor'], rows, args);
  return 0;
}

export async function serverDelete(ctx: CommandContext, argv: string[], _out: Output): Promise<number> {
  const args = osArgs('server delete', argv, { bools: ['--force', '--all-projects'] });
  mutate(ctx.stateDir, (state) => {
    for (const key of args.positionals) {
      const s = findOsc(
        state.openstack.servers.filter((x) => !x.deleted),
        key,
        'server',
      );
      s.deleted = true;
      for (const f of state.openstack.floatingIps)
        if (f.serverId === s.id) Object.assign(f, { serverId: null, fixedIp: null });
    }
  });
  return 0;
}
