import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kube } from '../../src/runners/tools/kube/api.js';
import { createKube } from '../../src/runners/tools/kube/client.js';
import type { KubeSim } from '../../src/sim/kube/index.js';
import { get, HELLO_NODE, kubectl, startTestSim, waitFor } from './sim-kube-support.js';

// The simulated kubelet keeps the images it pulled, as a real node does: with IfNotPresent
// (the default of a non-latest tag) a tag pushed again is not pulled again; with Always it is.
// And the adapter's rollout undo is kubectl's: paused deployments refused, annotations restored.

let sim: KubeSim;
let stateDir: string;
let kube: Kube;
const registry = mkdtempSync(join(tmpdir(), 'sim-kube-registry-'));
const IMAGE = 'team1/hello-node:v1';

/** "Pushes" the tag again with another answer. */
function repush(message: string): void {
  const server = join(registry, 'server.js');
  writeFileSync(server, readFileSync(server, 'utf8').replace(/Hello World[^"!]*!/, message));
}

async function imageIdOf(app: string): Promise<string> {
  return waitFor(async () => {
    const r = await kubectl(sim, ['get', 'pods', '-l', `app=${app}`, '-o', 'json']);
    const pods = (
      JSON.parse(r.stdout || '{"items":[]}') as {
        items: { status?: { containerStatuses?: { imageID?: string }[] } }[];
      }
    ).items;
    return pods[0]?.status?.containerStatuses?.[0]?.imageID || undefined;
  }, 30_000);
}

/** The body one pod of `app` answers with, through a NodePort of its own. */
async function answerOf(app: string): Promise<string> {
  await kubectl(sim, ['expose', 'deployment', app, '--type=NodePort', '--port=8080']);
  const port = (await kubectl(sim, ['get', 'svc', app, '-o', 'jsonpath={.spec.ports[0].nodePort}'])).stdout;
  return waitFor(async () => (await get(`http://127.0.0.1:${port}/`).catch(() => undefined))?.body, 30_000);
}

beforeAll(async () => {
  cpSync(HELLO_NODE, registry, { recursive: true });
  ({ sim, stateDir } = await startTestSim({ [IMAGE]: registry }));
  const kc = new KubeConfig();
  kc.loadFromFile(sim.kubeconfigPath);
  kc.loadFromOptions({
    clusters: kc.clusters.map((c) => ({ ...c, skipTLSVerify: true })),
    users: kc.users,
    contexts: kc.contexts,
    currentContext: kc.currentContext,
  });
  kube = createKube({ kubeConfig: kc, pollMs: 100 });
}, 30_000);

afterAll(async () => {
  await sim?.close();
  rmSync(stateDir, { recursive: true, force: true });
  rmSync(registry, { recursive: true, force: true });
});

describe('the simulated kubelet and image pull policies', () => {
  it('IfNotPresent keeps the node’s copy of a re-pushed tag; Always pulls it again', async () => {
    expect((await kubectl(sim, ['create', 'deployment', 'first', `--image=${IMAGE}`])).code).toBe(0);
    const first = await imageIdOf('first');
    repush('Hello World again!');
    expect((await kubectl(sim, ['create', 'deployment', 'second', `--image=${IMAGE}`])).code).toBe(0);
    const dep = await kubectl(sim, [
      'get',
      'deployment',
      'second',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].imagePullPolicy}',
    ]);
    expect(dep.stdout).toBe('IfNotPresent');
    expect(await imageIdOf('second')).toBe(first);
    // The adapter's deployments pull on every start.
    await kube.createDeployment('third', IMAGE, 8080);
    const third = await imageIdOf('third');
    expect(third).not.toBe(first);
    // What they serve: the node's old copy, and the tag as pushed again.
    expect(await answerOf('second')).toContain('Hello World!');
    expect(await answerOf('third')).toContain('Hello World again!');
  }, 60_000);

  it('Never without the image on the node: ErrImageNeverPull with the kubelet’s words', async () => {
    const manifest = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'never' },
      spec: {
        selector: { matchLabels: { app: 'never' } },
        template: {
          metadata: { labels: { app: 'never' } },
          spec: { containers: [{ name: 'c', image: 'team1/other:v1', imagePullPolicy: 'Never' }] },
        },
      },
    };
    expect((await kubectl(sim, ['apply', '-f', '-'], JSON.stringify(manifest))).code).toBe(0);
    const msg = await waitFor(async () => {
      const r = await kubectl(sim, [
        'get',
        'pods',
        '-l',
        'app=never',
        '-o',
        'jsonpath={.items[0].status.containerStatuses[0].state.waiting.message}',
      ]);
      return r.stdout.includes('pull policy') ? r.stdout : undefined;
    }, 20_000);
    expect(msg).toBe('Container image "team1/other:v1" is not present with pull policy of Never');
  }, 30_000);
});

describe('rollout undo through the adapter', () => {
  it('restores the change-cause of the revision and refuses a paused deployment', async () => {
    await kube.createDeployment('undo', IMAGE, 8080);
    await kube.annotateDeployment('undo', 'kubernetes.io/change-cause', 'deploy v1');
    await waitFor(async () => {
      const r = await kubectl(sim, [
        'get',
        'rs',
        '-l',
        'app=undo',
        '-o',
        'jsonpath={.items[*].metadata.annotations.kubernetes\\.io/change-cause}',
      ]);
      return r.stdout === 'deploy v1' || undefined;
    }, 20_000);
    await kube.setImage('undo', 'undo', 'team1/hello-node:v2');
    await kube.annotateDeployment('undo', 'kubernetes.io/change-cause', 'rollout v2');
    await waitFor(
      async () =>
        (await kube.getDeployment('undo'))?.metadata?.annotations?.['deployment.kubernetes.io/revision'] ===
          '2' || undefined,
      20_000,
    );
    const r = await kube.rolloutUndo('undo');
    expect(r.kind).toBe('done');
    const after = await kube.getDeployment('undo');
    expect(after?.metadata?.annotations?.['kubernetes.io/change-cause']).toBe('deploy v1');
    expect(after?.spec?.template.spec?.containers[0]?.image).toBe(IMAGE);

    expect((await kubectl(sim, ['rollout', 'pause', 'deployment/undo'])).code).toBe(0);
    await expect(kube.rolloutUndo('undo')).rejects.toMatchObject({
      code: 'DEPLOYMENT_PAUSED',
      message: expect.stringContaining('kubectl rollout resume deployment/undo'),
    });
    // Refused before any change: still the restored revision's template.
    expect((await kube.getDeployment('undo'))?.spec?.template.spec?.containers[0]?.image).toBe(IMAGE);
  }, 60_000);
});
