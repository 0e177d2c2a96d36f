/** Pure parts of the simulated cluster: patches, selectors, protobuf bodies, hashes, ages. */
import { describe, expect, it } from 'vitest';
import { humanDuration } from '../../src/sim/kube/duration.js';
import { parseDockerfile } from '../../src/sim/kube/image.js';
import { podTemplateHash, safeEncode } from '../../src/sim/kube/names.js';
import { jsonPatch, mergePatch, strategicMerge } from '../../src/sim/kube/patch.js';
import { decodeKubeProtobuf } from '../../src/sim/kube/protobuf.js';
import { surgeAndUnavailable } from '../../src/sim/kube/rollout-math.js';
import { parseFieldSelector, parseLabelSelector } from '../../src/sim/kube/selectors.js';
import type { Deployment, KubeObject } from '../../src/sim/kube/types.js';

// Bodies captured from `kubectl create deployment hello-node --image=labops/hello-node:v1 --port=8080`
// and `kubectl create service nodeport x --tcp=8080:8080` (kubectl v1.32).
const KUBECTL_DEPLOYMENT =
  '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412ea010a2d0a0a68656c6c6f2d6e6f646512001a0022002a003200380042005a110a03617070120a68656c6c6f2d6e6f646512aa01080112130a110a03617070120a68656c6c6f2d6e6f64651a88010a230a0012001a0022002a003200380042005a110a03617070120a68656c6c6f2d6e6f6465126112430a0a68656c6c6f2d6e6f646512146c61626f70732f68656c6c6f2d6e6f64653a76312a00320b0a00100018903f22002a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200';
const KUBECTL_SERVICE =
  '6b3873000a0d0a02763112075365727669636512650a1b0a017812001a0022002a003200380042005a080a0361707012017812420a1e0a09383038302d38303830120354435018903f2207080010903f1a00280012080a036170701201781a0022084e6f6465506f72743a00420052005a00600068001a020a001a002200';

describe('strategic merge patch', () => {
  it('merges service ports by port, keeping the allocated nodePort (kubectl apply over an exposed service)', () => {
    const current = {
      spec: {
        type: 'NodePort',
        ports: [{ port: 8080, protocol: 'TCP', targetPort: 8080, nodePort: 31000 }],
        selector: { app: 'a' },
      },
    };
    const patch = { spec: { type: 'LoadBalancer', ports: [{ port: 8080, targetPort: 8080 }] } };
    const out = strategicMerge(current, patch) as typeof current;
    expect(out.spec).toEqual({
      type: 'LoadBalancer',
      ports: [{ port: 8080, protocol: 'TCP', targetPort: 8080, nodePort: 31000 }],
      selector: { app: 'a' },
    });
  });

  it('merges containers by name and honours $patch: delete and null', () => {
    const current = {
      spec: {
        containers: [
          { name: 'a', image: 'x:1' },
          { name: 'b', image: 'y:1' },
        ],
        paused: true,
      },
    };
    const out = strategicMerge(current, {
      spec: {
        paused: null,
        containers: [
          { name: 'a', image: 'x:2' },
          { name: 'b', $patch: 'delete' },
        ],
      },
    });
    expect(out).toEqual({ spec: { containers: [{ name: 'a', image: 'x:2' }] } });
  });

  it('orders elements by $setElementOrder', () => {
    const out = strategicMerge(
      {
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
      },
      { '$setElementOrder/env': [{ name: 'B' }, { name: 'A' }], env: [] },
    );
    expect(out).toEqual({
      env: [
        { name: 'B', value: '2' },
        { name: 'A', value: '1' },
      ],
    });
  });
});

