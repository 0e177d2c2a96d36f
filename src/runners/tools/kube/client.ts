import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  NetworkingV1Api,
  type V1Deployment,
} from '@kubernetes/client-node';
import { Codes, UserError } from '../../../shared/errors.js';
import { realClock } from '../../clock.js';
import { alreadyExists, done } from '../common/applied.js';
import type { Kube, KubeDeps, Patch } from './api.js';

import { lbIngress } from './lb-ingress.js';
import {
  deploymentManifest,
  ingressManifest,
  loadBalancerServiceManifest,
  nodePortServiceManifest,
} from './manifests.js';
import { describePodProblem, podImagePullProblems } from './pod-problems.js';
import { JSON_PATCH, kubeRequests, MERGE_PATCH } from './request.js';
import { rolloutVerdict } from './rollout-verdict.js';
import { deploymentRow, podRow, replicaSetRow, serviceRow } from './summary.js';
import { annotationsForUndo, previousReplicaSet, templateForUndo, undoRefusal } from './undo.js';

/** Creates the Kubernetes adapter on @kubernetes/client-node (no kubectl subprocess). */
export function createKube(deps: KubeDeps): Kube {
  const kc = deps.kubeConfig ?? new KubeConfig();
  if (!deps.kubeConfig) {
    if (!deps.kubeconfigPath)
      throw new UserError(Codes.config, 'no kubeconfig configured for the Kubernetes adapter');
    kc.loadFromFile(deps.kubeconfigPath);
  }
  const ns = deps.namespace ?? 'default';
  const apps = kc.makeApiClient(AppsV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  const net = kc.makeApiClient(NetworkingV1Api);
  const dry = deps.dryRun ? 'All' : undefined;
  const clock = deps.clock ?? realClock;

  const { opts, call, orNull, create, poll } = kubeRequests(deps, clock);
  const mustGet = async (name: string) => {
    const d = await api.getDeployment(name);
    if (!d)
      throw new UserError(
        Codes.kubeNotFound,
        `deployment ${name} not found in namespace ${ns} (\`kubectl get deploy\`)`,
      );
    return d;
  };
  const selectorOf = (d: V1Deployment) =>
    Object.entries(d.spec?.selector?.matchLabels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');

  const pullProblemsError = async (selector: string) => {
    const problems = await api.podImagePullProblems(selector).catch(() => []);
    return problems.length ? ` Pods: ${problems.slice(0, 3).map(describePodProblem).join(' ')}` : '';
  };

  const api: Kube = {
    namespace: ns,
    getDeployment: (name) =>
      orNull(`get deployment ${name}`, () => apps.readNamespacedDeployment({ name, namespace: ns }, opts())),
    listDeployments: async () =>
      (await call('list deployments', () => apps.listNamespacedDeployment({ namespace: ns }, opts()))).items,
    createDeployment: (name, image, port, replicas, pull) =>
      create(`deployment ${name}`, () =>
        apps.createNamespacedDeployment(
          { namespace: ns, body: deploymentManifest(name, image, port, replicas, pull), dryRun: dry },
          opts(),
        ),
      ),
    secretType: async (name) =>
      (await orNull(`get secret ${name}`, () => core.readNamespacedSecret({ name, namespace: ns }, opts())))
        ?.type ?? null,
    scale: async (name, replicas) => {
      await call(`scale deployment ${name}`, () =>
        apps.patchNamespacedDeploymentScale(
          { name, namespace: ns, body: { spec: { replicas } }, dryRun: dry },
          opts(MERGE_PATCH),
        ),
      );
      return done(undefined);
    },
    replicas: async (name) => {
      const d = await api.getDeployment(name);
      return d ? (d.spec?.replicas ?? 1) : null;
    },
    waitReady: (name, n, o) =>
      poll(
        o,
        async () => {
          const d = await mustGet(name);
          const s = d.status ?? {};
          o.onProgress?.(
            `${name}: ${s.readyReplicas ?? 0}/${n} ready, ${s.updatedReplicas ?? 0} up to date, ${s.replicas ?? 0} total`,
          );
          const settled =
            (d.spec?.replicas ?? 1) === n &&
            (s.readyReplicas ?? 0) >= n &&
            (s.updatedReplicas ?? 0) >= n &&
            (s.replicas ?? 0) === n;
          return settled ? d : undefined;
        },
        async () => {
          const d = await mustGet(name);
          return new UserError(
            Codes.waitTimeout,
            `deployment ${name} has ${d.status?.readyReplicas ?? 0}/${n} ready replicas after ${Math.round(o.timeoutMs / 1000)} s.${await pullProblemsError(selectorOf(d))}`,
          );
        },
      ),
    setImage: async (name, container, image) => {
      const d = await mustGet(name);
      const list = d.spec?.template.spec?.containers ?? [];
      const i = list.findIndex((c) => c.name === container);
      if (i < 0) {
        throw new UserError(
          Codes.badInput,
          `deployment ${name} has no container ${container} (it has: ${list.map((c) => c.name).join(', ')})`,
        );
      }
      const patch: Patch = [
        { op: 'test', path: `/spec/template/spec/containers/${i}/name`, value: container },
        { op: 'replace', path: `/spec/template/spec/containers/${i}/image`, value: image },
        // A deployment made before the pull policy was set: a re-pushed tag must be pulled again.
        { op: 'add', path: `/spec/template/spec/containers/${i}/imagePullPolicy`, value: 'Always' },
      ];
      await call(`set image ${name}`, () =>
        apps.patchNamespacedDeployment({ name, namespace: ns, body: patch, dryRun: dry }, opts(JSON_PATCH)),
      );
      return done(undefined);
    },
    rolloutStatus: async (name, o) => {
      let last = '';
      const v = await poll(
        o,
        async () => {
          const verdict = rolloutVerdict(await mustGet(name));
          if (verdict.message !== last) {
            last = verdict.message;
            o.onProgress?.(last);
          }
          return verdict.state === 'progressing' ? undefined : verdict;
        },
        async () => {
          const d = await mustGet(name);
          return new UserError(
            Codes.waitTimeout,
            `${rolloutVerdict(d).message} (gave up after ${Math.round(o.timeoutMs / 1000)} s).${await pullProblemsError(selectorOf(d))}`,
          );
        },
      );
      if (v.state === 'failed') {
        const d = await mustGet(name);
        throw new UserError(Codes.rolloutDeadline, `${v.message}.${await pullProblemsError(selectorOf(d))}`);
      }
      return v;
    },
    rolloutUndo: async (name) => {
      const d = await mustGet(name);
      const refusal = undoRefusal(d);
      if (refusal) throw new UserError(Codes.deploymentPaused, refusal);
      const rsList = await call(`list replicasets of ${name}`, () =>
        apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: selectorOf(d) }, opts()),
      );
      const prev = previousReplicaSet(d, rsList.items);
      if (!prev)
        throw new UserError(
          Codes.noPreviousRevision,
          `deployment ${name} has no previous revision to roll back to`,
        );
      // kubectl's patch: the template and the annotations (`getDeploymentPatch` in rollback.go).
      const patch: Patch = [
        { op: 'replace', path: '/spec/template', value: templateForUndo(prev) },
        { op: 'replace', path: '/metadata/annotations', value: annotationsForUndo(d, prev) },
      ];
      await call(`undo ${name}`, () =>
        apps.patchNamespacedDeployment({ name, namespace: ns, body: patch, dryRun: dry }, opts(JSON_PATCH)),
      );
      return done({ toRevision: prev.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? '?' });
    },
    listPods: async (selector) =>
      (
        await call('list pods', () =>
          core.listNamespacedPod({ namespace: ns, labelSelector: selector }, opts()),
        )
      ).items,
    deletePod: async (name) => {
      // Deleting a pod that is already gone leaves the state asked for.
      await orNull(`delete pod ${name}`, () =>
        core.deleteNamespacedPod({ name, namespace: ns, dryRun: dry }, opts()),
      );
      return done(undefined);
    },
    podImagePullProblems: async (selector) => podImagePullProblems(await api.listPods(selector)),
    getService: (name) =>
      orNull(`get service ${name}`, () => core.readNamespacedService({ name, namespace: ns }, opts())),
    exposeNodePort: async (name, port, targetPort, type) => {
      const r = await create(`service ${name}`, () =>
        core.createNamespacedService(
          { namespace: ns, body: nodePortServiceManifest(name, port, targetPort, type), dryRun: dry },
          opts(),
        ),
      );
      return r.kind === 'done' ? done({ nodePort: r.value.spec?.ports?.[0]?.nodePort }) : r;
    },
    applyLoadBalancerService: async (name = 'hello-node', port = 8080) => {
      const existing = await api.getService(name);
      if (!existing) {
        return create(`service ${name}`, () =>
          core.createNamespacedService(
            { namespace: ns, body: loadBalancerServiceManifest(name, port), dryRun: dry },
            opts(),
          ),
        );
      }
      if (existing.spec?.type === 'LoadBalancer')
        return alreadyExists(`service ${name}`, `service ${name} is already of type LoadBalancer`);
      // Like `kubectl patch svc NAME -p '{"spec":{"type":"LoadBalancer"}}'`: keeps its ports and NodePorts.
      const svc = await call(`patch service ${name}`, () =>
        core.patchNamespacedService(
          { name, namespace: ns, body: { spec: { type: 'LoadBalancer' } }, dryRun: dry },
          opts(MERGE_PATCH),
        ),
      );
      return done(svc);
    },
    waitLoadBalancerIngress: (name, o) =>
      poll(
        o,
        async () => {
          const svc = await api.getService(name);
          if (!svc) throw new UserError(Codes.kubeNotFound, `service ${name} not found in namespace ${ns}`);
          const ing = lbIngress(svc);
          if (ing.state === 'not-load-balancer')
            throw new UserError(Codes.badInput, `service ${name} is of type ${ing.type}, not LoadBalancer`);
          if (ing.state === 'ready') return ing;
          o.onProgress?.(`service ${name}: EXTERNAL-IP <pending>`);
          return undefined;
        },
        async () =>
          new UserError(
            Codes.waitTimeout,
            `service ${name} still has no external IP after ${Math.round(o.timeoutMs / 1000)} s. The cloud provider creates it through Octavia: ` +
              'check that openstack-integrator is related to the cluster, `openstack loadbalancer list` (PENDING_CREATE, ERROR), and the amphora quota.',
          ),
      ),
    createIngress: (name, workerIp, servicePort) =>
      create(`ingress ${name}`, () =>
        net.createNamespacedIngress(
          { namespace: ns, body: ingressManifest(name, workerIp, servicePort), dryRun: dry },
          opts(),
        ),
      ).then((r) => (r.kind === 'done' ? done(undefined) : r)),
    getIngress: (name) =>
      orNull(`get ingress ${name}`, () => net.readNamespacedIngress({ name, namespace: ns }, opts())),
    annotateDeployment: async (name, key, value) => {
      await call(`annotate deployment ${name}`, () =>
        apps.patchNamespacedDeployment(
          { name, namespace: ns, body: { metadata: { annotations: { [key]: value } } }, dryRun: dry },
          opts(MERGE_PATCH),
        ),
      );
      return done(undefined);
    },
    listReplicaSets: async (name) => {
      const d = await mustGet(name);
      return (
        await call(`list replicasets of ${name}`, () =>
          apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: selectorOf(d) }, opts()),
        )
      ).items;
    },
    listNodes: async () => (await call('list nodes', () => core.listNode({}, opts()))).items,
    getAllSummary: async () => {
      const [pods, svcs, deps_, rss] = await Promise.all([
        call('list pods', () => core.listNamespacedPod({ namespace: ns }, opts())),
        call('list services', () => core.listNamespacedService({ namespace: ns }, opts())),
        call('list deployments', () => apps.listNamespacedDeployment({ namespace: ns }, opts())),
        call('list replicasets', () => apps.listNamespacedReplicaSet({ namespace: ns }, opts())),
      ]);
      return [
        ...pods.items.map(podRow),
        ...svcs.items.map(serviceRow),
        ...deps_.items.map(deploymentRow),
        ...rss.items.map(replicaSetRow),
      ];
    },
  };
  return api;
}
