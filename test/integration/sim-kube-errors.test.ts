/**
 * Failure paths of the simulated cluster as clients see them: Status bodies, images that do
 * not pull, crashing servers, progress deadlines, pending load balancers, and restarts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeSim } from '../../src/sim/kube/index.js';
import { get, HELLO_NODE, kubectl, makeCrashingContext, startTestSim, waitFor } from './sim-kube-support.js';

async function api(
  sim: KubeSim,
  method: string,
  path: string,
  body?: string,
  contentType = 'application/json',
) {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: { 'Content-Type': contentType },
    ...(body !== undefined ? { body } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const deployment = (name: string, image: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 8080 }] }] },
      },
      ...extra,
    },
  });

describe('simulated cluster failure paths', () => {
  let sim: KubeSim;
  let lbReady = false;
  const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments';

  beforeAll(async () => {
    ({ sim } = await startTestSim(
      { 'labops/hello-node:v1': HELLO_NODE, 'labops/crash:v1': makeCrashingContext() },
      { loadBalancerReady: () => lbReady },
    ));
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('answers 404, 409, 422 and 400 with the real Status bodies', async () => {
    expect(await api(sim, 'GET', `${DEPLOYS}/x`)).toEqual({
      status: 404,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'deployments.apps "x" not found',
        reason: 'NotFound',
        details: { name: 'x', group: 'apps', kind: 'deployments' },
        code: 404,
      },
    });
    expect((await api(sim, 'POST', DEPLOYS, deployment('dup', 'labops/hello-node:v1'))).status).toBe(201);
    const dup = await api(sim, 'POST', DEPLOYS, deployment('dup', 'labops/hello-node:v1'));
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({
      reason: 'AlreadyExists',
      code: 409,
      message: 'deployments.apps "dup" already exists',
      details: { name: 'dup', group: 'apps', kind: 'deployments' },
    });

    const current = await api(sim, 'GET', `${DEPLOYS}/dup`);
    const stale = {
      ...current.body,
      metadata: { ...(current.body.metadata as object), resourceVersion: '1' },
    };
    const conflict = await api(sim, 'PUT', `${DEPLOYS}/dup`, JSON.stringify(stale));
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on deployments.apps "dup": the object has been modified; please apply your changes to the latest version and try again',
    });

    const badName = await api(sim, 'POST', DEPLOYS, deployment('Bad_Name', 'labops/hello-node:v1'));
    expect(badName.status).toBe(422);
    expect(badName.body).toMatchObject({
      reason: 'Invalid',
      code: 422,
      details: { name: 'Bad_Name', group: 'apps', kind: 'Deployment' },
    });
    expect(String(badName.body.message)).toMatch(
      /^Deployment\.apps "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of/,
    );
    const negative = await api(
      sim,
      'POST',
      DEPLOYS,
      deployment('neg', 'labops/hello-node:v1', { replicas: -1 }),
    );
    expect(negative.status).toBe(422);
    expect(negative.body.message).toBe(
      'Deployment.apps "neg" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
    expect((negative.body.details as { causes: unknown[] }).causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: -1: must be greater than or equal to 0',
        field: 'spec.replicas',
      },
    ]);

    const malformed = await api(sim, 'POST', DEPLOYS, '{"apiVersion": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });

    const kubectlMissing = await kubectl(sim, ['get', 'deployment', 'nope']);
    expect(kubectlMissing.code).not.toBe(0);
    expect(kubectlMissing.stderr.trim()).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found',
    );
  });

  it('shows ErrImagePull / ImagePullBackOff for an unknown image and fails rollout status at the deadline', async () => {
    await api(sim, 'POST', DEPLOYS, deployment('ghost', 'labops/ghost:v9', { progressDeadlineSeconds: 20 }));
    const reason = await waitFor(async () => {
      const r = await kubectl(sim, [
        'get',
        'pods',
        '-l',
        'app=ghost',
        '-o',
        'jsonpath={.items[0].status.containerStatuses[0].state.waiting.reason}',
      ]);
      return r.stdout === 'ImagePullBackOff' ? r.stdout : undefined;
    });
    expect(reason).toBe('ImagePullBackOff');
    expect((await kubectl(sim, ['get', 'pods', '-l', 'app=ghost'])).stdout).toMatch(
      /^ghost-\w+-\w{5}\s+0\/1\s+ImagePullBackOff\s+0\s+\d+s$/m,
    );
    const status = await kubectl(sim, ['rollout', 'status', 'deployment/ghost', '--timeout=20s']);
    expect(status.code).not.toBe(0);
    expect(status.stderr.trim()).toBe('error: deployment "ghost" exceeded its progress deadline');
    const cond = await kubectl(sim, [
      'get',
      'deploy',
      'ghost',
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}',
    ]);
    expect(cond.stdout).toBe('ProgressDeadlineExceeded');
  });

  it('restarts a crashing server with CrashLoopBackOff and counts restarts', async () => {
    await api(sim, 'POST', DEPLOYS, deployment('crash', 'labops/crash:v1'));
    const restarts = await waitFor(async () => {
      const r = await kubectl(sim, [
        'get',
        'pods',
        '-l',
        'app=crash',
        '-o',
        'jsonpath={.items[0].status.containerStatuses[0].restartCount}',
      ]);
      return Number(r.stdout) >= 2 ? Number(r.stdout) : undefined;
    });
    expect(restarts).toBeGreaterThanOrEqual(2);
    const pod = await kubectl(sim, ['get', 'pods', '-l', 'app=crash', '-o', 'json']);
    const cs = JSON.parse(pod.stdout).items[0].status.containerStatuses[0];
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(cs.ready).toBe(false);
    const name = JSON.parse(pod.stdout).items[0].metadata.name as string;
    expect((await kubectl(sim, ['logs', name])).stdout).toContain('boom');
  });

  it('keeps a LoadBalancer <pending> until load balancers are ready', async () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'dup' },
      spec: { type: 'LoadBalancer', selector: { app: 'dup' }, ports: [{ port: 8080 }] },
    };
    expect((await api(sim, 'POST', '/api/v1/namespaces/default/services', JSON.stringify(svc))).status).toBe(
      201,
    );
    await new Promise((r) => setTimeout(r, 500));
    expect((await kubectl(sim, ['get', 'svc', 'dup'])).stdout).toMatch(
      /^dup\s+LoadBalancer\s+10\.152\.183\.\d+\s+<pending>\s+8080:3\d{4}\/TCP\s+\d+s$/m,
    );
    expect((await api(sim, 'GET', '/api/v1/namespaces/default/services/dup')).body.status).toEqual({
      loadBalancer: {},
    });
    lbReady = true;
    const ip = await waitFor(
      async () =>
        (await kubectl(sim, ['get', 'svc', 'dup', '-o', 'jsonpath={.status.loadBalancer.ingress[0].ip}']))
          .stdout,
    );
    expect((await get(`http://${ip}:8080/`)).body).toMatch(/"host": dup-\w+-\w{5},/);
  });

  it('reloads its state after a restart and brings the pods back', async () => {
    const { sim: first, stateDir } = await startTestSim({ 'labops/hello-node:v1': HELLO_NODE });
    await kubectl(first, [
      'create',
      'deployment',
      'keep',
      '--image=labops/hello-node:v1',
      '--replicas=2',
      '--port=8080',
    ]);
    expect((await kubectl(first, ['rollout', 'status', 'deployment/keep', '--timeout=20s'])).code).toBe(0);
    const names = (await kubectl(first, ['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'])).stdout;
    await first.close();
    const { sim: second } = await startTestSim({ 'labops/hello-node:v1': HELLO_NODE }, { stateDir });
    try {
      expect(
        (await kubectl(second, ['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'])).stdout,
      ).toBe(names);
      expect((await kubectl(second, ['rollout', 'status', 'deployment/keep', '--timeout=20s'])).code).toBe(0);
      const ports = await kubectl(second, [
        'get',
        'pods',
        '-o',
        'jsonpath={.items[0].metadata.annotations.sim\\.labops\\.dev/ports}',
      ]);
      const port = Object.values(JSON.parse(ports.stdout) as Record<string, number>)[0];
      expect((await get(`http://127.0.0.1:${port}/`)).body).toContain('"message": "Hello World!"');
    } finally {
      await second.close();
    }
  });
});
