import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kube } from '../../src/runners/tools/kube/api.js';
import { createKube } from '../../src/runners/tools/kube/client.js';
import { type KubeSim, startKubeSim } from '../../src/sim/kube/index.js';

/** The lab's hello-node app: answers with its hostname on 8080 (LAB.md step 4). */
const serverJs = `const http = require('http'); const os = require('os');
http.createServer((req, res) => { res.end('{ "host": ' + os.hostname() + ', "message": "Hello World!"}'); }).listen(8080);
`;

let sim: KubeSim;
let kube: Kube;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'labops-kube-'));
  const ctx = path.join(dir, 'hello-node');
  mkdirSync(ctx);
  writeFileSync(path.join(ctx, 'server.js'), serverJs);
  writeFileSync(
    path.join(ctx, 'Dockerfile'),
    'FROM node:6.9.2\nEXPOSE 8080\nCOPY server.js .\nCMD node server.js\n',
  );
  sim = await startKubeSim({
    stateDir: path.join(dir, 'state'),
    timeScale: 0.05,
    resolveImage: async (image) => (/^student1\/hello-node:v[12]$/.test(image) ? { contextDir: ctx } : null),
    loadBalancerReady: () => true,
  });
  // client-node 1.x refuses a plain-http server unless the cluster skips TLS verification.
  const kc = new KubeConfig();
  kc.loadFromFile(sim.kubeconfigPath);
  kc.loadFromOptions({
    clusters: kc.clusters.map((c) => ({ ...c, skipTLSVerify: true })),
    users: kc.users,
    contexts: kc.contexts,
    currentContext: kc.currentContext,
  });
  kube = createKube({ kubeConfig: kc, pollMs: 100 });
});

afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('kube adapter against the simulated API server', () => {
  it('creates, scales, updates, rolls back', async () => {
    expect(await kube.getDeployment('hello-node')).toBeNull();
    expect((await kube.createDeployment('hello-node', 'student1/hello-node:v1', 8080)).kind).toBe('done');
    expect((await kube.createDeployment('hello-node', 'student1/hello-node:v1', 8080)).kind).toBe(
      'already-exists',
    );
    await kube.waitReady('hello-node', 1, { timeoutMs: 30_000 });
    await kube.scale('hello-node', 3);
    expect(await kube.replicas('hello-node')).toBe(3);
    await kube.waitReady('hello-node', 3, { timeoutMs: 30_000 });

    await kube.setImage('hello-node', 'hello-node', 'student1/hello-node:v2');
    const seen: string[] = [];
    expect(
      await kube.rolloutStatus('hello-node', { timeoutMs: 30_000, onProgress: (m) => seen.push(m) }),
    ).toEqual({
      state: 'done',
      message: 'deployment "hello-node" successfully rolled out',
    });
    expect((await kube.getDeployment('hello-node'))?.spec?.template.spec?.containers[0]?.image).toBe(
      'student1/hello-node:v2',
    );

    expect(await kube.rolloutUndo('hello-node')).toMatchObject({ kind: 'done' });
    await kube.rolloutStatus('hello-node', { timeoutMs: 30_000 });
    expect((await kube.getDeployment('hello-node'))?.spec?.template.spec?.containers[0]?.image).toBe(
      'student1/hello-node:v1',
    );

    const rows = await kube.getAllSummary();
    expect(rows.filter((r) => r.kind === 'pod')).toHaveLength(3);
    expect(rows.find((r) => r.kind === 'deployment')).toMatchObject({ name: 'hello-node', ready: '3/3' });
  });

  it('services: NodePort, LoadBalancer with an ingress address', async () => {
    const np = await kube.exposeNodePort('hello-node', 8080);
    expect(np.kind === 'done' && np.value.nodePort).toBeGreaterThanOrEqual(30000);
    expect((await kube.exposeNodePort('hello-node', 8080)).kind).toBe('already-exists');
    expect((await kube.applyLoadBalancerService('hello-node', 8080)).kind).toBe('done');
    expect((await kube.applyLoadBalancerService('hello-node', 8080)).kind).toBe('already-exists');
    const ing = await kube.waitLoadBalancerIngress('hello-node', { timeoutMs: 30_000 });
    expect(ing.address).toBeTruthy();
  });

  it('a missing image is reported as an image pull problem', async () => {
    await kube.createDeployment('broken', 'student1/does-not-exist:v1', 8080);
    await expect(kube.waitReady('broken', 1, { timeoutMs: 3_000 })).rejects.toMatchObject({
      code: 'WAIT_TIMEOUT',
    });
    const problems = await kube.podImagePullProblems('app=broken');
    expect(problems[0]?.reason).toMatch(/ErrImagePull|ImagePullBackOff/);
  });
});
