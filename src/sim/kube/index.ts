/**
 * A stand-in for a Kubernetes API server that the real kubectl and @kubernetes/client-node
 * use unmodified: discovery, CRUD, patches, watches, tables and Status errors, with a
 * deployment controller, pods that are real `node` processes, NodePort/LoadBalancer
 * services that are real TCP proxies on loopback, and the workers' ingress-nginx routing
 * networking.k8s.io/v1 Ingresses over HTTP.
 */
import { mkdirSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import http from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiContext } from './api-context.js';
import { ControllerManager } from './controller-manager.js';
import { IngressNginx } from './ingress-nginx.js';
import { writeKubeconfig } from './kubeconfig.js';
import { allocateNodePort } from './node-ports.js';
import { loadSnapshot, persistStore } from './persist.js';
import { PodRuntime } from './pod-runtime.js';
import { resetPodsAfterReload } from './restart.js';
import { handleHttp } from './router.js';
import { seedCluster } from './seed.js';
import { ServiceController } from './service-controller.js';
import { ServiceProxies } from './service-proxy.js';
import { Store } from './store.js';

export interface KubeSimOptions {
  /** Directory for `kubeconfig` and `kube/state.json` (plus pod files under `kube/pods`). */
  stateDir: string;
  /** API port; 0 / undefined = a free port. */
  port?: number;
  /** 1 = real time; 0.05 = 20x faster. Scales delays, back-offs and deadlines (default 1). */
  timeScale?: number;
  /** Maps an image reference to its build context (folder with Dockerfile + server.js); null = not pullable. */
  resolveImage: (image: string) => Promise<{ contextDir: string } | null>;
  /** Whether the cloud can give load balancers now; while false, LoadBalancer services stay `<pending>`. */
  loadBalancerReady: () => boolean | Promise<boolean>;
  /** Per NodePort, whether each pool member of a load balancer lets it in (the cloud's security groups); unset: all do. */
  loadBalancerMembers?: (nodePort: number) => readonly boolean[] | Promise<readonly boolean[]>;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

export interface KubeSim {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** `<stateDir>/kubeconfig`, pointing kubectl and client-node at `url`. */
  kubeconfigPath: string;
  /** Stops controllers, kills every pod process and closes every listener. */
  close(): Promise<void>;
}

/** Path of the preload that gives pods their hostname and port mapping (repo `assets/sim`). */
const PRELOAD = fileURLToPath(new URL('../../../assets/sim/pod-preload.cjs', import.meta.url));

/** Starts the simulated cluster, reloading `<stateDir>/kube/state.json` when present. */
export async function startKubeSim(opts: KubeSimOptions): Promise<KubeSim> {
  const timeScale = opts.timeScale ?? 1;
  const log = opts.log ?? (() => {});
  const dir = join(opts.stateDir, 'kube');
  mkdirSync(dir, { recursive: true });
  const store = new Store();
  const snap = loadSnapshot(dir);
  if (snap) {
    store.restore(snap);
    resetPodsAfterReload(store);
  }
  seedCluster(store);
  const persistence = persistStore(store, dir);

  const hostIP = '127.0.0.1';
  const runtime = new PodRuntime({
    store,
    dir,
    timeScale,
    resolveImage: opts.resolveImage,
    preloadPath: PRELOAD,
    hostIP,
    log,
  });
  const proxies = new ServiceProxies(store, runtime, log);
  const ingress = new IngressNginx({ store, proxies, hostIP, log });
  await ingress.start();
  const services = new ServiceController({
    store,
    proxies,
    timeScale,
    loadBalancerReady: opts.loadBalancerReady,
    loadBalancerMembers: opts.loadBalancerMembers,
    log,
  });
  const controllers = new ControllerManager(store, runtime, services, timeScale, log, [ingress]);

  const watches = new Set<ServerResponse>();
  const ctx: ApiContext = {
    store,
    admission: { store, allocateNodePort },
    podLogPath: (ns, name) => runtime.logPath(ns, name),
    watches,
  };
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => void handleHttp(ctx, req, res));
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  }).catch(async (err: unknown) => {
    await ingress.close();
    throw err;
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const url = `http://127.0.0.1:${port}`;
  const kubeconfigPath = join(opts.stateDir, 'kubeconfig');
  writeKubeconfig(kubeconfigPath, url);
  controllers.start();
  log('kube sim started', { url, stateDir: opts.stateDir });

  let closing: Promise<void> | undefined;
  return {
    url,
    kubeconfigPath,
    close() {
      closing ??= (async () => {
        controllers.stop();
        services.close();
        for (const w of watches) w.end();
        await runtime.close();
        await proxies.close();
        await ingress.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const s of sockets) s.destroy();
        });
        persistence.stop();
        log('kube sim stopped', { url });
      })();
      return closing;
    },
  };
}
