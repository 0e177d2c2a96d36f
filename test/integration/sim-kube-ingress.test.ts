/**
 * The workers' ingress controller of the simulated cluster, driven with the real kubectl:
 * an Ingress applied as the lab does it, requests through the controller (Node http, with
 * the Host header a browser sends for the nip.io name), nginx's 404 and 503, the Ingress
 * status, and the guide's dead extensions/v1beta1 Ingress refused as by a 1.22+ server.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeSim } from '../../src/sim/kube/index.js';
import { HELLO_NODE, hostOf, kubectl, startTestSim, waitFor } from './sim-kube-support.js';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One GET on a new connection to 127.0.0.1:port, with `host` as the Host header. */
function getVia(port: number, host: string, path = '/'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path, headers: { host: `${host}:${port}` }, agent: false, timeout: 5000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

const HOST = 'hello-node.127.0.0.1.nip.io';

const LAB_INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: hello-node}
spec:
  rules:
  - host: ${HOST}
    http:
      paths:
      - path: /
        pathType: Prefix
        backend: {service: {name: hello-node, port: {number: 8080}}}
`;

// The guide's manifest (roteiro 5), as it was written for clusters before 1.22.
const GUIDE_V1BETA1 = `apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: hello-node-ingress
spec:
  rules:
  - host: hello-node.172.16.7.20.xip.io
    http:
      paths:
      - path: /
        backend:
          serviceName: hello-node
          servicePort: 8080
`;

const NGINX_404 =
  '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

describe('the workers’ ingress-nginx on the simulated cluster, with kubectl', () => {
  let sim: KubeSim;
  let stateDir: string;
  let port = 0;

  beforeAll(async () => {
    ({ sim, stateDir } = await startTestSim({ 'labops/hello-node:v1': HELLO_NODE }));
    for (const args of [
      ['create', 'deployment', 'hello-node', '--image=labops/hello-node:v1', '--port=8080', '--replicas=3'],
      ['expose', 'deployment', 'hello-node', '--port=8080'],
    ])
      expect((await kubectl(sim, args)).code).toBe(0);
    expect((await kubectl(sim, ['rollout', 'status', 'deployment/hello-node', '--timeout=60s'])).code).toBe(
      0,
    );
  }, 90_000);

  afterAll(async () => {
    await sim?.close();
  });

  it('runs as Charmed Kubernetes does: the default IngressClass and a host-network DaemonSet publishing its port', async () => {
    const classes = await kubectl(sim, ['get', 'ingressclass']);
    expect(classes.stdout).toMatch(/^nginx-ingress-controller\s+k8s\.io\/ingress-nginx\s+<none>\s+\d+s$/m);
    const isDefault = await kubectl(sim, [
      'get',
      'ingressclass',
      'nginx-ingress-controller',
      '-o',
      'jsonpath={.metadata.annotations.ingressclass\\.kubernetes\\.io/is-default-class}',
    ]);
    expect(isDefault.stdout).toBe('true');
    const ds = await kubectl(sim, [
      'get',
      'daemonset',
      '-n',
      'ingress-nginx-kubernetes-worker',
      'nginx-ingress-controller-kubernetes-worker',
      '-o',
      'jsonpath={.spec.template.spec.hostNetwork} {.spec.template.spec.containers[0].ports[?(@.name=="http")].hostPort}',
    ]);
    const [hostNetwork, hostPort] = ds.stdout.split(' ');
    expect(hostNetwork).toBe('true');
    port = Number(hostPort);
    expect(port).toBeGreaterThan(1024);
    // Nothing routed yet: the controller's own 404 on any host.
    const r = await getVia(port, 'anything.example');
    expect(r.status).toBe(404);
  });

  it('routes an applied Ingress to the pods, per request, and writes the worker address in its status', async () => {
    const applied = await kubectl(sim, ['apply', '-f', '-'], LAB_INGRESS);
    expect(applied).toMatchObject({ code: 0, stdout: 'ingress.networking.k8s.io/hello-node created' });
    // The DefaultIngressClass admission filled in the class.
    expect(
      (await kubectl(sim, ['get', 'ingress', 'hello-node', '-o', 'jsonpath={.spec.ingressClassName}']))
        .stdout,
    ).toBe('nginx-ingress-controller');
    const status = await waitFor(async () => {
      const s = (
        await kubectl(sim, [
          'get',
          'ingress',
          'hello-node',
          '-o',
          'jsonpath={.status.loadBalancer.ingress[0].ip} {.status.loadBalancer.ingress[0].ports[0].port}',
        ])
      ).stdout;
      return s.trim().includes(' ') ? s : undefined;
    });
    expect(status).toBe(`127.0.0.1 ${port}`);
    const table = await kubectl(sim, ['get', 'ingress']);
    expect(table.stdout).toMatch(
      new RegExp(
        `^hello-node\\s+nginx-ingress-controller\\s+${HOST.replace(/\./g, '\\.')}\\s+127\\.0\\.0\\.1\\s+80\\s+\\d+s$`,
        'm',
      ),
    );
    const hosts = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const r = await getVia(port, HOST);
      expect(r.status).toBe(200);
      expect(r.body).toMatch(/^\{ "host": hello-node-\w+-\w{5}, "message": "Hello World!"\}$/);
      hosts.add(hostOf(r.body) ?? '');
    }
    // ingress-nginx balances each request (round robin), unlike a TCP proxy per connection.
    expect(hosts.size).toBe(3);
  });

  it("answers nginx's own 404 for an unmatched host or path, and 503 when the service has no ready pod", async () => {
    const other = await kubectl(
      sim,
      ['apply', '-f', '-'],
      `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: api}
