/**
 * The lab guide's Kubernetes steps (LAB.md steps 7-9) with the real kubectl against the
 * simulated cluster: deployments, scaling, rollouts, NodePort and LoadBalancer traffic.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeSim } from '../../src/sim/kube/index.js';
import {
  get,
  HELLO_NODE,
  hostOf,
  kubectl,
  makeV2Context,
  startTestSim,
  waitFor,
} from './sim-kube-support.js';

const LB_MANIFEST = `apiVersion: v1
kind: Service
metadata: {name: hello-node, labels: {app: hello-node}}
spec:
  type: LoadBalancer
  ports: [{port: 8080, targetPort: 8080}]
  selector: {app: hello-node}
`;

/** Processes whose working directory is inside `dir` (pod processes of that sim). */
function processesUnder(dir: string): number[] {
  const out: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`).startsWith(dir)) out.push(Number(pid));
    } catch {
      // The process ended or is not ours to inspect.
    }
  }
  return out;
}

describe('kubectl against the simulated cluster', () => {
  let sim: KubeSim;
  let stateDir: string;
  let lbUrl = '';

  beforeAll(async () => {
    ({ sim, stateDir } = await startTestSim({
      'labops/hello-node:v1': HELLO_NODE,
      'labops/hello-node:v2': makeV2Context(),
    }));
  });

  afterAll(async () => {
    await sim?.close();
  });

  const podNames = async (): Promise<string[]> => {
    const r = await kubectl(sim, [
      'get',
      'pods',
      '-l',
      'app=hello-node',
      '-o',
      'jsonpath={.items[*].metadata.name}',
    ]);
    return r.stdout.split(/\s+/).filter(Boolean);
  };

  it('creates, scales and rolls out the deployment', async () => {
    const created = await kubectl(sim, [
      'create',
      'deployment',
      'hello-node',
      '--image=labops/hello-node:v1',
      '--port=8080',
    ]);
    expect(created).toMatchObject({ code: 0, stdout: 'deployment.apps/hello-node created' });
    expect((await kubectl(sim, ['scale', 'deployment', 'hello-node', '--replicas=5'])).stdout).toBe(
      'deployment.apps/hello-node scaled',
    );
    const status = await kubectl(sim, ['rollout', 'status', 'deployment/hello-node', '--timeout=30s']);
    expect(status.code).toBe(0);
    expect(status.stdout.trim().split('\n').pop()).toBe('deployment "hello-node" successfully rolled out');
    expect(await podNames()).toHaveLength(5);
  });

  it('lists everything with kubectl get all', async () => {
    const r = await kubectl(sim, ['get', 'all']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/m);
    expect(
      r.stdout.match(
        /^pod\/hello-node-[bcdfghjklmnpqrstvwxz2456789]{9,10}-[bcdfghjklmnpqrstvwxz2456789]{5}\s+1\/1\s+Running\s+0\s+\d+s$/gm,
      ),
    ).toHaveLength(5);
    expect(r.stdout).toMatch(
      /^service\/kubernetes\s+ClusterIP\s+10\.152\.183\.1\s+<none>\s+443\/TCP\s+\d+s$/m,
    );
    expect(r.stdout).toMatch(/^deployment\.apps\/hello-node\s+5\/5\s+5\s+5\s+\d+s$/m);
    expect(r.stdout).toMatch(/^replicaset\.apps\/hello-node-\w+\s+5\s+5\s+5\s+\d+s$/m);
  });

  it('exposes the deployment on a NodePort that answers', async () => {
    expect((await kubectl(sim, ['expose', 'deployment', 'hello-node', '--type=NodePort'])).stdout).toBe(
      'service/hello-node exposed',
    );
    const port = Number(
      (await kubectl(sim, ['get', 'svc', 'hello-node', '-o', 'jsonpath={.spec.ports[0].nodePort}'])).stdout,
    );
    expect(port).toBeGreaterThanOrEqual(30000);
    expect(port).toBeLessThanOrEqual(32767);
    const res = await get(`http://127.0.0.1:${port}/`);
    expect(res.body).toMatch(/^\{ "host": hello-node-\w+-\w{5}, "message": "Hello World!"\}$/);
    expect(await podNames()).toContain(hostOf(res.body));
  });

  it('turns the service into a LoadBalancer with kubectl apply and spreads 300 connections over the 5 pods', async () => {
    const applied = await kubectl(sim, ['apply', '-f', '-'], LB_MANIFEST);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toBe('service/hello-node configured');
    const ip = await waitFor(
      async () =>
        (
          await kubectl(sim, [
            'get',
            'svc',
            'hello-node',
            '-o',
            'jsonpath={.status.loadBalancer.ingress[0].ip}',
          ])
        ).stdout,
    );
    expect(ip).toMatch(/^127\.0\.0\.\d+$/);
    expect(ip).not.toBe('127.0.0.1');
    const table = await kubectl(sim, ['get', 'svc', 'hello-node']);
    expect(table.stdout).toMatch(
      new RegExp(
        `^hello-node\\s+LoadBalancer\\s+10\\.152\\.183\\.\\d+\\s+${ip.replace(/\./g, '\\.')}\\s+8080:3\\d{4}/TCP\\s+\\d+s$`,
        'm',
      ),
    );
    lbUrl = `http://${ip}:8080/`;
    const counts = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const host = hostOf((await get(lbUrl)).body) ?? 'none';
      counts.set(host, (counts.get(host) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual((await podNames()).sort());
    for (const n of counts.values()) expect(n).toBe(60);
  });

  it('rolls out v2 with kubectl set image and rolls back with kubectl rollout undo', async () => {
    const set = await kubectl(sim, [
      'set',
      'image',
      'deployment/hello-node',
      'hello-node=labops/hello-node:v2',
    ]);
    expect(set.stdout).toBe('deployment.apps/hello-node image updated');
    const status = await kubectl(sim, ['rollout', 'status', 'deployment/hello-node', '--timeout=30s']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(
      /^Waiting for deployment "hello-node" rollout to finish: \d+ (out of 5 new replicas have been updated|old replicas are pending termination|of 5 updated replicas are available)\.\.\.$/m,
    );
    expect(status.stdout.trim().split('\n').pop()).toBe('deployment "hello-node" successfully rolled out');
    expect((await get(lbUrl)).body).toContain('"message": "Hello World v2!"');
    const rs = await kubectl(sim, [
      'get',
      'rs',
      '-o',
      'jsonpath={range .items[*]}{.spec.replicas}{" "}{end}',
    ]);
    expect(rs.stdout.trim().split(' ').sort()).toEqual(['0', '5']);

    expect((await kubectl(sim, ['rollout', 'undo', 'deployment/hello-node'])).stdout).toBe(
      'deployment.apps/hello-node rolled back',
    );
    expect((await kubectl(sim, ['rollout', 'status', 'deployment/hello-node', '--timeout=30s'])).code).toBe(
      0,
    );
    expect((await get(lbUrl)).body).toContain('"message": "Hello World!"');
    const rev = await kubectl(sim, [
      'get',
      'deploy',
      'hello-node',
      '-o',
      'jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision} {.spec.template.spec.containers[0].image}',
    ]);
    expect(rev.stdout).toBe('3 labops/hello-node:v1');
  });

  it('keeps answering while a pod is deleted, and replaces the pod', async () => {
    const before = await podNames();
    const victim = before[0] as string;
    let ok = 0;
    let failed = 0;
    let stop = false;
    const loop = (async () => {
      while (!stop) {
        try {
          if ((await get(lbUrl)).status === 200) ok += 1;
          else failed += 1;
        } catch {
          failed += 1;
        }
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    const del = await kubectl(sim, ['delete', 'pod', victim]);
    expect(del.stdout).toBe(`pod "${victim}" deleted`);
    await new Promise((r) => setTimeout(r, 500));
    stop = true;
    await loop;
    expect(ok).toBeGreaterThan(20);
    expect(failed).toBeLessThanOrEqual(1);
    const after = await waitFor(async () => {
      const names = await podNames();
      return names.length === 5 && !names.includes(victim) ? names : undefined;
    });
    expect(after.filter((n) => !before.includes(n))).toHaveLength(1);
  });

  it('leaves no pod process and no listener behind when closed', async () => {
    expect(processesUnder(stateDir).length).toBeGreaterThanOrEqual(5);
    const port = Number(
      (await kubectl(sim, ['get', 'svc', 'hello-node', '-o', 'jsonpath={.spec.ports[0].nodePort}'])).stdout,
    );
    await sim.close();
    expect(processesUnder(stateDir)).toEqual([]);
    await expect(get(`http://127.0.0.1:${port}/`, 1000)).rejects.toThrow();
    await expect(get(lbUrl, 1000)).rejects.toThrow();
    await expect(get(`${sim.url}/version`, 1000)).rejects.toThrow();
  });
});