describe('JSON merge patch and JSON patch', () => {
  it('merge patch replaces lists and deletes with null', () => {
    expect(mergePatch({ a: [1, 2], b: { c: 1, d: 2 } }, { a: [3], b: { c: null } })).toEqual({
      a: [3],
      b: { d: 2 },
    });
  });
  it('JSON patch replaces the template and annotations like kubectl rollout undo', () => {
    const doc = { metadata: { annotations: { x: '1' } }, spec: { template: { a: 1 } } };
    const out = jsonPatch(doc, [
      { op: 'replace', path: '/spec/template', value: { a: 2 } },
      { op: 'replace', path: '/metadata/annotations', value: { y: '2' } },
      { op: 'add', path: '/spec/list', value: [] },
      { op: 'add', path: '/spec/list/-', value: 'z' },
    ]);
    expect(out).toEqual({ metadata: { annotations: { y: '2' } }, spec: { template: { a: 2 }, list: ['z'] } });
    expect(() => jsonPatch(doc, [{ op: 'test', path: '/spec/template/a', value: 9 }])).toThrow(
      /testing value/,
    );
  });
});

describe('selectors', () => {
  it('parses equality, set and existence requirements', () => {
    const sel = parseLabelSelector('app=hello-node,tier!=db,env in (a, b),!legacy');
    expect(sel({ app: 'hello-node', env: 'a' })).toBe(true);
    expect(sel({ app: 'hello-node', env: 'c' })).toBe(false);
    expect(sel({ app: 'hello-node', env: 'a', tier: 'db' })).toBe(false);
    expect(sel({ app: 'hello-node', env: 'b', legacy: 'y' })).toBe(false);
  });
  it('matches metadata.name field selectors', () => {
    const obj = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p1' },
      status: { phase: 'Running' },
    } as unknown as KubeObject;
    expect(parseFieldSelector('metadata.name=p1')(obj)).toBe(true);
    expect(parseFieldSelector('metadata.name=p2')(obj)).toBe(false);
    expect(parseFieldSelector('status.phase!=Pending')(obj)).toBe(true);
  });
});

describe('protobuf bodies from kubectl', () => {
  it('decodes kubectl create deployment', () => {
    const d = decodeKubeProtobuf(Buffer.from(KUBECTL_DEPLOYMENT, 'hex'));
    expect(d).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'hello-node', labels: { app: 'hello-node' } },
      spec: {
        replicas: 1,
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
    });
  });
  it('decodes kubectl create service nodeport', () => {
    const s = decodeKubeProtobuf(Buffer.from(KUBECTL_SERVICE, 'hex'));
    expect(s.spec).toEqual({
      ports: [{ name: '8080-8080', protocol: 'TCP', port: 8080, targetPort: 8080 }],
      selector: { app: 'x' },
      type: 'NodePort',
    });
  });
  it('rejects a body without the k8s magic', () => {
    expect(() => decodeKubeProtobuf(Buffer.from('{}'))).toThrow(/magic/);
  });
});

describe('names, rollout arithmetic, ages and Dockerfiles', () => {
  it('hashes templates like the real controller: stable, 9-10 chars of the safe alphabet', () => {
    const t = { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'a', image: 'x:1' }] } };
    const h = podTemplateHash(t);
    expect(h).toMatch(/^[bcdf4-9]{9,10}$/);
    expect(podTemplateHash(structuredClone(t))).toBe(h);
    expect(podTemplateHash({ ...t, spec: { containers: [{ name: 'a', image: 'x:2' }] } })).not.toBe(h);
    expect(safeEncode('0123456789')).toBe('456789bcdf');
  });
  it('resolves 25% surge up and 25% unavailable down', () => {
    const d = {
      spec: {
        replicas: 5,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      },
    } as Deployment;
    expect(surgeAndUnavailable(d)).toEqual({ maxSurge: 2, maxUnavailable: 1 });
  });
  it('formats ages like kubectl', () => {
    expect([0, 18_000, 158_000, 1_080_000, 11_100_000, 183_600_000].map(humanDuration)).toEqual([
      '0s',
      '18s',
      '2m38s',
      '18m',
      '3h5m',
      '2d3h',
    ]);
  });
  it('reads CMD in shell and exec form', () => {
    expect(parseDockerfile('FROM node:6.9.2\nEXPOSE 8080\nCOPY server.js .\nCMD node server.js\n')).toEqual({
      command: ['node', 'server.js'],
      exposed: [8080],
    });
    expect(parseDockerfile('ENTRYPOINT ["node"]\nCMD ["app.js", "--x"]')).toEqual({
      command: ['node', 'app.js', '--x'],
      exposed: [],
    });
  });
});
