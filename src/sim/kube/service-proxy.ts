/**
 * NodePort and LoadBalancer services as real TCP proxies: each listener spreads new
 * connections round-robin over the Ready pods of the service's selector, skipping pods that
 * are gone or terminating.
 */
import net from 'node:net';
import type { PodRuntime } from './pod-runtime.js';
import { findResource, type ResourceDef } from './resources.js';
import type { Store } from './store.js';
import type { Pod, Service, ServicePort } from './types.js';

const POD_DEF = findResource('', 'v1', 'pods') as ResourceDef;
const SVC_DEF = findResource('', 'v1', 'services') as ResourceDef;

interface Listener {
  server: net.Server;
  ns: string;
  svc: string;
  port: number;
  listening: boolean;
  sockets: Set<net.Socket>;
  nodePort?: number;
}

/** One wanted listener: address and the service port it serves. */
export interface ListenerSpec {
  host: string;
  port: number;
  ns: string;
  svc: string;
  /** `spec.ports[].port` of the service. */
  servicePort: number;
  /** For a load balancer's listener: the NodePort its pool members are reached on. */
  nodePort?: number;
}

/** Keeps one TCP listener per wanted (host, port) and routes its connections. */
export class ServiceProxies {
  private readonly listeners = new Map<string, Listener>();
  private readonly rr = new Map<string, number>();
  /** Per NodePort: whether each pool member (cluster machine) lets the load balancer in. */
  private readonly members = new Map<number, readonly boolean[]>();
  constructor(
    private readonly store: Store,
    private readonly runtime: PodRuntime,
    private readonly log: (msg: string, fields?: Record<string, unknown>) => void,
  ) {}

  /** Whether a listener for host:port is up. */
  isListening(host: string, port: number): boolean {
    return this.listeners.get(`${host}:${port}`)?.listening ?? false;
  }

  /** Records which pool members answer on `nodePort` (empty: no cloud view, every connection goes through). */
  setMembers(nodePort: number, open: readonly boolean[]): void {
    this.members.set(nodePort, open);
  }

  /** Opens missing listeners and closes unwanted ones. */
  sync(wanted: ListenerSpec[]): void {
    const keys = new Set(wanted.map((w) => `${w.host}:${w.port}`));
    for (const [key, l] of this.listeners) {
      if (!keys.has(key)) {
        l.server.close();
        this.listeners.delete(key);
      }
    }
    for (const w of wanted) {
      const key = `${w.host}:${w.port}`;
      const cur = this.listeners.get(key);
      if (cur) {
        cur.ns = w.ns;
        cur.svc = w.svc;
        cur.port = w.servicePort;
        cur.nodePort = w.nodePort;
        continue;
      }
      const l: Listener = {
        server: net.createServer((sock) => this.route(l, sock)),
        ns: w.ns,
        svc: w.svc,
        port: w.servicePort,
        listening: false,
        sockets: new Set(),
        nodePort: w.nodePort,
      };
      this.listeners.set(key, l);
      l.server.on('error', (err) => {
        this.log('service listener failed', { address: key, err: String(err) });
        // Forget it so a later sync retries the bind.
        if (this.listeners.get(key) === l) this.listeners.delete(key);
      });
      l.server.listen(w.port, w.host, () => {
        l.listening = true;
      });
    }
  }

  /** Backends of a service port: loopback ports of Ready pods, ordered by pod name. */
  backends(ns: string, svcName: string, servicePort: number): number[] {
    const svc = this.store.get(SVC_DEF, ns, svcName) as Service | undefined;
    if (!svc?.spec.selector || Object.keys(svc.spec.selector).length === 0) return [];
    const sp = svc.spec.ports.find((p) => p.port === servicePort);
    if (!sp) return [];
    const sel = svc.spec.selector;
    const out: number[] = [];
    for (const pod of this.store.list(POD_DEF, ns) as Pod[]) {
      if (pod.metadata.deletionTimestamp) continue;
      const labels = pod.metadata.labels ?? {};
      if (!Object.entries(sel).every(([k, v]) => labels[k] === v)) continue;
      const target = targetContainerPort(pod, sp);
      const port = target === undefined ? undefined : this.runtime.endpoint(pod.metadata.uid, target);
      if (port) out.push(port);
    }
    return out;
  }

  private route(l: Listener, client: net.Socket): void {
    const key = `${l.ns}/${l.svc}:${l.port}`;
    const ports = this.backends(l.ns, l.svc, l.port);
    client.on('error', () => client.destroy());
    l.sockets.add(client);
    client.on('close', () => l.sockets.delete(client));
    if (ports.length === 0 || this.memberClosed(l)) {
      client.destroy();
      return;
    }
    const start = this.rr.get(key) ?? 0;
    this.rr.set(key, start + 1);
    const attempt = (i: number): void => {
      if (i >= ports.length) {
        client.destroy();
        return;
      }
      const port = ports[(start + i) % ports.length] as number;
      const upstream = net.connect({ host: '127.0.0.1', port });
      l.sockets.add(upstream);
      upstream.on('close', () => l.sockets.delete(upstream));
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        upstream.on('error', () => client.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      upstream.once('error', () => attempt(i + 1));
    };
    attempt(0);
  }

  /**
   * Round-robin over the pool members, as the amphora's haproxy does without a health monitor:
   * a member whose security group drops the NodePort is still chosen, and the client's
   * connection is closed without an answer.
   */
  private memberClosed(l: Listener): boolean {
    const open = l.nodePort === undefined ? undefined : this.members.get(l.nodePort);
    if (!open?.length) return false;
    const key = `member:${l.nodePort}`;
    const i = this.rr.get(key) ?? 0;
    this.rr.set(key, i + 1);
    return !open[i % open.length];
  }

  /** Closes every listener. */
  async close(): Promise<void> {
    const all = [...this.listeners.values()];
    this.listeners.clear();
    await Promise.all(
      all.map(
        (l) =>
          new Promise<void>((resolve) => {
            if (!l.listening) resolve();
            l.server.close(() => resolve());
            // close() waits for open connections; end them so shutdown is prompt.
            for (const s of l.sockets) s.destroy();
          }),
      ),
    );
  }
}

/** The container port a service port targets on a pod (number, or a named container port). */
export function targetContainerPort(pod: Pod, sp: ServicePort): number | undefined {
  if (typeof sp.targetPort === 'number') return sp.targetPort;
  if (/^\d+$/.test(sp.targetPort)) return Number(sp.targetPort);
  for (const c of pod.spec.containers)
    for (const p of c.ports ?? []) if (p.name === sp.targetPort) return p.containerPort;
  return undefined;
}
