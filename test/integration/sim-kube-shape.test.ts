import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeSim } from '../../src/sim/kube/index.js';
import { shapeProblems } from '../support/json-shape.js';
import { HELLO_NODE, kubectl, startTestSim, waitFor } from './sim-kube-support.js';

// `kubectl get … -o json` from the Kubernetes stand-in has the keys and value types of real
// API servers' objects (fixtures/real), so what parses the real ones parses the simulated ones.

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/real/${name}`, import.meta.url), 'utf8'));

/** Maps keyed by names (labels, selectors, annotations), not fields. */
const dicts = new Set([
  'labels',
  'annotations',
  'matchLabels',
  'selector',
  'nodeSelector',
  'limits',
  'requests',
]);

let sim: KubeSim;

beforeAll(async () => {
  ({ sim } = await startTestSim({ 'labops/hello-node:v1': HELLO_NODE }));
  const created = await kubectl(sim, [
    'create',
    'deployment',
    'hello-node',
    '--image=labops/hello-node:v1',
    '--port=8080',
  ]);
  expect(created.code, created.stderr).toBe(0);
  await waitFor(async () => {
    const r = await kubectl(sim, ['get', 'deployment', 'hello-node', '-o', 'json']);
    return (JSON.parse(r.stdout) as { status?: { readyReplicas?: number } }).status?.readyReplicas === 1;
  }, 60_000);
  const exposed = await kubectl(sim, [
    'expose',
    'deployment',
    'hello-node',
    '--type=LoadBalancer',
    '--port=8080',
  ]);
  expect(exposed.code, exposed.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await sim?.close();
});

async function getJson(args: string[]): Promise<unknown> {
  const r = await kubectl(sim, [...args, '-o', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('kubectl get -o json from the stand-in has the real shapes', () => {
  it('a Deployment', async () => {
    const problems = shapeProblems(
      await getJson(['get', 'deployment', 'hello-node']),
      [
        fixture('kubectl-get-deploy-rollout-progressing.json'),
        fixture('kubectl-get-deploy-progress-deadline-exceeded.json'),
      ],
      // selfLink left the API in 1.24; the captures predate it.
      // unavailableReplicas is omitted when 0 (both captures are mid-rollout).
      { dicts, optional: ['selfLink', 'unavailableReplicas'] },
    );
    expect(problems).toEqual([]);
  });

  it('a LoadBalancer Service with its ingress', async () => {
    const svc = await waitFor(async () => {
      const s = (await getJson(['get', 'service', 'hello-node'])) as {
        status?: { loadBalancer?: { ingress?: unknown[] } };
      };
      return s.status?.loadBalancer?.ingress?.length ? s : undefined;
    }, 60_000);
    const problems = shapeProblems(
      svc,
      [
        fixture('kubectl-get-svc-loadbalancer-octavia-occm.json'),
        fixture('kubectl-get-svc-loadbalancer-hostname-aws.json'),
      ],
      // A single port needs no name (`kubectl expose` sets none); `ipMode` came with 1.30's
      // LoadBalancerIPMode, after the captures.
      {
        dicts,
        optional: ['selfLink', 'finalizers', 'annotations', 'labels', 'name'],
        extra: ['ipMode'],
      },
    );
    expect(problems).toEqual([]);
  });
});
