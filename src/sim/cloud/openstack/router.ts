import { CliExit, type CommandContext, type Output } from '../cli/io.js';
import type { Cell } from '../cli/table.js';
import { isoSeconds } from '../state/clock.js';
import { load } from '../state/store.js';
import type { RouterState } from '../state/types.js';
import { emitList, emitShow, osArgs } from './format.js';
import { findSdk } from './lookup.js';

/** Neutron routers: `router list` and `router show`, read-only (the presets create the lab's router). */

/** `router show -f json` as the real client prints it (fixture `openstack-router-show.json`). */
function routerRecord(r: RouterState): Record<string, Cell> {
  return {
    admin_state_up: true,
    availability_zone_hints: [],
    availability_zones: ['nova'],
    created_at: isoSeconds(r.createdAt),
    description: '',
    enable_ndp_proxy: null,
    external_gateway_info: r.gateway
      ? {
          network_id: r.gateway.networkId,
          enable_snat: true,
          external_fixed_ips: [{ subnet_id: r.gateway.subnetId, ip_address: r.gateway.ip }],
        }
      : null,
    flavor_id: null,
    id: r.id,
    interfaces_info: r.interfaces.map((i) => ({
      port_id: i.portId,
      ip_address: i.ip,
      subnet_id: i.subnetId,
    })),
    name: r.name,
    project_id: r.projectId,
    revision_number: 3,
    routes: [],
    status: 'ACTIVE',
    tags: [],
    tenant_id: r.projectId,
    updated_at: isoSeconds(r.createdAt),
  };
}

export async function routerList(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('router list', argv, {
    values: ['--name', '--project', '--project-domain', '--agent'],
    bools: ['--long', '--enable', '--disable'],
  });
  const routers = load(ctx.stateDir).openstack.routers ?? [];
  out.stdout += emitList(
    ['ID', 'Name', 'Status', 'State', 'Project', 'Distributed', 'HA'],
    routers.map((r) => [r.id, r.name, 'ACTIVE', 'UP', r.projectId, false, false]),
    args,
  );
  return 0;
}

export async function routerShow(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('router show', argv, {});
  const [key] = args.positionals;
  if (!key)
    throw new CliExit(
      'usage: openstack router show [-h] ...\nopenstack router show: error: the following arguments are required: <router>\n',
      2,
    );
  const routers = load(ctx.stateDir).openstack.routers ?? [];
  out.stdout += emitShow(routerRecord(findSdk(routers, key, 'Router')), args);
  return 0;
}
