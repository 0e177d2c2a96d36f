import type { V1Service } from '@kubernetes/client-node';

/**
 * Where a `type: LoadBalancer` Service answers: `.status.loadBalancer.ingress[0]` holds an
 * `ip` (Octavia floating IP) or a `hostname` (some clouds); `{}` means `<pending>`.
 */
export type LbIngress =
  | { state: 'pending' }
  | {
      state: 'ready';
      address: string;
      ip?: string;
      hostname?: string;
      ports: { port: number; nodePort?: number }[];
    }
  | { state: 'not-load-balancer'; type: string };

export function lbIngress(svc: V1Service): LbIngress {
  const type = svc.spec?.type ?? 'ClusterIP';
  if (type !== 'LoadBalancer') return { state: 'not-load-balancer', type };
  const first = svc.status?.loadBalancer?.ingress?.find((i) => i.ip || i.hostname);
  if (!first) return { state: 'pending' };
  const address = (first.ip ?? first.hostname) as string;
  return {
    state: 'ready',
    address,
    ip: first.ip,
    hostname: first.hostname,
    ports: (svc.spec?.ports ?? []).map((p) => ({ port: p.port, nodePort: p.nodePort })),
  };
}
