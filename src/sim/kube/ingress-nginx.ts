/**
 * The ingress controller Charmed Kubernetes runs on its workers (kubernetes-worker's
 * `ingress` option, on by default): ingress-nginx as a DaemonSet in namespace
 * `ingress-nginx-kubernetes-worker` with `hostNetwork: true`, answering HTTP on the worker's
 * own address, plus the default IngressClass `nginx-ingress-controller`
 * (charmed-kubernetes/charm-kubernetes-worker `templates/ingress-daemon-set.yaml`).
 *
 * On the simulated lab the worker is this machine: the controller listens on the node's
 * address (127.0.0.1) at a port the stand-in allocates, since port 80 is neither free nor
 * ours to take. The port is published the way the sim publishes NodePorts and load balancer
 * addresses, in the API: in the DaemonSet (`--http-port=<port>` and the `http` container
 * port with `hostPort`, as ingress-nginx is configured to listen elsewhere than 80) and in
 * each served Ingress's `status.loadBalancer.ingress[].ports`, next to the worker address
 * the real controller writes there. It survives restarts (store counter `ingressHttpPort`).
 *
 * Requests are routed by the networking.k8s.io/v1 rules (ingress-routing.ts) to the Ready
 * pods behind the Service (the same endpoints the service proxies use), round-robin per
 * request, with nginx's own pages when nothing matches or nothing can answer
 * (ingress-pages.ts). TLS (443) is not simulated.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import {
  APP,
  INGRESS_CLASS,
  INGRESS_DAEMONSET,
  INGRESS_NAMESPACE,
  ingressDaemonSet,
  LABELS,
  workerAddress,
} from './ingress-charm.js';
import { nginxErrorPage } from './ingress-pages.js';
import {
  DEFAULT_CLASS_ANNOTATION,
  NGINX_CONTROLLER,
  requestHost,
  routeRequest,
  servedByNginx,
} from './ingress-routing.js';
import { findResource, type ResourceDef } from './resources.js';
import { NODE_NAME } from './seed.js';
import type { ServiceProxies } from './service-proxy.js';
import type { Store } from './store.js';
import type { Ingress, IngressClass, IngressLoadBalancerIngress, Service } from './types.js';

const ING_DEF = findResource('networking.k8s.io', 'v1', 'ingresses') as ResourceDef;
const CLASS_DEF = findResource('networking.k8s.io', 'v1', 'ingressclasses') as ResourceDef;
const DS_DEF = findResource('apps', 'v1', 'daemonsets') as ResourceDef;
const NS_DEF = findResource('', 'v1', 'namespaces') as ResourceDef;
const NODE_DEF = findResource('', 'v1', 'nodes') as ResourceDef;
const SVC_DEF = findResource('', 'v1', 'services') as ResourceDef;

export { INGRESS_CLASS, INGRESS_DAEMONSET, INGRESS_NAMESPACE } from './ingress-charm.js';

const PORT_COUNTER = 'ingressHttpPort';
/** ingress-nginx's defaults: proxy-read-timeout 60 s, proxy-next-upstream-tries 3. */
const READ_TIMEOUT_MS = 60_000;
const TRIES = 3;
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

export interface IngressNginxOptions {
  store: Store;
  /** Endpoints of a service port (Ready pods' loopback ports). */
  proxies: Pick<ServiceProxies, 'backends'>;
  /** The node's address, where the controller's host network listens. */
  hostIP: string;
  log: (msg: string, fields?: Record<string, unknown>) => void;
}

function listen(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : port);
    });
  });
}

/** The worker's ingress-nginx: an HTTP listener, its API objects and the Ingress statuses. */
export class IngressNginx {
  private server?: http.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly rr = new Map<string, number>();
  /** Port of the HTTP listener (0 until started). */
  port = 0;

  constructor(private readonly o: IngressNginxOptions) {}

  /** Binds the listener (the port of the last run when it is still free) and seeds its objects. */
  async start(): Promise<void> {
    const wanted = this.o.store.counters[PORT_COUNTER] ?? 0;
    for (const port of wanted ? [wanted, 0] : [0]) {
      const server = http.createServer((req, res) => this.handle(req, res));
      // ingress-nginx's `keep-alive: 75` (seconds) for client connections.
      server.keepAliveTimeout = 75_000;
      server.on('connection', (s) => {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
      });
      try {
        this.port = await listen(server, this.o.hostIP, port);
        this.server = server;
        break;
      } catch (err) {
        this.o.log('ingress controller port taken', { port, err: String(err) });
      }
    }
    if (!this.server) throw new Error('the ingress controller could not listen');
    this.o.store.counters[PORT_COUNTER] = this.port;
    this.seed();
    this.o.log('ingress controller listening', { address: `${this.o.hostIP}:${this.port}` });
  }

  /** Writes the served Ingresses' status (worker address and port); clears it on those no longer served. */
  sync(): void {
    if (!this.port) return;
    const classes = this.o.store.list(CLASS_DEF) as IngressClass[];
    const ours: IngressLoadBalancerIngress[] = [
      {
        ip: workerAddress(this.o.store, this.o.hostIP),
        ...(this.port === 80 ? {} : { ports: [{ port: this.port, protocol: 'TCP' }] }),
      },
    ];
    for (const ing of this.o.store.list(ING_DEF) as Ingress[]) {
      const current = ing.status?.loadBalancer?.ingress ?? [];
      const served = servedByNginx(ing, classes);
      const want = served ? ours : JSON.stringify(current) === JSON.stringify(ours) ? [] : current;
      if (JSON.stringify(current) === JSON.stringify(want)) continue;
      ing.status = { loadBalancer: want.length ? { ingress: want } : {} };
      this.o.store.update(ING_DEF, ing);
    }
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }

  /** The charm's objects: namespace, IngressClass (default), DaemonSet; the node's Juju label. */
  private seed(): void {
    const { store } = this.o;
    const blank = { uid: '', resourceVersion: '', creationTimestamp: '' };
    if (!store.get(NS_DEF, undefined, INGRESS_NAMESPACE))
      store.create(NS_DEF, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: INGRESS_NAMESPACE,
          ...blank,
          labels: { [`cdk-${APP}-ingress`]: 'true', 'kubernetes.io/metadata.name': INGRESS_NAMESPACE },
        },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      });
    if (!store.get(CLASS_DEF, undefined, INGRESS_CLASS))
      store.create(CLASS_DEF, {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'IngressClass',
        metadata: {
          name: INGRESS_CLASS,
          ...blank,
          generation: 1,
          labels: { ...LABELS, [`cdk-${APP}-ingress`]: 'true' },
          annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' },
        },
        spec: { controller: NGINX_CONTROLLER },
      });
    const ds = store.get(DS_DEF, INGRESS_NAMESPACE, INGRESS_DAEMONSET);
    const want = ingressDaemonSet(this.port);
    if (!ds) store.create(DS_DEF, { ...want, metadata: { ...want.metadata, ...blank } });
    else if (JSON.stringify(ds.spec) !== JSON.stringify(want.spec)) {
      const generation = (ds.metadata.generation ?? 1) + 1;
      store.update(DS_DEF, {
        ...ds,
        metadata: { ...ds.metadata, generation },
        spec: want.spec,
        status: { ...(want.status as object), observedGeneration: generation },
      });
    }
    const node = store.get(NODE_DEF, undefined, NODE_NAME);
    if (node && node.metadata.labels?.['juju-application'] !== APP)
      store.update(NODE_DEF, {
        ...node,
        metadata: { ...node.metadata, labels: { ...node.metadata.labels, 'juju-application': APP } },
      });
  }

  private page(res: http.ServerResponse, status: 404 | 502 | 503 | 504): void {
    const body = nginxErrorPage(status);
    res.writeHead(status, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    req.on('error', () => res.destroy());
    let path = '/';
    try {
      path = new URL(req.url ?? '/', 'http://ingress').pathname;
    } catch {
      // nginx would answer 400; the guide's clients never send such a URL.
    }
    const classes = this.o.store.list(CLASS_DEF) as IngressClass[];
    const served = (this.o.store.list(ING_DEF) as Ingress[]).filter((i) => servedByNginx(i, classes));
    const route = routeRequest(served, requestHost(req.headers.host), path);
    const backend = route?.backend.service;
    if (!route || !backend) {
      req.resume();
      this.page(res, 404);
      return;
    }
    const svc = this.o.store.get(SVC_DEF, route.ns, backend.name) as Service | undefined;
    const want = backend.port ?? {};
    const sp = svc?.spec.ports.find((p) => (want.number ? p.port === want.number : p.name === want.name));
    const ports = svc && sp ? this.o.proxies.backends(route.ns, svc.metadata.name, sp.port) : [];
    if (!ports.length) {
      req.resume();
      this.page(res, 503);
      return;
    }
    const key = `${route.ns}/${backend.name}:${sp?.port}`;
    const start = this.rr.get(key) ?? 0;
    this.rr.set(key, start + 1);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => this.forward(req, res, Buffer.concat(chunks), ports, start, 0));
  }

  /** Proxies to one endpoint; on a connection error, tries the next (up to 3), then 502. */
  private forward(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: Buffer,
    ports: number[],
    start: number,
    attempt: number,
  ): void {
    const port = ports[(start + attempt) % ports.length] as number;
    const remote = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers))
      if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = v;
    Object.assign(headers, {
      'x-request-id': randomBytes(16).toString('hex'),
      'x-real-ip': remote,
      'x-forwarded-for': remote,
      'x-forwarded-host': req.headers.host ?? '',
      'x-forwarded-port': String(this.port),
      'x-forwarded-proto': 'http',
      'x-forwarded-scheme': 'http',
      'x-scheme': 'http',
      connection: 'close',
    });
    if (body.length || req.headers['content-length'] !== undefined) headers['content-length'] = body.length;
    const up = http.request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent: false },
      (upRes) => {
        const out: http.OutgoingHttpHeaders = {};
        for (const [k, v] of Object.entries(upRes.headers))
          if (!HOP_BY_HOP.has(k) && k !== 'server' && v !== undefined) out[k] = v;
        res.writeHead(upRes.statusCode ?? 502, out);
        upRes.pipe(res);
        upRes.on('error', () => res.destroy());
      },
    );
    let timedOut = false;
    up.setTimeout(READ_TIMEOUT_MS, () => {
      timedOut = true;
      up.destroy();
      if (!res.headersSent) this.page(res, 504);
    });
    res.on('close', () => up.destroy());
    up.on('error', () => {
      if (timedOut) return;
      if (res.headersSent) return void res.destroy();
      if (attempt + 1 < Math.min(TRIES, ports.length))
        return this.forward(req, res, body, ports, start, attempt + 1);
      this.page(res, 502);
    });
    up.end(body);
  }
}
