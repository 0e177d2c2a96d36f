import type { Topology, WebServerFacts } from '../../../evidence/index.js';
import type { RecipeContext } from '../../context.js';
import { labTools } from '../../lab-tools.js';
import type { Subnet } from '../../tools/openstack/index.js';
import { inCidr, serverIps } from '../webserver/floating-ip.js';
import { SERVER } from '../webserver/instance.js';

/** Pure: the addresses of `ips` that lie in one of `cidrs` (floating IPs, when those are the external subnets). */
export const within = (ips: readonly string[], cidrs: readonly string[]) =>
  ips.filter((ip) => cidrs.some((c) => inCidr(ip, c)));

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

async function externalCidrs(
  ctx: RecipeContext,
): Promise<{ ext: Set<string>; subnets: Subnet[]; cidrs: string[] }> {
  const os = labTools(ctx).openstack;
  const ext = new Set((await os.networkList({ external: true })).map((n) => n.id));
  const subnets = await os.subnetList();
  return { ext, subnets, cidrs: subnets.filter((s) => ext.has(s.network)).map((s) => s.cidr) };
}

/** The guide's web server: status, floating IP and the TCP ports each of its groups opens. */
export async function webServerFacts(ctx: RecipeContext): Promise<WebServerFacts | null> {
  const os = labTools(ctx).openstack;
  const s = await os.serverShow(SERVER);
  if (!s) return null;
  const { cidrs } = await externalCidrs(ctx);
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
    floatingIp: within(serverIps(s.addresses), cidrs)[0],
    securityGroups,
  };
}

/** Networks and instances for the topology view (routers when the client lists them). */
export async function topologyFacts(ctx: RecipeContext): Promise<Topology> {
  const os = labTools(ctx).openstack;
  const { ext, subnets, cidrs } = await externalCidrs(ctx);
  const networks = (await os.networkList()).map((n) => ({
    name: n.name || n.id,
    external: ext.has(n.id),
    cidrs: subnets.filter((s) => s.network === n.id).map((s) => s.cidr),
  }));
  const servers = [];
  for (const row of await os.serverList()) {
    const s = await os.serverShow(row.id || row.name);
    if (!s) continue;
    const addresses = addressMap(s.addresses);
    servers.push({
      name: String(s.name ?? row.name),
      status: String(s.status ?? row.status ?? '?'),
      addresses,
      floatingIps: within(Object.values(addresses).flat(), cidrs),
      securityGroups: groupNames(s.security_groups),
    });
  }
  return { networks, routers: [], servers };
}
