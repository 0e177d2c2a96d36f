import { CliExit, type CommandContext, type Output } from '../cli/io.js';
import type { Cell } from '../cli/table.js';
import { isoSeconds } from '../state/clock.js';
import { uuid } from '../state/ids.js';
import { load, mutate } from '../state/store.js';
import type { CloudState, FloatingIpState, NetworkState } from '../state/types.js';
import { emitList, emitShow, osArgs } from './format.js';
import { findOsc, findSdk } from './lookup.js';

/** Neutron networks, subnets and floating IPs. */

function networkRecord(n: NetworkState): Record<string, Cell> {
  return {
    admin_state_up: true,
    availability_zone_hints: [],
    availability_zones: ['nova'],
    created_at: isoSeconds(n.createdAt),
    description: '',
    dns_domain: null,
    id: n.id,
    ipv4_address_scope: null,
    ipv6_address_scope: null,
    is_default: n.external ? false : null,
    is_vlan_transparent: null,
    mtu: 1500,
    name: n.name,
    port_security_enabled: true,
    project_id: n.projectId,
    'provider:network_type': n.external ? 'flat' : 'geneve',
    'provider:physical_network': n.external ? 'physnet1' : null,
    'provider:segmentation_id': n.external ? null : 1,
    qos_policy_id: null,
    revision_number: 2,
    'router:external': n.external,
    segments: null,
    shared: false,
    status: 'ACTIVE',
    subnets: n.subnetIds,
    tags: n.tags,
    tenant_id: n.projectId,
    updated_at: isoSeconds(n.createdAt),
  };
}

export async function networkList(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('network list', argv, {
    values: ['--name', '--project'],
    bools: ['--external', '--internal', '--long'],
  });
  const state = load(ctx.stateDir);
  const nets = state.openstack.networks.filter(
    (n) =>
      (!args.options.has('--external') || n.external) && (!args.options.has('--internal') || !n.external),
  );
  out.stdout += emitList(
    ['ID', 'Name', 'Subnets'],
    nets.map((n) => [n.id, n.name, n.subnetIds]),
    args,
  );
  return 0;
}

export async function networkShow(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('network show', argv, {});
  const state = load(ctx.stateDir);
  out.stdout += emitShow(
    networkRecord(findSdk(state.openstack.networks, args.positionals[0] ?? '', 'Network')),
    args,
  );
  return 0;
}

export async function subnetList(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('subnet list', argv, {
    values: ['--network', '--name', '--project'],
    bools: ['--long', '--dhcp', '--no-dhcp'],
  });
  const state = load(ctx.stateDir);
  const net = args.options.has('--network')
    ? findSdk(state.openstack.networks, args.options.get('--network')?.[0] ?? '', 'Network')
    : null;
  const subnets = state.openstack.subnets.filter((s) => !net || s.networkId === net.id);
  out.stdout += emitList(
    ['ID', 'Name', 'Network', 'Subnet'],
    subnets.map((s) => [s.id, s.name, s.networkId, s.cidr]),
    args,
  );
  return 0;
}

function fipRecord(state: CloudState, f: FloatingIpState): Record<string, Cell> {
  const subnet = state.openstack.subnets.find((s) => s.networkId === f.networkId);
  return {
    created_at: isoSeconds(f.createdAt),
    description: '',
    dns_domain: '',
    dns_name: '',
    fixed_ip_address: f.fixedIp,
    floating_ip_address: f.address,
    floating_network_id: f.networkId,
    id: f.id,
    name: f.address,
    port_details: null,
    port_id: f.serverId ? uuid() : null,
    project_id: f.projectId,
    qos_policy_id: null,
    revision_number: 0,
    router_id: null,
    status: f.serverId ? 'ACTIVE' : 'DOWN',
    subnet_id: subnet?.id ?? null,
    tags: [],
    updated_at: isoSeconds(f.createdAt),
  };
}

export async function floatingCreate(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('floating ip create', argv, {
    values: [
      '--subnet',
      '--port',
      '--floating-ip-address',
      '--fixed-ip-address',
      '--description',
      '--project',
    ],
  });
  const [netKey] = args.positionals;
  if (!netKey)
    throw new CliExit(
      'openstack floating ip create: error: the following arguments are required: <network>\n',
      2,
    );
  const { state, fip } = mutate(ctx.stateDir, (state) => {
    const net = findSdk(state.openstack.networks, netKey, 'Network');
    if (!net.external) {
      throw new CliExit(
        `Error while executing command: BadRequestException: 400, Bad floatingip request: Network ${net.id} is not a valid external network.\n`,
        1,
      );
    }
    const n = ++state.openstack.nextFloating;
    const fip: FloatingIpState = {
      id: uuid(),
      // The lab's pool is 172.16.7.0–172.16.8.255; the simulation mirrors it inside 127/8 so the
      // address really answers on this machine (127.16.7.x unless the lab chose another block).
      address: `127.${state.openstack.floatingNet ?? 16}.${7 + Math.floor(n / 256)}.${n % 256}`,
      networkId: net.id,
      serverId: null,
      fixedIp: null,
      createdAt: ctx.now,
      projectId: state.openstack.projects[0]?.id ?? '',
    };
    state.openstack.floatingIps.push(fip);
    return { state, fip };
  });
  out.stdout += emitShow(fipRecord(state, fip), args);
  return 0;
}

export async function floatingList(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('floating ip list', argv, {
    values: ['--network', '--port', '--status', '--project'],
    bools: ['--long'],
  });
  const state = load(ctx.stateDir);
  const rows = state.openstack.floatingIps.map((f) => [
    f.id,
    f.address,
    f.fixedIp,
    f.serverId ? uuid() : null,
    f.networkId,
    f.projectId,
  ]);
  out.stdout += emitList(
    ['ID', 'Floating IP Address', 'Fixed IP Address', 'Port', 'Floating Network', 'Project'],
    rows,
    args,
  );
  return 0;
}

export async function serverAddFloating(ctx: CommandContext, argv: string[], _out: Output): Promise<number> {
  const args = osArgs('server add floating ip', argv, { values: ['--fixed-ip-address'] });
  const [serverKey, address] = args.positionals;
  if (!serverKey || !address)
    throw new CliExit(
      'openstack server add floating ip: error: the following arguments are required: <server>, <ip-address>\n',
      2,
    );
  mutate(ctx.stateDir, (state) => {
    const server = findOsc(
      state.openstack.servers.filter((s) => !s.deleted),
      serverKey,
      'server',
    );
    const fip = state.openstack.floatingIps.find((f) => f.address === address || f.id === address);
    if (!fip) throw new CliExit(`No FloatingIP found for ${address}\n`, 1);
    fip.serverId = server.id;
    fip.fixedIp = server.fixedIp;
  });
  return 0;
}
