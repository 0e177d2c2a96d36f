import { list, snakeKeys, str } from '../common/rows.js';

/**
 * Readers of `openstack … -f json` rows. List output keys rows by column title ("ID",
 * "IP Protocol"), show output by field name ("id", "operating_status"); both are read
 * through snake_case keys so older and newer clients give the same objects.
 */
const rows = (doc: unknown): Record<string, unknown>[] =>
  Array.isArray(doc)
    ? doc.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null).map(snakeKeys)
    : [];

export interface SecurityGroup {
  id: string;
  name: string;
  description?: string;
  project?: string;
}

export function parseSecurityGroups(doc: unknown): SecurityGroup[] {
  return rows(doc).map((r) => ({
    id: str(r, 'id') ?? '',
    name: str(r, 'name') ?? '',
    description: str(r, 'description'),
    project: str(r, 'project', 'project_id', 'tenant_id'),
  }));
}

export interface SecurityGroupRule {
  id: string;
  /** `tcp`, `icmp`…, or null for "any" (the default egress rules). */
  protocol: string | null;
  /** CIDR, null when the rule names a remote group or allows any. */
  remoteIp: string | null;
  /** Inclusive port range; undefined when the rule has none (icmp, any). */
  ports?: { min: number; max: number };
  remoteGroup: string | null;
  direction?: string;
  ethertype?: string;
}

/** Reads `security group rule list -f json` (old columns: IP Protocol, IP Range, Port Range). */
export function parseSecurityGroupRules(doc: unknown): SecurityGroupRule[] {
  return rows(doc).map((r) => {
    const range = str(r, 'port_range') ?? '';
    const pm = /^(\d+):(\d+)$/.exec(range);
    return {
      id: str(r, 'id') ?? '',
      protocol: str(r, 'ip_protocol', 'protocol') ?? null,
      remoteIp: str(r, 'ip_range', 'remote_ip_prefix', 'remote_ip') ?? null,
      ports: pm ? { min: Number(pm[1]), max: Number(pm[2]) } : undefined,
      remoteGroup: str(r, 'remote_security_group', 'remote_group_id') ?? null,
      direction: str(r, 'direction'),
      ethertype: str(r, 'ethertype'),
    };
  });
}

/** True when an ingress rule of `rules` already allows `protocol` on `port` (check-before-act). */
export function ruleAllows(rules: readonly SecurityGroupRule[], protocol: string, port?: number): boolean {
  return rules.some(
    (r) =>
      (r.direction === undefined || r.direction === 'ingress') &&
      r.protocol === protocol &&
      (port === undefined
        ? r.ports === undefined
        : r.ports !== undefined && r.ports.min <= port && port <= r.ports.max),
  );
}

export interface Network {
  id: string;
  name: string;
  subnets: string[];
}

export function parseNetworks(doc: unknown): Network[] {
  return rows(doc).map((r) => ({
    id: str(r, 'id') ?? '',
    name: str(r, 'name') ?? '',
    subnets: list(r.subnets),
  }));
}

export interface Subnet {
  id: string;
  name: string;
  network: string;
  cidr: string;
}

export function parseSubnets(doc: unknown): Subnet[] {
  return rows(doc).map((r) => ({
    id: str(r, 'id') ?? '',
    name: str(r, 'name') ?? '',
    network: str(r, 'network', 'network_id') ?? '',
    cidr: str(r, 'subnet', 'cidr') ?? '',
  }));
}

/** Generic `{id, name, status?}` rows: servers, images, services, load balancers. */
export interface NamedRow {
  id: string;
  name: string;
  status?: string;
  raw: Record<string, unknown>;
}

export function parseNamedRows(doc: unknown): NamedRow[] {
  return rows(doc).map((r) => ({
    id: str(r, 'id') ?? '',
    name: str(r, 'name') ?? '',
    status: str(r, 'status', 'provisioning_status'),
    raw: r,
  }));
}

/** A `show -f json` object with snake_case keys. */
export function parseShow(doc: unknown): Record<string, unknown> {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('show: not an object');
  return snakeKeys(doc as Record<string, unknown>);
}

/** One row of `openstack floating ip list`. */
export interface FloatingIp {
  id: string;
  address: string;
  /** The fixed (internal) address it is mapped to; empty when unattached. */
  fixedAddress: string;
  port: string;
}

/** Reads `floating ip list -f json` (columns "Floating IP Address", "Fixed IP Address", "Port"). */
export function parseFloatingIps(doc: unknown): FloatingIp[] {
  return rows(doc).map((r) => ({
    id: str(r, 'id') ?? '',
    address: str(r, 'floating_ip_address') ?? '',
    fixedAddress: str(r, 'fixed_ip_address') ?? '',
    port: str(r, 'port', 'port_id') ?? '',
  }));
}

/** One row of `openstack role assignment list --names` (`name@domain` for user and project). */
export interface RoleAssignment {
  role: string;
  user: string;
  project: string;
}

export function parseRoleAssignments(doc: unknown): RoleAssignment[] {
  return rows(doc).map((r) => ({
    role: str(r, 'role') ?? '',
    user: str(r, 'user') ?? '',
    project: str(r, 'project') ?? '',
  }));
}
