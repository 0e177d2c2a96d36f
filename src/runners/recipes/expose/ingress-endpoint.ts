import http from 'node:http';
import {
  AppsV1Api,
  type ConfigurationOptions,
  KubeConfig,
  NetworkingV1Api,
  Observable,
  type RequestContext,
  type ResponseContext,
  type V1DaemonSet,
  type V1Ingress,
  type V1IngressClass,
} from '@kubernetes/client-node';
import type { IngressFacts } from '../../../evidence/checkpoints/lab-port.js';
import type { RecipeContext } from '../../context.js';
import { withTimeout } from '../../tools/common/poll.js';
import { type Answer, parseAnswer } from '../common/http-answer.js';

/**
 * Where the workers' ingress controller answers, found the way a student would: its
 * IngressClass and DaemonSet from the API, then an HTTP request to each worker address.
 * The kube adapter has no call for IngressClasses or DaemonSets, so they are read here with
 * @kubernetes/client-node on the same kubeconfig.
 */

/** `spec.controller` of ingress-nginx's IngressClasses. */
export const NGINX_CONTROLLER = 'k8s.io/ingress-nginx';
const DEFAULT_CLASS = 'ingressclass.kubernetes.io/is-default-class';
/** Where ingress-nginx listens when nothing says otherwise (Charmed Kubernetes: hostNetwork, 80). */
const HTTP_PORT = 80;

export interface IngressController {
  /** IngressClasses served by ingress-nginx, the default one first. */
  classes: { name: string; isDefault: boolean }[];
  /** Host ports its DaemonSets listen on for HTTP (empty when none could be read). */
  ports: number[];
}

export interface IngressEndpoint {
  address: string;
  port: number;
}

/** Pure: the HTTP host port of an ingress-nginx DaemonSet (`hostPort`, or the container port on the host network). */
export function daemonSetHttpPort(ds: V1DaemonSet): number | undefined {
  const spec = ds.spec?.template?.spec;
  for (const c of spec?.containers ?? []) {
    const nginx =
      /ingress-nginx|nginx-ingress-controller/.test(c.image ?? '') ||
      (c.args ?? c.command ?? []).some((a) => a.endsWith('/nginx-ingress-controller'));
    if (!nginx) continue;
    const p = c.ports?.find((x) => x.name === 'http') ?? c.ports?.find((x) => x.containerPort === 80);
    const port = p?.hostPort ?? (spec?.hostNetwork ? p?.containerPort : undefined);
    if (port) return port;
  }
  return undefined;
}

/** Pure: what a checkpoint needs to know of an Ingress. */
export function ingressFacts(ing: V1Ingress): IngressFacts {
  const lb = ing.status?.loadBalancer?.ingress ?? [];
  return {
    name: ing.metadata?.name ?? '',
    host: ing.spec?.rules?.[0]?.host,
    className: ing.spec?.ingressClassName,
    addresses: lb.map((i) => i.ip ?? i.hostname).filter((a): a is string => !!a),
    ports: lb.flatMap((i) => (i.ports ?? []).map((p) => p.port)),
  };
}

function apiOptions(signal: AbortSignal): ConfigurationOptions {
  return {
    middleware: [
      {
        pre: (c: RequestContext) => {
          c.setSignal(withTimeout(15_000, signal));
          return new Observable(Promise.resolve(c));
        },
        post: (r: ResponseContext) => new Observable(Promise.resolve(r)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

/** ingress-nginx's IngressClasses and HTTP ports; what cannot be read (RBAC, old cluster) is left empty. */
export async function readIngressController(ctx: RecipeContext): Promise<IngressController> {
  const kc = new KubeConfig();
  kc.loadFromFile(ctx.tools.kubeconfigPath);
  const opts = apiOptions(ctx.signal);
  const [classes, daemonSets] = await Promise.all([
    kc
      .makeApiClient(NetworkingV1Api)
      .listIngressClass({}, opts)
      .then((l) => l.items)
      .catch((): V1IngressClass[] => []),
    kc
      .makeApiClient(AppsV1Api)
      .listDaemonSetForAllNamespaces({}, opts)
      .then((l) => l.items)
      .catch((): V1DaemonSet[] => []),
  ]);
  return {
    classes: classes
      .filter((c) => c.spec?.controller === NGINX_CONTROLLER)
      .map((c) => ({
        name: c.metadata?.name ?? '',
        isDefault: c.metadata?.annotations?.[DEFAULT_CLASS] === 'true',
      }))
      .sort((a, b) => Number(b.isDefault) - Number(a.isDefault)),
    ports: [...new Set(daemonSets.map(daemonSetHttpPort).filter((p): p is number => !!p))],
  };
}

/**
 * One GET `path` on a new connection to `address:port` with the Host header of `host`, as a
 * browser sends it for `http://host[:port]/` (what `curl --resolve` does).
 */
export function getVia(
  address: string,
  port: number,
  host: string | undefined,
  timeoutMs = 3_000,
  signal?: AbortSignal,
): Promise<Answer & { nginx?: boolean }> {
  return new Promise((resolve) => {
    const headers = host ? { host: port === HTTP_PORT ? host : `${host}:${port}` } : undefined;
    const req = http.get(
      { host: address, port, path: '/', headers, agent: false, timeout: timeoutMs, signal },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          if (body.length < 4096) body += c;
        });
        res.on('end', () =>
          resolve({
            ok: (res.statusCode ?? 0) < 400,
            status: res.statusCode,
            body,
            nginx: /<center>nginx(\/[\d.]+)?<\/center>/.test(body),
            ...parseAnswer(body),
          }),
        );
        res.on('error', (e) => resolve({ ok: false, error: e.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => resolve({ ok: false, error: e.message }));
  });
}

/**
 * The first worker address (in the order given: Juju public addresses first) where
 * something answers HTTP on one of `ports`: ingress-nginx answers any request, with its 404
 * page when no rule matches.
 */
export async function findAnswering(
  addresses: readonly string[],
  ports: readonly number[],
  signal?: AbortSignal,
): Promise<IngressEndpoint | undefined> {
  const tries = addresses.flatMap((address) => ports.map((port) => ({ address, port })));
  const answers = await Promise.all(
    tries.map(async (t) => ({ ...t, a: await getVia(t.address, t.port, undefined, 2_000, signal) })),
  );
  const hit = answers.find((t) => t.a.status !== undefined);
  return hit ? { address: hit.address, port: hit.port } : undefined;
}

/** The ports to try: those the controller's DaemonSets publish, else the usual 80. */
export function candidatePorts(controller: IngressController): number[] {
  return controller.ports.length ? controller.ports : [HTTP_PORT];
}

/** `http://host[:port]/`, as a student types it. */
export function ingressUrl(host: string, port: number): string {
  return `http://${host}${port === HTTP_PORT ? '' : `:${port}`}/`;
}
