import { opt } from '../cli/args.js';
import { CliExit, type CommandContext, type Output } from '../cli/io.js';
import type { Cell } from '../cli/table.js';
import { defaultEgress } from '../presets/openstack-cloud.js';
import { isoSeconds } from '../state/clock.js';
import { uuid } from '../state/ids.js';
import { load, mutate } from '../state/store.js';
import type { CloudState, SecurityGroupRuleState, SecurityGroupState } from '../state/types.js';
import { emitList, emitShow, osArgs } from './format.js';
import { ensureJujuGroups } from './lb-members.js';
import { findSdk } from './lookup.js';
import { oscVersion } from './quota.js';

/** Neutron security groups and rules (`security group create/list/show`, `rule create/list`). */

function ruleText(r: SecurityGroupRuleState): string {
  const parts = [
    `created_at='${isoSeconds(Date.now())}'`,
    `direction='${r.direction}'`,
    `ethertype='${r.ethertype}'`,
    `id='${r.id}'`,
  ];
  if (r.portMin !== null) parts.push(`port_range_max='${r.portMax}'`, `port_range_min='${r.portMin}'`);
  if (r.protocol) parts.push(`protocol='${r.protocol}'`);
  if (r.remoteIp) parts.push(`remote_ip_prefix='${r.remoteIp}'`);
  return parts.join(', ');
}

function groupRecord(g: SecurityGroupState): Record<string, Cell> {
  return {
    created_at: isoSeconds(g.createdAt),
    description: g.description,
    id: g.id,
    name: g.name,
    project_id: g.projectId,
    revision_number: g.rules.length,
    rules: g.rules.map(ruleText).join('\n'),
    stateful: true,
    tags: g.tags,
    updated_at: isoSeconds(g.createdAt),
  };
}

function ruleRecord(g: SecurityGroupState, r: SecurityGroupRuleState): Record<string, Cell> {
  return {
    created_at: isoSeconds(g.createdAt),
    description: '',
    direction: r.direction,
    ether_type: r.ethertype,
    id: r.id,
    name: null,
    port_range_max: r.portMax,
    port_range_min: r.portMin,
    project_id: g.projectId,
    protocol: r.protocol,
    remote_address_group_id: null,
    remote_group_id: null,
    remote_ip_prefix: r.remoteIp,
    revision_number: 0,
    security_group_id: g.id,
    tags: [],
    updated_at: isoSeconds(g.createdAt),
  };
}

/**
 * The state as a read sees it, with Juju's groups of the cluster's machines in it (Juju makes
 * them as it provisions the machines). A read never writes cloud.json: the groups are stored
 * by the next change to a group (`ruleCreate`).
 */
function stateWithJujuGroups(ctx: CommandContext): CloudState {
  const state = load(ctx.stateDir);
  const view = structuredClone(state);
  return ensureJujuGroups(view, ctx.now) === 0 ? state : view;
}

export async function sgCreate(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('security group create', argv, {
    values: ['--description', '--project', '--project-domain', '--tag'],
    bools: ['--stateful', '--stateless', '--no-tag'],
  });
  const [name] = args.positionals;
  if (!name)
    throw new CliExit(
      'openstack security group create: error: the following arguments are required: <name>\n',
      2,
    );
  const group = mutate(ctx.stateDir, (state) => {
    const g: SecurityGroupState = {
      id: uuid(),
      name,
      description: opt(args, '--description') ?? name,
      projectId: state.openstack.projects[0]?.id ?? '',
      createdAt: ctx.now,
      rules: defaultEgress(),
      tags: [],
    };
    state.openstack.securityGroups.push(g);
    return g;
  });
  out.stdout += emitShow(groupRecord(group), args);
  return 0;
}

export async function sgList(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('security group list', argv, {
    values: ['--project', '--project-domain', '--tags', '--any-tags'],
    bools: ['--all-projects', '--long'],
  });
  const state = stateWithJujuGroups(ctx);
  const rows = state.openstack.securityGroups.map((g) => [g.id, g.name, g.description, g.projectId, g.tags]);
  out.stdout += emitList(['ID', 'Name', 'Description', 'Project', 'Tags'], rows, args);
  return 0;
}

