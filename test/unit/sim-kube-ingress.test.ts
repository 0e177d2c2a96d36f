import type { V1DaemonSet } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { wildcardDnsAddress } from '../../src/evidence/checkpoints/wildcard-dns.js';
import {
  daemonSetHttpPort,
  ingressFacts,
  ingressUrl,
} from '../../src/runners/recipes/expose/ingress-endpoint.js';
import { nginxErrorPage } from '../../src/sim/kube/ingress-pages.js';
import { pathMatches, requestHost, routeRequest, servedByNginx } from '../../src/sim/kube/ingress-routing.js';
import type { Ingress, IngressClass, IngressPath } from '../../src/sim/kube/types.js';
import { validateIngress } from '../../src/sim/kube/validate.js';

let n = 0;
function ing(
  name: string,
  rules: { host?: string; paths: Partial<IngressPath>[] }[],
  extra: Partial<Ingress['spec']> = {},
): Ingress {
  n += 1;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name,
      namespace: 'default',
      uid: name,
      resourceVersion: '1',
      creationTimestamp: `2025-01-01T00:00:${String(n).padStart(2, '0')}Z`,
    },
    spec: {
      ingressClassName: 'nginx-ingress-controller',
      rules: rules.map((r) => ({
        host: r.host,
        http: {
          paths: r.paths.map((p) => ({
            path: p.path ?? '/',
            pathType: p.pathType ?? 'Prefix',
            backend: p.backend ?? { service: { name: name, port: { number: 8080 } } },
          })),
        },
      })),
      ...extra,
    },
  };
}
const to = (svc: string) => ({ service: { name: svc, port: { number: 8080 } } });
const svcOf = (r: ReturnType<typeof routeRequest>) => r?.backend.service?.name;

describe('ingress-nginx routing (networking.k8s.io/v1 semantics)', () => {
  it('Prefix matches element by element, ignoring a trailing slash; Exact only the whole path', () => {
    expect(pathMatches('Prefix', '/foo', '/foo')).toBe(true);
    expect(pathMatches('Prefix', '/foo', '/foo/')).toBe(true);
    expect(pathMatches('Prefix', '/foo', '/foo/bar')).toBe(true);
    expect(pathMatches('Prefix', '/foo', '/foobar')).toBe(false);
    expect(pathMatches('Prefix', '/foo/', '/foo')).toBe(true);
    expect(pathMatches('Prefix', '/', '/anything')).toBe(true);
    expect(pathMatches('Exact', '/foo', '/foo')).toBe(true);
    expect(pathMatches('Exact', '/foo', '/foo/')).toBe(false);
    // ingress-nginx: an nginx prefix location.
    expect(pathMatches('ImplementationSpecific', '/foo', '/foobar')).toBe(true);
  });

  it('the longest path wins, Exact before Prefix on a tie, then the oldest Ingress', () => {
    const ings = [
      ing('root', [{ host: 'a.example', paths: [{ path: '/' }] }]),
      ing('api', [{ host: 'a.example', paths: [{ path: '/api', backend: to('api') }] }]),
      ing('exact', [
        { host: 'a.example', paths: [{ path: '/api', pathType: 'Exact', backend: to('exact') }] },
      ]),
      ing('late', [{ host: 'a.example', paths: [{ path: '/api', pathType: 'Exact', backend: to('late') }] }]),
    ];
    expect(svcOf(routeRequest(ings, 'a.example', '/api'))).toBe('exact');
    expect(svcOf(routeRequest(ings, 'a.example', '/api/v1'))).toBe('api');
    expect(svcOf(routeRequest(ings, 'a.example', '/apix'))).toBe('root');
  });

  it('hosts: exact name, then a one-label wildcard, then the catch-all of host-less rules; else the 404 backend', () => {
    const ings = [
      ing('exact', [{ host: 'app.example.com', paths: [{}] }]),
      ing('wild', [{ host: '*.example.com', paths: [{}] }]),
      ing('any', [{ paths: [{ path: '/only' }] }]),
    ];
    expect(svcOf(routeRequest(ings, 'app.example.com', '/'))).toBe('exact');
    expect(svcOf(routeRequest(ings, 'web.example.com', '/'))).toBe('wild');
    expect(svcOf(routeRequest(ings, 'a.b.example.com', '/only'))).toBe('any');
    expect(routeRequest(ings, 'a.b.example.com', '/')).toBeUndefined();
    // A host with a server of its own but no matching path does not fall through to `_`.
    const split = [
      ing('v1', [{ host: 'api.example.com', paths: [{ path: '/v1' }] }]),
      ing('all', [{ paths: [{}] }]),
    ];
    expect(svcOf(routeRequest(split, 'api.example.com', '/v1/x'))).toBe('v1');
    expect(routeRequest(split, 'api.example.com', '/other')).toBeUndefined();
    expect(svcOf(routeRequest(split, 'else.example.com', '/other'))).toBe('all');
  });

  it("an Ingress's defaultBackend answers what its rules do not match", () => {
    const withDefault = ing('d', [{ host: 'h.example', paths: [{ path: '/app' }] }], {
      defaultBackend: to('fallback'),
    });
    expect(svcOf(routeRequest([withDefault], 'h.example', '/app/x'))).toBe('d');
    expect(svcOf(routeRequest([withDefault], 'h.example', '/other'))).toBe('fallback');
    expect(svcOf(routeRequest([withDefault], 'unknown.example', '/'))).toBe('fallback');
  });

  it('serves only its IngressClasses (or the legacy annotation), not class-less Ingresses', () => {
    const classes: IngressClass[] = [
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'IngressClass',
        metadata: { name: 'nginx-ingress-controller', uid: '', resourceVersion: '', creationTimestamp: '' },
        spec: { controller: 'k8s.io/ingress-nginx' },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'IngressClass',
        metadata: { name: 'other', uid: '', resourceVersion: '', creationTimestamp: '' },
        spec: { controller: 'example.com/other' },
      },
    ];
    const a = ing('a', [{ paths: [{}] }]);
    expect(servedByNginx(a, classes)).toBe(true);
    expect(servedByNginx(ing('b', [{ paths: [{}] }], { ingressClassName: 'other' }), classes)).toBe(false);
    const bare = ing('c', [{ paths: [{}] }], { ingressClassName: undefined });
    expect(servedByNginx(bare, classes)).toBe(false);
    bare.metadata.annotations = { 'kubernetes.io/ingress.class': 'nginx' };
    expect(servedByNginx(bare, classes)).toBe(true);
  });

  it('reads the Host header without port or trailing dot', () => {
    expect(requestHost('Hello-Node.127.0.0.1.nip.io:31080')).toBe('hello-node.127.0.0.1.nip.io');
    expect(requestHost('example.com.')).toBe('example.com');
    expect(requestHost(undefined)).toBe('');
  });

  it("nginx's own pages: CRLF lines, the plain nginx footer (server_tokens off)", () => {
    expect(nginxErrorPage(404)).toBe(
      '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
    );
    expect(nginxErrorPage(503)).toContain('<title>503 Service Temporarily Unavailable</title>');
  });
});

