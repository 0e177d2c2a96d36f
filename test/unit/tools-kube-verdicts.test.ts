import type { V1Deployment, V1ReplicaSet, V1Service } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { lbIngress } from '../../src/runners/tools/kube/lb-ingress.js';
import {
  deploymentManifest,
  ingressManifest,
  loadBalancerServiceManifest,
} from '../../src/runners/tools/kube/manifests.js';
import { rolloutVerdict } from '../../src/runners/tools/kube/rollout-verdict.js';
import { deploymentRow, serviceRow } from '../../src/runners/tools/kube/summary.js';
import { previousReplicaSet, templateForUndo } from '../../src/runners/tools/kube/undo.js';
import { fixture, fixtureJson } from '../support/tools/fixtures.js';

const progressing = () => fixtureJson<V1Deployment>('kubectl-get-deploy-rollout-progressing.json');
const deadline = () => fixtureJson<V1Deployment>('kubectl-get-deploy-progress-deadline-exceeded.json');

describe('rolloutVerdict', () => {
  it('mid-rollout: the old replica set still has a pod', () => {
    expect(rolloutVerdict(progressing())).toEqual({
      state: 'progressing',
      message:
        'Waiting for deployment "guestbook-ui" rollout to finish: 1 old replicas are pending termination...',
    });
  });
  it('ProgressDeadlineExceeded is a failure (JSON and YAML captures agree)', () => {
    const want = { state: 'failed', message: 'deployment "guestbook-ui" exceeded its progress deadline' };
    expect(rolloutVerdict(deadline())).toEqual(want);
    expect(rolloutVerdict(parseYaml(fixture('kubectl-get-deploy-progress-deadline-exceeded.yaml')))).toEqual(
      want,
    );
    expect(rolloutVerdict(parseYaml(fixture('kubectl-get-deploy-rollout-progressing.yaml'))).state).toBe(
      'progressing',
    );
  });
  it('a quota-blocked rollout keeps waiting (status fragment of the k8s docs)', () => {
    const d = parseYaml(fixture('kubectl-get-deploy-status-quota-failure-k8s-docs.yaml')) as V1Deployment;
    expect(rolloutVerdict({ ...d, metadata: { name: 'nginx-deployment', generation: 3 } })).toMatchObject({
      state: 'progressing',
    });
  });
  it('an unobserved spec change waits for the controller', () => {
    const d = progressing();
    d.metadata!.generation = 5;
    expect(rolloutVerdict(d).message).toBe('Waiting for deployment spec update to be observed...');
  });

  // The k8s docs' `kubectl rollout status` lines, reproduced from the fixture Deployment with
  // the replica counts those lines report (the docs' kubectl predates the `deployment "x"` prefix).
  const docs = fixture('kubectl-rollout-outputs-k8s-docs.txt');
  const withStatus = (s: Partial<NonNullable<V1Deployment['status']>>, replicas = 3): V1Deployment => {
    const d = progressing();
    d.metadata!.name = 'nginx-deployment';
    d.spec!.replicas = replicas;
    d.status = { ...d.status, conditions: [], ...s };
    return d;
  };
  const asDocs = (m: string) => m.replace('deployment "nginx-deployment" rollout', 'rollout');
  it.each([
    [
      { updatedReplicas: 2, replicas: 3, availableReplicas: 2 },
      'Waiting for rollout to finish: 2 out of 3 new replicas have been updated...',
    ],
    [
      { updatedReplicas: 3, replicas: 3, availableReplicas: 2 },
      'Waiting for rollout to finish: 2 of 3 updated replicas are available...',
    ],
    [
      { updatedReplicas: 3, replicas: 3, availableReplicas: 3 },
      'deployment "nginx-deployment" successfully rolled out',
    ],
  ])('matches the docs line for %o', (status, line) => {
    expect(docs).toContain(line);
    expect(asDocs(rolloutVerdict(withStatus(status)).message)).toBe(line);
  });
  it('the docs deadline error line has the same words', () => {
    const d = deadline();
    d.metadata!.name = 'nginx';
    expect(docs).toContain(`error: ${rolloutVerdict(d).message}`);
  });
});

