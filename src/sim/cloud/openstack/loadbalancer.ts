import { createHash } from 'node:crypto';
import { opt } from '../cli/args.js';
import { CliExit, type CommandContext, type Output } from '../cli/io.js';
import type { Cell } from '../cli/table.js';
import { viewModel } from '../juju/model-view.js';
import { type Clock, isoSeconds, timeScale } from '../state/clock.js';
import { uuid } from '../state/ids.js';
import { load, mutate } from '../state/store.js';
import type { CloudState, LoadBalancerState } from '../state/types.js';
import { emitList, emitShow, osArgs } from './format.js';
import { lbMembers } from './lb-members.js';
import { lbStatus } from './lifecycle.js';
import { findSdk } from './lookup.js';

/**
 * Octavia (`loadbalancer list/show/create/delete`). Until the octavia charm is active the
 * catalog has no load-balancer endpoint and every command fails as the real client does.
 */

function clockOf(ctx: CommandContext): Clock {
  return { now: ctx.now, scale: timeScale(ctx.stateDir, ctx.env) };
}

function requireOctavia(state: CloudState, clock: Clock, env: NodeJS.ProcessEnv): void {
  for (const ctrl of Object.values(state.juju.controllers)) {
    for (const model of Object.values(ctrl.models)) {
      const oct = Object.values(model.applications).find((a) => a.charm === 'octavia');
      if (!oct?.flags.resourcesConfigured) continue;
      const unit = viewModel(model, clock).apps.find((a) => a.state.name === oct.name)?.units[0];
      if (unit?.workload.current === 'active') return;
    }
  }
  throw new CliExit(
    `public endpoint for load-balancer service in ${env.OS_REGION_NAME ?? 'RegionOne'} region not found\n`,
    1,
  );
}

function lbRecord(lb: LoadBalancerState, clock: Clock): Record<string, Cell> {
  const s = lbStatus(lb, clock);
  return {
    admin_state_up: true,
    availability_zone: null,
    created_at: isoSeconds(lb.createdAt, false),
    description: lb.description,
    flavor_id: null,
    id: lb.id,
    listeners: '',
    name: lb.name,
    operating_status: s.operating,
    pools: poolsOf(lb)
      .map((p) => p.id)
      .join('\n'),
    project_id: lb.projectId,
    provider: 'amphora',
    provisioning_status: s.provisioning,
    updated_at: s.provisioning === 'ACTIVE' ? isoSeconds(lb.createdAt + 1000, false) : null,
    vip_address: lb.vipAddress,
    vip_network_id: lb.vipNetworkId,
    vip_port_id: lb.vipPortId,
    vip_qos_policy_id: null,
    vip_subnet_id: lb.vipSubnetId,
    vip_vnic_type: 'normal',
    tags: lb.tags.join('\n'),
    additional_vips: '',
  };
}

export async function lbList(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('loadbalancer list', argv, {
    values: [
      '--name',
      '--project',
      '--vip-subnet-id',
      '--provisioning-status',
      '--operating-status',
      '--tags',
    ],
  });
  const state = load(ctx.stateDir);
  const clock = clockOf(ctx);
  requireOctavia(state, clock, ctx.env);
  const rows = state.openstack.loadbalancers
    .filter((lb) => !opt(args, '--name') || lb.name === opt(args, '--name'))
    .map((lb) => {
      const s = lbStatus(lb, clock);
      return [lb.id, lb.name, lb.projectId, lb.vipAddress, s.provisioning, s.operating, 'amphora'];
    });
  out.stdout += emitList(
    ['id', 'name', 'project_id', 'vip_address', 'provisioning_status', 'operating_status', 'provider'],
    rows,
    args,
  );
  return 0;
}

export async function lbShow(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('loadbalancer show', argv, {});
  const state = load(ctx.stateDir);
  const clock = clockOf(ctx);
  requireOctavia(state, clock, ctx.env);
  const key = args.positionals[0] ?? '';
  const lb = state.openstack.loadbalancers.find((l) => l.id === key || l.name === key);
  if (!lb) throw new CliExit(`Unable to locate ${key} in loadbalancers\n`, 1);
  out.stdout += emitShow(lbRecord(lb, clock), args);
  return 0;
}

export async function lbCreate(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('loadbalancer create', argv, {
    values: [
      '--name',
      '--description',
      '--vip-subnet-id',
      '--vip-network-id',
      '--vip-address',
      '--project',
      '--provider',
      '--flavor',
      '--availability-zone',
      '--tag',
    ],
    bools: ['--enable', '--disable'],
  });
  const clock = clockOf(ctx);
  const lb = mutate(ctx.stateDir, (state) => {
    requireOctavia(state, clock, ctx.env);
    const os = state.openstack;
    const subnetKey = opt(args, '--vip-subnet-id');
    const subnet = subnetKey
      ? findSdk(os.subnets, subnetKey, 'Subnet')
      : os.subnets.find((s) => s.networkId === opt(args, '--vip-network-id'));
    if (!subnet)
      throw new CliExit(
        'Error: one of --vip-subnet-id, --vip-network-id or --vip-port-id must be provided\n',
        2,
      );
    const created: LoadBalancerState = {
      id: uuid(),
      name: opt(args, '--name') ?? '',
      vipAddress: opt(args, '--vip-address') ?? `192.169.0.${200 + (os.loadbalancers.length % 50)}`,
      vipSubnetId: subnet.id,
      vipNetworkId: subnet.networkId,
      vipPortId: uuid(),
      projectId: os.projects[0]?.id ?? '',
      createdAt: ctx.now,
      description: opt(args, '--description') ?? '',
      tags: args.options.get('--tag') ?? [],
    };
    os.loadbalancers.push(created);
    return created;
  });
  out.stdout += emitShow(lbRecord(lb, clock), args);
  return 0;
}