spec:
  rules:
  - host: api.127.0.0.1.nip.io
    http:
      paths:
      - {path: /v1, pathType: Prefix, backend: {service: {name: hello-node, port: {number: 8080}}}}
      - {path: /down, pathType: Exact, backend: {service: {name: nothing-here, port: {number: 80}}}}
`,
    );
    expect(other.code).toBe(0);
    await waitFor(async () => (await getVia(port, 'api.127.0.0.1.nip.io', '/v1/x')).status === 200);
    const unmatched = await getVia(port, 'api.127.0.0.1.nip.io', '/v1beta');
    expect(unmatched).toMatchObject({ status: 404, body: NGINX_404 });
    expect(unmatched.headers['content-type']).toBe('text/html');
    // ingress-nginx clears the Server header (show-server-tokens false).
    expect(unmatched.headers.server).toBeUndefined();
    expect(await getVia(port, 'unknown.127.0.0.1.nip.io')).toMatchObject({ status: 404, body: NGINX_404 });
    const down = await getVia(port, 'api.127.0.0.1.nip.io', '/down');
    expect(down.status).toBe(503);
    expect(down.body).toContain('<center><h1>503 Service Temporarily Unavailable</h1></center>');
  });

  it('leaves Ingresses of another class alone', async () => {
    const r = await kubectl(
      sim,
      ['apply', '-f', '-'],
      `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: other}
spec: {controller: example.com/other}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: elsewhere}
spec:
  ingressClassName: other
  rules:
  - host: elsewhere.127.0.0.1.nip.io
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: hello-node, port: {number: 8080}}}}
`,
    );
    expect(r.code, r.stderr).toBe(0);
    await new Promise((res) => setTimeout(res, 500));
    expect((await getVia(port, 'elsewhere.127.0.0.1.nip.io')).status).toBe(404);
    const addr = await kubectl(sim, ['get', 'ingress', 'elsewhere', '-o', 'jsonpath={.status.loadBalancer}']);
    expect(addr.stdout).toBe('{}');
  });

  it('refuses the guide’s extensions/v1beta1 Ingress as kubectl does against a 1.22+ server', async () => {
    const r = await kubectl(sim, ['apply', '-f', '-'], GUIDE_V1BETA1);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'error: resource mapping not found for name: "hello-node-ingress" namespace: "" from "STDIN": no matches for kind "Ingress" in version "extensions/v1beta1"\nensure CRDs are installed first',
    );
    expect((await kubectl(sim, ['api-versions'])).stdout.split('\n')).not.toContain('extensions/v1beta1');
    // A client that skips discovery and posts to the old path gets the server's plain 404.
    const res = await fetch(`${sim.url}/apis/extensions/v1beta1/namespaces/default/ingresses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'x' } }),
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      reason: 'NotFound',
      message: 'the server could not find the requested resource',
    });
  });

  it('validates v1 Ingresses with the API server’s messages', async () => {
    const r = await kubectl(
      sim,
      ['apply', '-f', '-'],
      `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: bad}
spec:
  rules:
  - host: bad.example.com
    http:
      paths:
      - {path: /, backend: {service: {name: hello-node, port: {number: 8080}}}}
`,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    );
  });

  it('kubectl create ingress (protobuf body) works, and the port survives a restart of the cluster', async () => {
    const created = await kubectl(sim, [
      'create',
      'ingress',
      'made',
      '--rule=made.127.0.0.1.nip.io/*=hello-node:8080',
    ]);
    expect(created).toMatchObject({ code: 0, stdout: 'ingress.networking.k8s.io/made created' });
    await waitFor(async () => (await getVia(port, 'made.127.0.0.1.nip.io', '/any/path')).status === 200);
    await sim.close();
    ({ sim } = await startTestSim({ 'labops/hello-node:v1': HELLO_NODE }, { stateDir }));
    const again = await kubectl(sim, [
      'get',
      'ingress',
      'hello-node',
      '-o',
      'jsonpath={.status.loadBalancer.ingress[0].ports[0].port}',
    ]);
    expect(Number(again.stdout)).toBe(port);
    await waitFor(async () => (await getVia(port, HOST).catch(() => ({ status: 0 }))).status === 200, 30_000);
  }, 60_000);
});