describe('lbIngress', () => {
  it('pending while status.loadBalancer is {}', () => {
    expect(lbIngress(fixtureJson<V1Service>('kubectl-get-svc-loadbalancer-pending.json'))).toEqual({
      state: 'pending',
    });
  });
  it('an Octavia floating IP', () => {
    expect(lbIngress(fixtureJson<V1Service>('kubectl-get-svc-loadbalancer-octavia-occm.json'))).toMatchObject(
      {
        state: 'ready',
        address: '10.0.0.0',
        ip: '10.0.0.0',
        ports: [
          { port: 80, nodePort: 32350 },
          { port: 443, nodePort: 32514 },
        ],
      },
    );
  });
  it('a hostname instead of an ip', () => {
    expect(lbIngress(fixtureJson<V1Service>('kubectl-get-svc-loadbalancer-hostname-aws.json'))).toMatchObject(
      {
        state: 'ready',
        address: 'abc123.us-west-2.elb.amazonaws.com',
        hostname: 'abc123.us-west-2.elb.amazonaws.com',
      },
    );
  });
  it('the EXTERNAL-IP column', () => {
    expect(serviceRow(fixtureJson<V1Service>('kubectl-get-svc-loadbalancer-pending.json'))).toMatchObject({
      externalIp: '<pending>',
      ports: '9000:32667/TCP',
    });
    expect(
      serviceRow(fixtureJson<V1Service>('kubectl-get-svc-loadbalancer-octavia-occm.json')).externalIp,
    ).toBe('10.0.0.0');
  });
});

describe('manifests', () => {
  it('create deployment like kubectl: label app, container named after the deployment', () => {
    const d = deploymentManifest('hello-node', 'student1/hello-node:v1', 8080);
    expect(d.spec?.selector.matchLabels).toEqual({ app: 'hello-node' });
    expect(d.spec?.template.spec?.containers[0]).toEqual({
      name: 'hello-node',
      image: 'student1/hello-node:v1',
      imagePullPolicy: 'Always',
      ports: [{ containerPort: 8080 }],
    });
    expect(
      deploymentRow({ ...d, status: { readyReplicas: 1, updatedReplicas: 1, availableReplicas: 1 } }).ready,
    ).toBe('1/1');
  });
  it('the guide LoadBalancer manifest and a v1 ingress on nip.io', () => {
    expect(loadBalancerServiceManifest().spec).toEqual({
      type: 'LoadBalancer',
      ports: [{ port: 8080, targetPort: 8080 }],
      selector: { app: 'hello-node' },
    });
    const i = ingressManifest('hello-node', '172.16.7.20');
    expect(i.apiVersion).toBe('networking.k8s.io/v1');
    expect(i.spec?.rules?.[0]?.host).toBe('hello-node.172.16.7.20.nip.io');
    expect(i.spec?.rules?.[0]?.http?.paths[0]).toMatchObject({
      pathType: 'Prefix',
      backend: { service: { name: 'hello-node', port: { number: 8080 } } },
    });
  });
});

describe('rollout undo', () => {
  // ReplicaSets as the controller makes them from the fixture Deployment: its template plus
  // pod-template-hash, owned by the Deployment, with the revision annotation.
  const d = progressing();
  const rs = (rev: string, image: string, uid = d.metadata!.uid!): V1ReplicaSet => {
    const template = structuredClone(d.spec!.template);
    template.metadata!.labels = { ...template.metadata!.labels, 'pod-template-hash': `h${rev}` };
    template.spec!.containers[0]!.image = image;
    return {
      metadata: {
        name: `guestbook-ui-h${rev}`,
        annotations: { 'deployment.kubernetes.io/revision': rev },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'guestbook-ui', uid }],
      },
      spec: { selector: d.spec!.selector, template },
    };
  };
  it('goes back to the highest revision below the current one, without pod-template-hash', () => {
    const prev = previousReplicaSet(d, [
      rs('2', 'v2'),
      rs('4', 'v4'),
      rs('3', 'v3'),
      rs('9', 'other', 'someone-else'),
    ]);
    expect(prev?.metadata?.name).toBe('guestbook-ui-h3');
    const tpl = templateForUndo(prev!);
    expect(tpl.metadata?.labels).toEqual(d.spec!.template.metadata!.labels);
    expect(tpl.spec?.containers[0]?.image).toBe('v3');
  });
  it('none when there is only the current revision', () => {
    expect(previousReplicaSet(d, [rs('4', 'v4')])).toBeUndefined();
  });
});
