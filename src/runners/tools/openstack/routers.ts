import { snakeKeys, str } from '../common/rows.js';

/** A Neutron router as `openstack router show -f json` describes it. */
export interface Router {
  id: string;
  name: string;
  status?: string;
  /** The external network of its gateway, when it has one. */
  externalNetworkId?: string;
  /** The gateway's address on the external network. */
  externalIp?: string;
  /** Subnets with an interface on the router (internal networks), and the router's address there. */
  interfaces: { subnetId: string; ip: string }[];
}

/** Older clients print dict and list fields of `show -f json` as JSON text, newer ones as JSON. */
function structured(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** Pure: reads `router show -f json` (fields `external_gateway_info`, `interfaces_info`). */
export function parseRouter(doc: unknown): Router {
  const r = snakeKeys(record(doc));
  const gw = record(structured(r.external_gateway_info));
  const fixed = structured(gw.external_fixed_ips);
  const firstFixed = record(Array.isArray(fixed) ? fixed[0] : undefined);
  const ifaces = structured(r.interfaces_info);
  return {
    id: str(r, 'id') ?? '',
    name: str(r, 'name') ?? '',
    status: str(r, 'status'),
    externalNetworkId: str(gw, 'network_id'),
    externalIp: str(firstFixed, 'ip_address'),
    interfaces: (Array.isArray(ifaces) ? ifaces : []).map((i) => ({
      subnetId: str(record(i), 'subnet_id') ?? '',
      ip: str(record(i), 'ip_address') ?? '',
    })),
  };
}