describe('Ingress validation (kubernetes pkg/apis/networking/validation)', () => {
  const messages = (i: Ingress) => validateIngress(i).map((c) => `${c.field}: ${c.message}`);
  it('accepts the lab Ingress', () => {
    expect(messages(ing('hello-node', [{ host: 'hello-node.127.0.0.1.nip.io', paths: [{}] }]))).toEqual([]);
  });
  it('refuses a missing pathType, a relative path, a backend without a port, an IP host', () => {
    const bad = ing('bad', [{ host: '10.0.0.1', paths: [{ path: 'foo' }] }]);
    const rule = bad.spec.rules?.[0];
    const paths = rule?.http?.paths ?? [];
    paths.push({ path: '/x', backend: { service: { name: 'svc' } } } as IngressPath);
    paths.push({ path: '/y', pathType: 'Regex', backend: to('svc') });
    paths.push({ path: '/z', pathType: 'Prefix', backend: { service: { name: 'svc', port: {} } } });
    expect(messages(bad)).toEqual([
      'spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
      'spec.rules[0].http.paths[0].path: Invalid value: "foo": must be an absolute path',
      'spec.rules[0].http.paths[1].pathType: Required value: pathType must be specified',
      'spec.rules[0].http.paths[2].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
      'spec.rules[0].http.paths[3].backend: Required value: port name or number is required',
    ]);
  });
});

describe('finding the ingress controller', () => {
  it('nip.io and sslip.io names carry their address', () => {
    expect(wildcardDnsAddress('hello-node.172.16.7.20.nip.io')).toBe('172.16.7.20');
    expect(wildcardDnsAddress('hello-node-172-16-7-20.nip.io')).toBe('172.16.7.20');
    expect(wildcardDnsAddress('127-0-0-1.sslip.io')).toBe('127.0.0.1');
    expect(wildcardDnsAddress('hello-node.300.1.1.1.nip.io')).toBeUndefined();
    expect(wildcardDnsAddress('hello-node.example.com')).toBeUndefined();
  });

  it("the controller's HTTP port: hostPort, or the container port on the host network (Charmed Kubernetes: 80)", () => {
    const charm = {
      spec: {
        selector: {},
        template: {
          spec: {
            hostNetwork: true,
            containers: [
              {
                name: 'nginx-ingress-controllerkubernetes-worker',
                image: 'rocks.canonical.com/cdk/ingress-nginx/controller:v1.6.4',
                args: ['/nginx-ingress-controller', '--configmap=$(POD_NAMESPACE)/nginx-configuration'],
                ports: [
                  { name: 'http', containerPort: 80 },
                  { name: 'https', containerPort: 443 },
                ],
              },
            ],
          },
        },
      },
    } as V1DaemonSet;
    expect(daemonSetHttpPort(charm)).toBe(80);
    const c = charm.spec?.template.spec?.containers[0];
    if (c?.ports?.[0]) c.ports[0].hostPort = 31234;
    expect(daemonSetHttpPort(charm)).toBe(31234);
    const other = structuredClone(charm);
    if (other.spec?.template.spec?.containers[0]) {
      other.spec.template.spec.containers[0].image = 'traefik:v3';
      other.spec.template.spec.containers[0].args = [];
    }
    expect(daemonSetHttpPort(other)).toBeUndefined();
  });

  it('Ingress facts and URL: the published port only when it is not 80', () => {
    const f = ingressFacts({
      metadata: { name: 'hello-node' },
      spec: {
        ingressClassName: 'nginx-ingress-controller',
        rules: [{ host: 'hello-node.127.0.0.1.nip.io' }],
      },
      status: { loadBalancer: { ingress: [{ ip: '127.0.0.1', ports: [{ port: 35111, protocol: 'TCP' }] }] } },
    });
    expect(f).toEqual({
      name: 'hello-node',
      host: 'hello-node.127.0.0.1.nip.io',
      className: 'nginx-ingress-controller',
      addresses: ['127.0.0.1'],
      ports: [35111],
    });
    expect(ingressUrl('hello-node.172.16.7.20.nip.io', 80)).toBe('http://hello-node.172.16.7.20.nip.io/');
    expect(ingressUrl('hello-node.127.0.0.1.nip.io', 35111)).toBe(
      'http://hello-node.127.0.0.1.nip.io:35111/',
    );
  });
});
