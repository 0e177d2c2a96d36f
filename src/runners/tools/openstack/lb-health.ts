import { Codes, UserError } from '../../../shared/errors.js';
import { list, str } from '../common/rows.js';

/**
 * Octavia's own view of a load balancer: ERROR when it could not build it, pending while it
 * builds, "healthy" once ACTIVE with ONLINE or NO_MONITOR operating status. That is not a
 * verdict on the members: cloud-provider-openstack 1.28 creates a health monitor only with
 * `create-monitor` in its cloud config, which charm-openstack-integrator 1.28 never writes, so
 * members show NO_MONITOR and the load balancer reads ACTIVE/ONLINE even when no member can
 * be reached. Whether it works is judged by requests through it (`/expose loadbalancer`,
 * checkpoint 6); ACTIVE/ERROR only appears where someone added a health monitor.
 */
export type LbVerdict =
  | { state: 'healthy' }
  | { state: 'pending'; provisioning: string; operating: string }
  | { state: 'unhealthy'; provisioning: string; operating: string }
  | { state: 'failed'; provisioning: string; operating: string };

export interface LoadBalancer {
  id: string;
  name: string;
  provisioning: string;
  operating: string;
  vipAddress?: string;
  pools: string[];
  listeners: string[];
  provider?: string;
}

export function parseLoadBalancer(r: Record<string, unknown>): LoadBalancer {
  return {
    id: str(r, 'id') ?? '',
    name: str(r, 'name') ?? '',
    provisioning: str(r, 'provisioning_status') ?? 'UNKNOWN',
    operating: str(r, 'operating_status') ?? 'UNKNOWN',
    vipAddress: str(r, 'vip_address'),
    pools: list(r.pools),
    listeners: list(r.listeners),
    provider: str(r, 'provider'),
  };
}

export function lbVerdict(lb: Pick<LoadBalancer, 'provisioning' | 'operating'>): LbVerdict {
  const { provisioning, operating } = lb;
  if (provisioning === 'ERROR') return { state: 'failed', provisioning, operating };
  if (provisioning.startsWith('PENDING_')) return { state: 'pending', provisioning, operating };
  if (provisioning === 'ACTIVE' && operating === 'ONLINE') return { state: 'healthy' };
  if (provisioning === 'ACTIVE' && operating === 'NO_MONITOR') return { state: 'healthy' };
  if (provisioning === 'ACTIVE' && operating === 'OFFLINE')
    return { state: 'pending', provisioning, operating };
  return { state: 'unhealthy', provisioning, operating };
}

export interface LbMember {
  id: string;
  address?: string;
  port?: number;
  operating: string;
  provisioning: string;
}

export function parseMember(r: Record<string, unknown>): LbMember {
  const port = r.protocol_port;
  return {
    id: str(r, 'id') ?? '',
    address: str(r, 'address'),
    port: typeof port === 'number' ? port : port === undefined ? undefined : Number(port),
    operating: str(r, 'operating_status') ?? 'UNKNOWN',
    provisioning: str(r, 'provisioning_status') ?? 'UNKNOWN',
  };
}

/** The UserError for an LB that is not healthy, naming its members' state and the fix. */
export function lbProblem(lb: LoadBalancer, members: readonly LbMember[]): UserError {
  const v = lbVerdict(lb);
  const who = `load balancer ${lb.name || lb.id} is ${lb.provisioning}/${lb.operating}`;
  const m = members.length
    ? ` Members: ${members.map((x) => `${x.address ?? x.id}:${x.port ?? '?'} ${x.operating}`).join(', ')}.`
    : '';
  if (v.state === 'failed') {
    return new UserError(
      Codes.lbFailed,
      `${who}: Octavia could not build it (amphora image, quota or lb-mgmt network). Check \`openstack loadbalancer amphora list\` and the octavia unit logs.${m}`,
    );
  }
  return new UserError(
    Codes.lbUnhealthy,
    `${who}: the amphora runs but its members fail health checks.${m} The Juju model's security group ` +
      '(`juju-<…model UUID…>`, see `openstack security group list`) does not allow the amphorae to reach the ' +
      'NodePorts on every node (the control plane is a member too): add `openstack security group rule create --ingress ' +
      '--protocol tcp --dst-port 30000:32767 <that group>`, or `juju config openstack-integrator manage-security-groups=true`.',
  );
}
