import type { Topology, TopologyRouter, WebServerFacts } from '../../../evidence/index.js';
import type { RecipeContext } from '../../context.js';
import type { Network, Router, Subnet } from '../../tools/openstack/index.js';
import { serverIps } from '../webserver/floating-ip.js';
import { SERVER } from '../webserver/instance.js';

/** Pure: `addresses` of `server show` (a dict of lists, or "net=a, b; net2=c") as a dict. */
export function addressMap(addresses: unknown): Record<string, string[]> {
  if (addresses && typeof addresses === 'object' && !Array.isArray(addresses))
    return Object.fromEntries(
      Object.entries(addresses as Record<string, unknown>).map(([k, v]) => [k, serverIps(v)]),
    );
  const out: Record<string, string[]> = {};
  for (const part of String(addresses ?? '').split(';')) {
    const [net, ips] = part.split('=');
    if (net && ips) out[net.trim()] = serverIps(ips);
  }
  return out;
}

/** Pure: group names of `security_groups` (a list of `{name}`, or "name='x'" lines). */
export function groupNames(groups: unknown): string[] {
  if (Array.isArray(groups))
    return groups.map((g) =>
      typeof g === 'object' && g ? String((g as { name?: unknown }).name ?? '') : String(g),
    );
  return [...String(groups ?? '').matchAll(/name='([^']+)'/g)].map((m) => m[1] as string);
}

/**
 * Which addresses are floating IPs: those Neutron lists (`floating ip list`), so an address is
 * recognised whatever pool the external network hands out (the simulated lab mirrors the
 * 172.16.7.x pool into 127.16.7.x, outside the external subnet's CIDR).
 */
async function floatingAddresses(ctx: RecipeContext): Promise<Set<string>> {
  return new Set((await ctx.tools.openstack.floatingIpList()).map((f) => f.address).filter(Boolean));
}

/** The guide's web server: status, floating IP and the TCP ports each of its groups opens. */
export async function webServerFacts(ctx: RecipeContext): Promise<WebServerFacts | null> {
  const os = ctx.tools.openstack;
  const s = await os.serverShow(SERVER);
  if (!s) return null;
  const floating = await floatingAddresses(ctx);
  const groups = [...new Set(groupNames(s.security_groups))];
  const securityGroups = [];
  for (const name of groups) {
    const rules = await os.securityGroupRuleList(name);
    const tcpPorts = rules
      .filter((r) => (r.direction ?? 'ingress') === 'ingress' && r.protocol === 'tcp' && r.ports)
      .map((r) => r.ports as { min: number; max: number });
    securityGroups.push({ name, tcpPorts });
  }
  return {
    name: SERVER,
    status: String(s.status ?? 'UNKNOWN'),
    floatingIp: serverIps(s.addresses).find((ip) => floating.has(ip)),
    securityGroups,
  };
}

/** Networks, routers and instances for the topology view. */
export async function topologyFacts(ctx: RecipeContext): Promise<Topology> {
  const os = ctx.tools.openstack;
  const ext = new Set((await os.networkList({ external: true })).map((n) => n.id));
  const subnets = await os.subnetList();
  const floating = await floatingAddresses(ctx);
  const all = await os.networkList();
  const networks = all.map((n) => ({
    name: n.name || n.id,
    external: ext.has(n.id),
    cidrs: subnets.filter((s) => s.network === n.id).map((s) => s.cidr),
  }));
  const routers = [];
  for (const row of await os.routerList()) {
    const r = await os.routerShow(row.id || row.name);
    if (r) routers.push(routerView(r, all, subnets));
  }
  const servers = [];
  for (const row of await os.serverList()) {
    const s = await os.serverShow(row.id || row.name);
    if (!s) continue;
    const addresses = addressMap(s.addresses);
    servers.push({
      name: String(s.name ?? row.name),
      status: String(s.status ?? row.status ?? '?'),
      addresses,
      floatingIps: Object.values(addresses)
        .flat()
        .filter((ip) => floating.has(ip)),
      securityGroups: groupNames(s.security_groups),
    });
  }
  return { networks, routers, servers };
}

/** Pure: a router as the topology draws it: network names for its gateway and its interfaces' subnets. */
export function routerView(
  r: Router,
  networks: readonly Network[],
  subnets: readonly Subnet[],
): TopologyRouter {
  const netName = (id: string | undefined) => {
    const n = networks.find((x) => x.id === id);
    return n ? n.name || n.id : id;
  };
  const internal = r.interfaces.map((i) => netName(subnets.find((s) => s.id === i.subnetId)?.network));
  return {
    name: r.name || r.id,
    externalNetwork: netName(r.externalNetworkId),
    externalIp: r.externalIp,
    networks: [...new Set(internal.filter((n): n is string => Boolean(n)))],
  };
}
