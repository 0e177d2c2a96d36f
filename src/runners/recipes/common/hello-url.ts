import { jujuStatusSchema } from '../../../tool-output/juju-status.js';
import type { RecipeContext } from '../../context.js';
import { k8sModelRef } from '../../lab-tools.js';
import { statusArgv } from '../../tools/juju/argv.js';
import { lbIngress } from '../../tools/kube/index.js';
import { getAnswer } from './http-answer.js';

/** Where the cluster's workers can be reached: Juju public addresses first, then node addresses. */
export async function workerAddresses(ctx: RecipeContext): Promise<string[]> {
  const found: string[] = [];
  const juju = await workerUnits(ctx).catch(() => []);
  for (const u of juju) if (u.address) found.push(u.address);
  const nodes = await ctx.tools.kube.listNodes().catch(() => []);
  for (const n of nodes)
    for (const type of ['ExternalIP', 'InternalIP'])
      for (const a of n.status?.addresses ?? []) if (a.type === type) found.push(a.address);
  return [...new Set(found)];
}

export interface WorkerUnit {
  name: string;
  address?: string;
  openPorts: string[];
}

/** The kubernetes-worker units of the Kubernetes model with their open ports (read from raw JSON). */
export async function workerUnits(ctx: RecipeContext): Promise<WorkerUnit[]> {
  const model = k8sModelRef(ctx.config).ref;
  const r = await ctx.exec({ argv: statusArgv(model), timeoutMs: 60_000, capture: 'full' });
  const raw = jujuStatusSchema.parse(JSON.parse(r.stdout));
  const out: WorkerUnit[] = [];
  for (const app of Object.values(raw.applications)) {
    if (!/kubernetes-worker/.test(app.charm ?? '')) continue;
    for (const [name, u] of Object.entries(app.units ?? {}))
      out.push({ name, address: u['public-address'] ?? u.address, openPorts: u['open-ports'] ?? [] });
  }
  return out;
}

/** The first of `addresses` where `http://addr:port/` answers (probed in parallel), or undefined. */
export async function firstAnswering(addresses: readonly string[], port: number, signal?: AbortSignal) {
  const tries = await Promise.all(
    addresses.map(async (a) => ({
      url: `http://${a}:${port}/`,
      r: await getAnswer(`http://${a}:${port}/`, 2_000, signal),
    })),
  );
  return tries.find((t) => t.r.ok)?.url;
}

/**
 * A URL where hello-node answers: the LoadBalancer's external IP when it has one, else its
 * NodePort on a worker. Undefined when the service is not exposed (or nothing answers).
 */
export async function helloUrl(ctx: RecipeContext, service = 'hello-node'): Promise<string | undefined> {
  const svc = await ctx.tools.kube.getService(service).catch(() => null);
  if (!svc) return undefined;
  const ing = lbIngress(svc);
  if (ing.state === 'ready') return `http://${ing.address}:${ing.ports[0]?.port ?? 8080}/`;
  const nodePort = svc.spec?.ports?.[0]?.nodePort;
  if (!nodePort) return undefined;
  return firstAnswering(await workerAddresses(ctx), nodePort, ctx.signal);
}
