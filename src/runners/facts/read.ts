import type { RecipeContext } from '../context.js';
import { FACT_ORDER, type FactName, type FactParams, type Requirement, requirementOf } from './names.js';
import * as cloud from './read-cloud.js';
import * as dock from './read-docker.js';
import * as k8s from './read-kube.js';
import type { FactReading } from './reading.js';

/** The facts read, by name (only those asked for and what they stand on). */
export type FactReadings = Partial<Record<FactName, FactReading>>;

/** What a fact stands on: when that one is missing, it is the one to name first. */
export const PREREQUISITES: Partial<Record<FactName, FactName[]>> = {
  'cloud-healthy': ['juju-model'],
  octavia: ['juju-model'],
  quotas: ['openstack'],
  'web-server': ['openstack'],
  'image-built': ['docker-host'],
  'image-pushed': ['image-built'],
  'container-running': ['image-built'],
  'hello-node': ['kubernetes'],
  replicas: ['hello-node'],
  exposed: ['hello-node'],
  'lb-ip': ['exposed'],
};

/** Pure: the facts asked for and everything they stand on, in the guide's order. */
export function withPrerequisites(names: readonly FactName[]): FactName[] {
  const all = new Set<FactName>();
  const add = (n: FactName) => {
    if (all.has(n)) return;
    all.add(n);
    for (const p of PREREQUISITES[n] ?? []) add(p);
  };
  for (const n of names) add(n);
  return FACT_ORDER.filter((n) => all.has(n));
}

/** Reads each source once, on first use. */
function sources(ctx: RecipeContext, p: FactParams) {
  const once = <T>(f: () => Promise<T>) => {
    let v: Promise<T> | undefined;
    return () => {
      v ??= f();
      return v;
    };
  };
  return {
    juju: once(() => cloud.readJuju(ctx)),
    os: once(() => cloud.readOpenstack(ctx)),
    docker: once(() => dock.readDocker(ctx)),
    kube: once(() => k8s.readKube(ctx, p.deployment ?? 'hello-node')),
  };
}

type Readers = Record<FactName, (s: ReturnType<typeof sources>) => Promise<FactReading>>;

function readers(ctx: RecipeContext, p: FactParams): Readers {
  const tag = p.tag ?? 'v1';
  const dep = p.deployment ?? 'hello-node';
  return {
    'juju-model': async (s) => cloud.jujuModelFact(ctx, await s.juju()),
    'cloud-healthy': async (s) => cloud.cloudHealthyFact(await s.juju()),
    openstack: async (s) => cloud.openstackFact(ctx, await s.os()),
    octavia: async (s) => cloud.octaviaFact(await s.juju()),
    quotas: () => cloud.quotasFact(ctx),
    'web-server': () => cloud.webServerFact(ctx),
    'docker-host': async (s) => dock.dockerHostFact(ctx, await s.docker()),
    'image-built': async (s) => dock.imageBuiltFact(ctx, await s.docker(), tag),
    'container-running': async (s) => dock.containerRunningFact(ctx, await s.docker(), tag),
    'hub-login': () => dock.hubLoginFact(ctx),
    'image-pushed': async (s) => dock.imagePushedFact(ctx, await s.docker(), tag),
    kubernetes: async (s) => k8s.kubernetesFact(ctx, await s.kube()),
    'hello-node': async (s) => k8s.helloNodeFact(await s.kube(), dep),
    replicas: async (s) => k8s.replicasFact(await s.kube(), dep, p.replicas ?? 5),
    exposed: async (s) => k8s.exposedFact(ctx, await s.kube()),
    'lb-ip': async (s) => k8s.lbIpFact(await s.kube()),
  };
}

/**
 * Reads the facts asked for, cheaply and read-only: each source (`juju status`, the OpenStack
 * catalog, `docker images`, the Kubernetes API) once, whatever the number of facts it serves.
 * A fact whose prerequisite is missing is not read; it is reported missing "because of" it.
 * Never throws for the lab's state: every failure becomes a missing fact with its detail.
 */
export async function readFacts(
  ctx: RecipeContext,
  requirements: readonly Requirement[],
  params: FactParams = {},
): Promise<FactReadings> {
  const asked = requirements.map(requirementOf);
  const p: FactParams = Object.assign({}, params, ...asked.map(({ fact: _f, ...rest }) => rest));
  const s = sources(ctx, p);
  const read = readers(ctx, p);
  const out: FactReadings = {};
  for (const name of withPrerequisites(asked.map((a) => a.fact))) {
    const missing = (PREREQUISITES[name] ?? []).find((pre) => out[pre] && !out[pre]?.ok);
    out[name] = missing
      ? { ok: false, detail: `needs ${missing} first` }
      : await read[name](s).catch((err: unknown) => ({
          ok: false,
          detail: err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err),
        }));
  }
  return out;
}