export async function lbDelete(ctx: CommandContext, argv: string[], _out: Output): Promise<number> {
  const args = osArgs('loadbalancer delete', argv, { bools: ['--cascade'] });
  const clock = clockOf(ctx);
  mutate(ctx.stateDir, (state) => {
    requireOctavia(state, clock, ctx.env);
    const key = args.positionals[0] ?? '';
    const i = state.openstack.loadbalancers.findIndex((l) => l.id === key || l.name === key);
    if (i < 0) throw new CliExit(`Unable to locate ${key} in loadbalancers\n`, 1);
    state.openstack.loadbalancers.splice(i, 1);
  });
  return 0;
}

/** A stable UUID-shaped id for a derived object (pools and members of a Service's load balancer). */
function derivedId(key: string): string {
  return createHash('sha1')
    .update(key)
    .digest('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5');
}

/**
 * The pools cloud-provider-openstack 1.28 makes for a Service: one per port, named
 * `pool_<index>_<lb name>` (`pkg/openstack/loadbalancer.go`), TCP, ROUND_ROBIN, and no health
 * monitor (only with `create-monitor`, which charm-openstack-integrator 1.28 never sets).
 */
function poolsOf(lb: LoadBalancerState): { id: string; name: string; nodePort: number }[] {
  return (lb.nodePorts ?? []).map((nodePort, i) => ({
    id: derivedId(`${lb.id}:pool:${i}`),
    name: `pool_${i}_${lb.name}`,
    nodePort,
  }));
}

/** `openstack loadbalancer pool list` (python-octaviaclient's POOL_COLUMNS). */
export async function poolList(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('loadbalancer pool list', argv, { values: ['--loadbalancer', '--project', '--tags'] });
  const state = load(ctx.stateDir);
  const clock = clockOf(ctx);
  requireOctavia(state, clock, ctx.env);
  const want = opt(args, '--loadbalancer');
  const rows = state.openstack.loadbalancers
    .filter((lb) => !want || lb.id === want || lb.name === want)
    .flatMap((lb) =>
      poolsOf(lb).map((p) => [
        p.id,
        p.name,
        lb.projectId,
        lbStatus(lb, clock).provisioning,
        'TCP',
        'ROUND_ROBIN',
        true,
      ]),
    );
  out.stdout += emitList(
    ['id', 'name', 'project_id', 'provisioning_status', 'protocol', 'lb_algorithm', 'admin_state_up'],
    rows,
    args,
  );
  return 0;
}

/**
 * `openstack loadbalancer member list <pool>` (MEMBER_COLUMNS): every node of the cluster on
 * the Service's NodePort, NO_MONITOR whether or not it answers: there is no health monitor.
 */
export async function memberList(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('loadbalancer member list', argv, { values: ['--name', '--tags'] });
  const key = args.positionals[0];
  if (!key)
    throw new CliExit(
      'openstack loadbalancer member list: error: the following arguments are required: pool\n',
      2,
    );
  const state = load(ctx.stateDir);
  const clock = clockOf(ctx);
  requireOctavia(state, clock, ctx.env);
  const found = state.openstack.loadbalancers
    .flatMap((lb) => poolsOf(lb).map((p) => ({ lb, p })))
    .find(({ p }) => p.id === key || p.name === key);
  if (!found) throw new CliExit(`Unable to locate ${key} in pools\n`, 1);
  const rows = lbMembers(state, found.p.nodePort).map((m) => [
    derivedId(`${found.p.id}:member:${m.machine}`),
    m.hostname,
    found.lb.projectId,
    lbStatus(found.lb, clock).provisioning,
    m.address,
    found.p.nodePort,
    'NO_MONITOR',
    1,
  ]);
  out.stdout += emitList(
    [
      'id',
      'name',
      'project_id',
      'provisioning_status',
      'address',
      'protocol_port',
      'operating_status',
      'weight',
    ],
    rows,
    args,
  );
  return 0;
}

/** `openstack loadbalancer healthmonitor list`: none, the cloud provider creates none. */
export async function healthmonitorList(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('loadbalancer healthmonitor list', argv, { values: ['--project', '--tags'] });
  requireOctavia(load(ctx.stateDir), clockOf(ctx), ctx.env);
  out.stdout += emitList(['id', 'name', 'project_id', 'type', 'admin_state_up'], [], args);
  return 0;
}
