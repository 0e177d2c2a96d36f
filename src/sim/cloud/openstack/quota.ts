import { opt } from '../cli/args.js';
import { CliExit, type CommandContext, type Output } from '../cli/io.js';
import type { Cell } from '../cli/table.js';
import { DEFAULT_QUOTAS } from '../presets/openstack-cloud.js';
import { load, mutate } from '../state/store.js';
import type { CloudState } from '../state/types.js';
import { emitList, emitShow, osArgs } from './format.js';
import { findProject } from './lookup.js';

/**
 * `openstack quota set --cores N --instances N <project>` and `openstack quota show <project>`.
 * The JSON of `quota show` changed in python-openstackclient 6: a flat dict before
 * (fixture openstack-quota-show-legacy-dict.json), a list of {Resource, Limit} since
 * (openstack-quota-show-osc6-list.json). Env `LABOPS_SIM_OSC_VERSION=legacy|osc6` or the
 * state's `openstack.oscVersion` picks one; osc6 by default.
 */

/** quota set option → quota key */
const SET_OPTIONS: Record<string, string> = {
  '--cores': 'cores',
  '--instances': 'instances',
  '--ram': 'ram',
  '--floating-ips': 'floating-ips',
  '--secgroups': 'secgroups',
  '--secgroup-rules': 'secgroup-rules',
  '--volumes': 'volumes',
  '--gigabytes': 'gigabytes',
  '--snapshots': 'snapshots',
  '--backups': 'backups',
  '--backup-gigabytes': 'backup-gigabytes',
  '--ports': 'ports',
  '--networks': 'networks',
  '--subnets': 'subnets',
  '--routers': 'routers',
  '--key-pairs': 'key-pairs',
  '--server-groups': 'server-groups',
  '--server-group-members': 'server-group-members',
  '--properties': 'properties',
  '--injected-files': 'injected-files',
  '--injected-file-size': 'injected-file-size',
  '--rbac-policies': 'rbac_policies',
  '--subnetpools': 'subnet_pools',
  '--per-volume-gigabytes': 'per-volume-gigabytes',
  '--fixed-ips': 'fixed-ips',
};

export function oscVersion(state: CloudState, env: NodeJS.ProcessEnv): 'legacy' | 'osc6' {
  const v = env.LABOPS_SIM_OSC_VERSION ?? state.openstack.oscVersion;
  return v === 'legacy' ? 'legacy' : 'osc6';
}

export async function quotaSet(ctx: CommandContext, argv: string[], _out: Output): Promise<number> {
  const args = osArgs('quota set', argv, {
    values: [...Object.keys(SET_OPTIONS), '--class', '--volume-type'],
    bools: ['--force', '--no-force', '--check-limit'],
  });
  const [key] = args.positionals;
  if (!key)
    throw new CliExit(
      'usage: openstack quota set [-h] ... <project/class>\nopenstack quota set: error: the following arguments are required: <project/class>\n',
      2,
    );
  mutate(ctx.stateDir, (state) => {
    const project = findProject(state.openstack, key);
    const quotas = state.openstack.quotas[project.id] ?? { ...DEFAULT_QUOTAS };
    for (const [flag, name] of Object.entries(SET_OPTIONS)) {
      const v = opt(args, flag);
      if (v === undefined) continue;
      const n = Number(v);
      if (!Number.isInteger(n))
        throw new CliExit(`openstack quota set: error: argument ${flag}: invalid int value: '${v}'\n`, 2);
      quotas[name] = n;
    }
    state.openstack.quotas[project.id] = quotas;
  });
  return 0;
}

export async function quotaShow(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('quota show', argv, {
    bools: ['--default', '--usage', '--compute', '--volume', '--network', '--all'],
  });
  const state = load(ctx.stateDir);
  const os = state.openstack;
  const project = args.positionals[0] ? findProject(os, args.positionals[0]) : os.projects[0];
  if (!project) throw new CliExit('No project found\n', 1);
  const quotas = args.options.has('--default') ? DEFAULT_QUOTAS : (os.quotas[project.id] ?? DEFAULT_QUOTAS);
  const keys = Object.keys(quotas).sort();
  if (oscVersion(state, ctx.env) === 'osc6') {
    out.stdout += emitList(
      ['Resource', 'Limit'],
      keys.map((k) => [k, quotas[k] ?? 0]),
      args,
    );
    return 0;
  }
  const record: Record<string, Cell> = {};
  for (const k of keys) record[k] = quotas[k] ?? 0;
  record.location = {
    cloud: ctx.env.OS_CLOUD ?? '',
    region_name: ctx.env.OS_REGION_NAME ?? 'RegionOne',
    zone: null,
    project: {
      id: project.id,
      name: project.name,
      domain_id: project.domainId,
      domain_name: project.domainName,
    },
  };
  record.project = project.id;
  record.project_name = project.name;
  const sorted = Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k] ?? null]),
  );
  out.stdout += emitShow(sorted, args);
  return 0;
}
