/**
 * Service networking: which listeners the proxies keep open (node ports on 127.0.0.1, load
 * balancer IPs 127.0.0.2, 127.0.0.3, …) and the load balancer provisioning that fills
 * `status.loadBalancer.ingress` once the cloud says load balancers work.
 */
import net from 'node:net';
import { findResource, type ResourceDef } from './resources.js';
import type { ListenerSpec, ServiceProxies } from './service-proxy.js';
import type { Store } from './store.js';
import type { Service } from './types.js';

const SVC_DEF = findResource('', 'v1', 'services') as ResourceDef;

export interface ServiceControllerOptions {
  store: Store;
  proxies: ServiceProxies;
  timeScale: number;
  loadBalancerReady: () => boolean | Promise<boolean>;
  /** Per NodePort, whether each pool member lets the load balancer in (the cloud's security groups); unset: all do. */
  loadBalancerMembers?: (nodePort: number) => readonly boolean[] | Promise<readonly boolean[]>;
  log: (msg: string, fields?: Record<string, unknown>) => void;
}

function canBind(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/** Provisions load balancers and tells the proxies which listeners to keep. */
export class ServiceController {
  private readonly provisioning = new Set<string>();
  private closed = false;
  private membersAt = 0;
  private refreshing = false;
  constructor(private readonly o: ServiceControllerOptions) {}

  /** One pass over all services. */
  sync(): void {
    const wanted: ListenerSpec[] = [];
    for (const svc of this.o.store.list(SVC_DEF) as Service[]) {
      const { type, ports } = svc.spec;
      const ns = svc.metadata.namespace ?? 'default';
      if (type !== 'NodePort' && type !== 'LoadBalancer') continue;
      for (const p of ports)
        if (p.nodePort)
          wanted.push({
            host: '127.0.0.1',
            port: p.nodePort,
            ns,
            svc: svc.metadata.name,
            servicePort: p.port,
          });
      if (type !== 'LoadBalancer') continue;
      const ip = svc.status?.loadBalancer.ingress?.[0]?.ip;
      if (ip)
        for (const p of ports)
          wanted.push({
            host: ip,
            port: p.port,
            ns,
            svc: svc.metadata.name,
            servicePort: p.port,
            nodePort: p.nodePort,
          });
      else void this.provision(svc);
    }
    this.o.proxies.sync(wanted);
    void this.refreshMembers(
      wanted.flatMap((w) => (w.nodePort && w.host !== '127.0.0.1' ? [w.nodePort] : [])),
    );
  }

  /** Asks the cloud which members answer on each load balancer's NodePort (at most every 300 ms). */
  private async refreshMembers(nodePorts: number[]): Promise<void> {
    const ask = this.o.loadBalancerMembers;
    if (!ask || !nodePorts.length || this.refreshing || Date.now() - this.membersAt < 300) return;
    this.refreshing = true;
    try {
      for (const np of new Set(nodePorts)) this.o.proxies.setMembers(np, await ask(np));
    } catch (err) {
      this.o.log('load balancer members not read', { err: String(err) });
    } finally {
      this.membersAt = Date.now();
      this.refreshing = false;
    }
  }

  /** Stops provisioning (pending timers finish without writing). */
  close(): void {
    this.closed = true;
  }

  private async provision(svc: Service): Promise<void> {
    const uid = svc.metadata.uid;
    if (this.provisioning.has(uid) || this.closed) return;
    this.provisioning.add(uid);
    try {
      if (!(await this.o.loadBalancerReady())) return;
      await new Promise((r) => setTimeout(r, Math.max(50, 3000 * this.o.timeScale)));
      if (this.closed) return;
      let ip: string | undefined;
      const offset = lbAddressOffset(process.env);
      for (let i = 0; i < 250 && !ip; i++) {
        const n = this.o.store.next('loadBalancerIP', 2);
        const candidate = `127.0.0.${((n - 2 + offset) % 250) + 2}`;
        const ok = await Promise.all(svc.spec.ports.map((p) => canBind(candidate, p.port)));
        if (ok.every(Boolean)) ip = candidate;
      }
      const cur = this.o.store.get(SVC_DEF, svc.metadata.namespace, svc.metadata.name) as Service | undefined;
      if (!ip || !cur || cur.metadata.uid !== uid || cur.spec.type !== 'LoadBalancer' || this.closed) return;
      cur.status = { loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } };
      this.o.store.update(SVC_DEF, cur);
      this.o.log('load balancer provisioned', { service: cur.metadata.name, ip });
    } finally {
      this.provisioning.delete(uid);
    }
  }
}

/**
 * Where a lab's load-balancer addresses start in 127.0.0.2–251: 0 for the default floating
 * block (16), elsewhere spread by the lab's block (LABOPS_SIM_FLOATING_NET), so labs serving
 * side by side on one machine do not reach for the same address first.
 */
export function lbAddressOffset(env: NodeJS.ProcessEnv): number {
  const block = Number(env.LABOPS_SIM_FLOATING_NET ?? 16);
  return Number.isInteger(block) && block >= 1 && block <= 254
    ? ((((block - 16) * 37) % 250) + 250) % 250
    : 0;
}