export async function sgShow(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('security group show', argv, {});
  const state = stateWithJujuGroups(ctx);
  out.stdout += emitShow(
    groupRecord(findSdk(state.openstack.securityGroups, args.positionals[0] ?? '', 'SecurityGroup')),
    args,
  );
  return 0;
}

export async function ruleCreate(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('security group rule create', argv, {
    values: [
      '--protocol',
      '--dst-port',
      '--remote-ip',
      '--remote-group',
      '--ethertype',
      '--description',
      '--icmp-type',
      '--icmp-code',
      '--project',
    ],
    bools: ['--ingress', '--egress'],
    aliases: { '--proto': '--protocol' },
  });
  const [groupKey] = args.positionals;
  if (!groupKey)
    throw new CliExit(
      'openstack security group rule create: error: the following arguments are required: <group>\n',
      2,
    );
  const protocol = opt(args, '--protocol') ?? null;
  const ports = opt(args, '--dst-port');
  const [min, max] = ports ? ports.split(':').map(Number) : [null, null];
  const result = mutate(ctx.stateDir, (state) => {
    ensureJujuGroups(state, ctx.now);
    const g = findSdk(state.openstack.securityGroups, groupKey, 'SecurityGroup');
    const rule: SecurityGroupRuleState = {
      id: uuid(),
      direction: args.options.has('--egress') ? 'egress' : 'ingress',
      ethertype: opt(args, '--ethertype') === 'IPv6' ? 'IPv6' : 'IPv4',
      protocol,
      portMin: min ?? null,
      portMax: max ?? min ?? null,
      remoteIp:
        opt(args, '--remote-ip') ??
        (opt(args, '--remote-group') ? null : opt(args, '--ethertype') === 'IPv6' ? '::/0' : '0.0.0.0/0'),
    };
    const dup = g.rules.find(
      (r) =>
        r.direction === rule.direction &&
        r.ethertype === rule.ethertype &&
        r.protocol === rule.protocol &&
        r.portMin === rule.portMin &&
        r.portMax === rule.portMax &&
        r.remoteIp === rule.remoteIp,
    );
    if (dup) {
      throw new CliExit(
        `Error while executing command: ConflictException: 409, Security group rule already exists. Rule id is ${dup.id}.\n`,
        1,
      );
    }
    g.rules.push(rule);
    return { g, rule };
  });
  out.stdout += emitShow(ruleRecord(result.g, result.rule), args);
  return 0;
}

export async function ruleList(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('security group rule list', argv, {
    values: ['--protocol', '--project', '--ethertype'],
    bools: ['--long', '--ingress', '--egress', '--all-projects'],
    aliases: { '--proto': '--protocol' },
  });
  const state = stateWithJujuGroups(ctx);
  const groups = args.positionals[0]
    ? [findSdk(state.openstack.securityGroups, args.positionals[0], 'SecurityGroup')]
    : state.openstack.securityGroups;
  const rules = groups.flatMap((g) => g.rules);
  const range = (r: SecurityGroupRuleState): string =>
    r.portMin === null ? '' : `${r.portMin}:${r.portMax}`;
  if (oscVersion(state, ctx.env) === 'legacy') {
    const rows = rules.map((r) => [r.id, r.protocol, r.remoteIp, range(r), null]);
    out.stdout += emitList(
      ['ID', 'IP Protocol', 'IP Range', 'Port Range', 'Remote Security Group'],
      rows,
      args,
    );
    return 0;
  }
  const rows = rules.map((r) => [
    r.id,
    r.protocol,
    r.ethertype,
    r.remoteIp,
    range(r),
    r.direction,
    null,
    null,
  ]);
  out.stdout += emitList(
    [
      'ID',
      'IP Protocol',
      'Ethertype',
      'IP Range',
      'Port Range',
      'Direction',
      'Remote Security Group',
      'Remote Address Group',
    ],
    rows,
    args,
  );
  return 0;
}
