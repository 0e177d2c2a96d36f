/**
 * The basic flow through @kubernetes/client-node against the simulated cluster: typed
 * create/read/scale, pod lists with selectors, the Watch helper, and raw watch semantics
 * (resuming from a resourceVersion, timeoutSeconds).
 */
import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1Pod,
  Watch,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeSim } from '../../src/sim/kube/index.js';
import { HELLO_NODE, startTestSim, waitFor } from './sim-kube-support.js';

const isReady = (p: V1Pod): boolean =>
  !!p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

describe('@kubernetes/client-node against the simulated cluster', () => {
  let sim: KubeSim;
  let apps: AppsV1Api;
  let core: CoreV1Api;
  let kc: KubeConfig;

  beforeAll(async () => {
    ({ sim } = await startTestSim({ 'labops/hello-node:v1': HELLO_NODE }));
    kc = new KubeConfig();
    kc.loadFromFile(sim.kubeconfigPath);
    apps = kc.makeApiClient(AppsV1Api);
    core = kc.makeApiClient(CoreV1Api);
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('creates, reads and scales a deployment, and watches its pods become ready', async () => {
    const ready = new Set<string>();
    const events: string[] = [];
    const watch = new Watch(kc);
    const controller = await watch.watch(
      '/api/v1/namespaces/default/pods',
      { labelSelector: 'app=hello-node' },
      (type, pod: V1Pod) => {
        events.push(type);
        if (isReady(pod)) ready.add(pod.metadata?.name ?? '');
      },
      () => {},
    );
    try {
      const created = await apps.createNamespacedDeployment({
        namespace: 'default',
        body: {
          metadata: { name: 'hello-node', labels: { app: 'hello-node' } },
          spec: {
            selector: { matchLabels: { app: 'hello-node' } },
            template: {
              metadata: { labels: { app: 'hello-node' } },
              spec: {
                containers: [
                  { name: 'hello-node', image: 'labops/hello-node:v1', ports: [{ containerPort: 8080 }] },
                ],
              },
            },
          },
        },
      });
      expect(created.metadata?.generation).toBe(1);
      expect(created.spec?.replicas).toBe(1);
      expect(created.spec?.strategy?.rollingUpdate).toEqual({ maxSurge: '25%', maxUnavailable: '25%' });

      const scale = await apps.patchNamespacedDeploymentScale(
        { name: 'hello-node', namespace: 'default', body: { spec: { replicas: 3 } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      expect(scale.spec?.replicas).toBe(3);
      expect(scale.status?.selector).toBe('app=hello-node');

      const done = await waitFor(async () => {
        const d = await apps.readNamespacedDeployment({ name: 'hello-node', namespace: 'default' });
        return d.status?.availableReplicas === 3 && d.status.observedGeneration === d.metadata?.generation
          ? d
          : undefined;
      });
      expect(done.status?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
        ['Available', 'True', 'MinimumReplicasAvailable'],
        ['Progressing', 'True', 'NewReplicaSetAvailable'],
      ]);
      expect(done.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('1');

      const pods = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=hello-node' });
      expect(pods.items).toHaveLength(3);
      for (const p of pods.items) {
        expect(p.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', controller: true });
        expect(p.status?.phase).toBe('Running');
        expect(p.status?.podIP).toMatch(/^10\.1\.\d+\.\d+$/);
        expect(p.status?.hostIP).toBe('127.0.0.1');
        expect(p.spec?.nodeName).toBeTruthy();
        expect(p.status?.containerStatuses?.[0]).toMatchObject({
          ready: true,
          restartCount: 0,
          state: { running: {} },
        });
      }
      const one = pods.items[0]?.metadata?.name ?? '';
      const byName = await core.listNamespacedPod({
        namespace: 'default',
        fieldSelector: `metadata.name=${one}`,
      });
      expect(byName.items.map((p) => p.metadata?.name)).toEqual([one]);
      expect(
        (await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=other' })).items,
      ).toEqual([]);

      await waitFor(async () => ready.size >= 3);
      expect(events).toContain('ADDED');
      expect(events).toContain('MODIFIED');
    } finally {
      controller.abort();
    }
  });

  it('resumes a watch from a resourceVersion and ends it after timeoutSeconds', async () => {
    const list = (await (await fetch(`${sim.url}/api/v1/namespaces/default/configmaps`)).json()) as {
      metadata: { resourceVersion: string };
    };
    const rv = list.metadata.resourceVersion;
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'after' }, data: { a: '1' } },
    });
    const started = Date.now();
    const res = await fetch(
      `${sim.url}/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${rv}&timeoutSeconds=1`,
    );
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as { type: string; object: { metadata: { name: string; resourceVersion: string } } },
      );
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(lines.map((l) => [l.type, l.object.metadata.name])).toEqual([['ADDED', 'after']]);
    expect(Number(lines[0]?.object.metadata.resourceVersion)).toBeGreaterThan(Number(rv));
  });
});
