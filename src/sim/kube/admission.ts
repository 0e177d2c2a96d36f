/**
 * What happens to an object between the request body and the store: names, defaults,
 * allocations (cluster IPs, node ports), generation bookkeeping and validation.
 */

import { defaultDeployment, defaultPod, defaultService } from './defaults.js';
import { CLASS_ANNOTATION, DEFAULT_CLASS_ANNOTATION } from './ingress-routing.js';
import { randomSuffix } from './names.js';
import { findResource, type ResourceDef } from './resources.js';
import { invalid, invalidValue, type StatusCause } from './status.js';
import type { Store } from './store.js';
import type { Deployment, Ingress, KubeObject, Service } from './types.js';
import {
  type NameRule,
  validateDeployment,
  validateIngress,
  validateName,
  validatePod,
  validateService,
} from './validate.js';

/** Side effects admission needs: the store and a free-port probe for node ports. */
export interface AdmissionContext {
  store: Store;
  /** Picks a free node port in 30000-32767 not in `taken`. */
  allocateNodePort(taken: Set<number>): Promise<number>;
}

const GENERATION_KINDS = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'Pod']);
const NAME_RULES: Record<string, NameRule> = { Service: 'label1035', Namespace: 'label1123' };

/** Mutates `obj` into what gets stored, or throws the 422 the real server would answer. */
export async function admit(
  def: ResourceDef,
  obj: KubeObject,
  old: KubeObject | undefined,
  ctx: AdmissionContext,
): Promise<void> {
  const meta = obj.metadata;
  if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${randomSuffix()}`;
  if (old) {
    meta.uid = old.metadata.uid;
    meta.creationTimestamp = old.metadata.creationTimestamp;
    if (old.metadata.deletionTimestamp) meta.deletionTimestamp = old.metadata.deletionTimestamp;
  }
  if (GENERATION_KINDS.has(def.kind)) {
    const specChanged = !old || JSON.stringify(old.spec) !== JSON.stringify(obj.spec);
    meta.generation = old ? (old.metadata.generation ?? 1) + (specChanged ? 1 : 0) : 1;
  }
  const causes: StatusCause[] = old ? [] : validateName(meta.name ?? '', NAME_RULES[def.kind] ?? 'subdomain');
  if (def.kind === 'Deployment') {
    defaultDeployment(obj as Deployment);
    if (old) obj.status = old.status;
    causes.push(...validateDeployment(obj as Deployment, old as Deployment | undefined));
  } else if (def.kind === 'Pod') {
    defaultPod(obj);
    if (old) obj.status = old.status;
    causes.push(...validatePod(obj));
  } else if (def.kind === 'Service') {
    const svc = obj as Service;
    defaultService(svc);
    if (old && svc.spec.type === 'LoadBalancer' && (old as Service).spec.type === 'LoadBalancer')
      svc.status = (old as Service).status;
    causes.push(...validateService(svc));
    if (causes.length === 0) causes.push(...(await allocateService(svc, old as Service | undefined, ctx)));
  } else if (def.kind === 'Ingress') {
    const ing = obj as Ingress;
    ing.spec ??= {};
    if (old) ing.status = old.status as Ingress['status'];
    else defaultIngressClass(ing, ctx.store);
    ing.status ??= { loadBalancer: {} };
    causes.push(...validateIngress(ing));
  } else if (def.kind === 'Namespace') {
    obj.spec ??= { finalizers: ['kubernetes'] };
    obj.status ??= { phase: 'Active' };
    meta.labels = { ...meta.labels, 'kubernetes.io/metadata.name': meta.name };
  }
  if (causes.length > 0) throw invalid(def, meta.name ?? '', causes);
}

async function allocateService(
  svc: Service,
  old: Service | undefined,
  ctx: AdmissionContext,
): Promise<StatusCause[]> {
  const s = svc.spec;
  if (s.type !== 'ExternalName') {
    const ip = old?.spec.clusterIP ?? s.clusterIP ?? `10.152.183.${ctx.store.next('clusterIP', 2) % 254}`;
    s.clusterIP = ip;
    s.clusterIPs = [ip];
  }
  if (s.type !== 'NodePort' && s.type !== 'LoadBalancer') return [];
  const svcDef = findResource('', 'v1', 'services') as ResourceDef;
  const taken = new Set<number>();
  for (const other of ctx.store.list(svcDef) as Service[]) {
    if (
      other.metadata.uid === svc.metadata.uid ||
      (other.metadata.name === svc.metadata.name && other.metadata.namespace === svc.metadata.namespace)
    )
      continue;
    for (const p of other.spec.ports ?? []) if (p.nodePort) taken.add(p.nodePort);
  }
  const causes: StatusCause[] = [];
  for (const [i, p] of s.ports.entries()) {
    p.nodePort ??= old?.spec.ports?.find((o) => o.port === p.port && o.nodePort)?.nodePort;
    if (p.nodePort !== undefined && taken.has(p.nodePort)) {
      causes.push(
        invalidValue(`spec.ports[${i}].nodePort`, p.nodePort, 'provided port is already allocated'),
      );
      continue;
    }
    p.nodePort ??= await ctx.allocateNodePort(taken);
    taken.add(p.nodePort);
  }
  return causes;
}

/**
 * The DefaultIngressClass admission plugin (on create): an Ingress with neither
 * `spec.ingressClassName` nor the `kubernetes.io/ingress.class` annotation gets the class
 * marked `ingressclass.kubernetes.io/is-default-class: "true"`; with several, the newest
 * (ties by name), as kubernetes `plugin/pkg/admission/network/defaultingressclass` does.
 */
function defaultIngressClass(ing: Ingress, store: Store): void {
  if (ing.spec.ingressClassName !== undefined) return;
  if (ing.metadata.annotations?.[CLASS_ANNOTATION] !== undefined) return;
  const classDef = findResource('networking.k8s.io', 'v1', 'ingressclasses') as ResourceDef;
  const defaults = store
    .list(classDef)
    .filter((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true')
    .sort(
      (a, b) =>
        b.metadata.creationTimestamp.localeCompare(a.metadata.creationTimestamp) ||
        a.metadata.name.localeCompare(b.metadata.name),
    );
  const chosen = defaults[0];
  if (chosen) ing.spec.ingressClassName = chosen.metadata.name;
}
