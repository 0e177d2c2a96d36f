/**
 * Decoding of the Kubernetes protobuf encoding (`application/vnd.kubernetes.protobuf`),
 * which kubectl's typed clients use for `kubectl create deployment|service|namespace|…`.
 * Only the fields those generators send are described; unknown fields are skipped.
 */
import { badRequest } from './status.js';

type FieldType = 'string' | 'int' | 'bool' | 'bytes' | 'time' | 'intstr' | 'quantity' | Schema;
interface Field {
  name: string;
  type: FieldType;
  repeated?: boolean;
  /** A map<string, T> (repeated entries {1: key, 2: value}). */
  map?: boolean;
  /** Keep a zero value (pointer fields like `replicas`). */
  keepZero?: boolean;
}
type Schema = Record<number, Field>;

const f = (name: string, type: FieldType, extra: Partial<Field> = {}): Field => ({ name, type, ...extra });

const OWNER_REF: Schema = {
  1: f('kind', 'string'),
  3: f('name', 'string'),
  4: f('uid', 'string'),
  5: f('apiVersion', 'string'),
  6: f('controller', 'bool'),
  7: f('blockOwnerDeletion', 'bool'),
};
const META: Schema = {
  1: f('name', 'string'),
  2: f('generateName', 'string'),
  3: f('namespace', 'string'),
  5: f('uid', 'string'),
  6: f('resourceVersion', 'string'),
  7: f('generation', 'int'),
  8: f('creationTimestamp', 'time'),
  11: f('labels', 'string', { map: true }),
  12: f('annotations', 'string', { map: true }),
  13: f('ownerReferences', OWNER_REF, { repeated: true }),
  14: f('finalizers', 'string', { repeated: true }),
};
const SELECTOR: Schema = {
  1: f('matchLabels', 'string', { map: true }),
  2: f(
    'matchExpressions',
    { 1: f('key', 'string'), 2: f('operator', 'string'), 3: f('values', 'string', { repeated: true }) },
    { repeated: true },
  ),
};
const CONTAINER: Schema = {
  1: f('name', 'string'),
  2: f('image', 'string'),
  3: f('command', 'string', { repeated: true }),
  4: f('args', 'string', { repeated: true }),
  5: f('workingDir', 'string'),
  6: f(
    'ports',
    {
      1: f('name', 'string'),
      2: f('hostPort', 'int'),
      3: f('containerPort', 'int'),
      4: f('protocol', 'string'),
      5: f('hostIP', 'string'),
    },
    { repeated: true },
  ),
  7: f('env', { 1: f('name', 'string'), 2: f('value', 'string') }, { repeated: true }),
  8: f('resources', {
    1: f('limits', 'quantity', { map: true }),
    2: f('requests', 'quantity', { map: true }),
  }),
  13: f('terminationMessagePath', 'string'),
  14: f('imagePullPolicy', 'string'),
  16: f('stdin', 'bool'),
  17: f('stdinOnce', 'bool'),
  18: f('tty', 'bool'),
  20: f('terminationMessagePolicy', 'string'),
};
const POD_SPEC: Schema = {
  2: f('containers', CONTAINER, { repeated: true }),
  3: f('restartPolicy', 'string'),
  4: f('terminationGracePeriodSeconds', 'int'),
  6: f('dnsPolicy', 'string'),
  7: f('nodeSelector', 'string', { map: true }),
  8: f('serviceAccountName', 'string'),
  10: f('nodeName', 'string'),
  19: f('schedulerName', 'string'),
  20: f('initContainers', CONTAINER, { repeated: true }),
};
const DEPLOYMENT_SPEC: Schema = {
  1: f('replicas', 'int', { keepZero: true }),
  2: f('selector', SELECTOR),
  3: f('template', { 1: f('metadata', META), 2: f('spec', POD_SPEC) }),
  4: f('strategy', {
    1: f('type', 'string'),
    2: f('rollingUpdate', { 1: f('maxUnavailable', 'intstr'), 2: f('maxSurge', 'intstr') }),
  }),
  5: f('minReadySeconds', 'int'),
  6: f('revisionHistoryLimit', 'int', { keepZero: true }),
  7: f('paused', 'bool'),
  9: f('progressDeadlineSeconds', 'int'),
};
const SERVICE_SPEC: Schema = {
  1: f(
    'ports',
    {
      1: f('name', 'string'),
      2: f('protocol', 'string'),
      3: f('port', 'int'),
      4: f('targetPort', 'intstr'),
      5: f('nodePort', 'int'),
      6: f('appProtocol', 'string'),
    },
    { repeated: true },
  ),
  2: f('selector', 'string', { map: true }),
  3: f('clusterIP', 'string'),
  4: f('type', 'string'),
  5: f('externalIPs', 'string', { repeated: true }),
  7: f('sessionAffinity', 'string'),
  8: f('loadBalancerIP', 'string'),
  10: f('externalName', 'string'),
  11: f('externalTrafficPolicy', 'string'),
  17: f('ipFamilyPolicy', 'string'),
  18: f('clusterIPs', 'string', { repeated: true }),
  19: f('ipFamilies', 'string', { repeated: true }),
  22: f('internalTrafficPolicy', 'string'),
};

/** k8s.io/api networking/v1 `generated.proto` (IngressBackend, IngressRule, IngressSpec, …). */
const INGRESS_BACKEND: Schema = {
  3: f('resource', { 1: f('apiGroup', 'string'), 2: f('kind', 'string'), 3: f('name', 'string') }),
  4: f('service', {
    1: f('name', 'string'),
    2: f('port', { 1: f('name', 'string'), 2: f('number', 'int') }),
  }),
};
const INGRESS_SPEC: Schema = {
  1: f('defaultBackend', INGRESS_BACKEND),
  2: f(
    'tls',
    { 1: f('hosts', 'string', { repeated: true }), 2: f('secretName', 'string') },
    { repeated: true },
  ),
  3: f(
    'rules',
    {
      1: f('host', 'string'),
      // `ingressRuleValue` is inlined in JSON: its `http` sits on the rule itself.
      2: f('ingressRuleValue', {
        1: f('http', {
          1: f(
            'paths',
            { 1: f('path', 'string'), 2: f('backend', INGRESS_BACKEND), 3: f('pathType', 'string') },
            { repeated: true },
          ),
        }),
      }),
    },
    { repeated: true },
  ),
  4: f('ingressClassName', 'string'),
};

/** Top-level schemas by `apiVersion/kind`. */
const KINDS: Record<string, Schema> = {
  'apps/v1/Deployment': { 1: f('metadata', META), 2: f('spec', DEPLOYMENT_SPEC) },
  'v1/Service': { 1: f('metadata', META), 2: f('spec', SERVICE_SPEC) },
  'v1/Namespace': {
    1: f('metadata', META),
    2: f('spec', { 1: f('finalizers', 'string', { repeated: true }) }),
  },
  'v1/Pod': { 1: f('metadata', META), 2: f('spec', POD_SPEC) },
  'networking.k8s.io/v1/Ingress': { 1: f('metadata', META), 2: f('spec', INGRESS_SPEC) },
  'v1/ConfigMap': {
    1: f('metadata', META),
    2: f('data', 'string', { map: true }),
    4: f('immutable', 'bool'),
  },
  'v1/Secret': {
    1: f('metadata', META),
    2: f('data', 'bytes', { map: true }),
    3: f('type', 'string'),
    5: f('immutable', 'bool'),
  },
};

class Reader {
  i = 0;
  constructor(readonly b: Buffer) {}
  varint(): bigint {
    let r = 0n;
    let s = 0n;
    for (;;) {
      const x = this.b[this.i++];
      if (x === undefined) throw badRequest('truncated protobuf message');
      r |= BigInt(x & 0x7f) << s;
      s += 7n;
      if (!(x & 0x80)) return r;
    }
  }
  bytes(): Buffer {
    const n = Number(this.varint());
    const out = this.b.subarray(this.i, this.i + n);
    this.i += n;
    return out;
  }
}

function decodeValue(type: FieldType, wire: number, r: Reader): unknown {
  if (type === 'int' || type === 'bool') {
    const v = wire === 0 ? r.varint() : 0n;
    return type === 'bool' ? v !== 0n : Number(BigInt.asIntN(64, v));
  }
  const raw = r.bytes();
  if (type === 'string') return raw.toString('utf8');
  if (type === 'bytes') return raw.toString('base64');
  if (type === 'time') {
    const t = decodeMessage(raw, { 1: f('seconds', 'int'), 2: f('nanos', 'int') }) as { seconds?: number };
    return t.seconds ? new Date(t.seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
  }
  if (type === 'intstr') {
    const v = decodeMessage(raw, {
      1: f('type', 'int'),
      2: f('intVal', 'int', { keepZero: true }),
      3: f('strVal', 'string'),
    }) as { type?: number; intVal?: number; strVal?: string };
    return v.type === 1 ? (v.strVal ?? '') : (v.intVal ?? 0);
  }
  if (type === 'quantity')
    return (decodeMessage(raw, { 1: f('string', 'string') }) as { string?: string }).string;
  return decodeMessage(raw, type);
}

function decodeMessage(buf: Buffer, schema: Schema): Record<string, unknown> {
  const r = new Reader(buf);
  const out: Record<string, unknown> = {};
  while (r.i < buf.length) {
    const key = Number(r.varint());
    const num = key >> 3;
    const wire = key & 7;
    const field = schema[num];
    if (!field) {
      if (wire === 0) r.varint();
      else if (wire === 2) r.bytes();
      else if (wire === 1) r.i += 8;
      else if (wire === 5) r.i += 4;
      else throw badRequest(`unsupported protobuf wire type ${wire}`);
      continue;
    }
    if (field.map) {
      const entry = decodeMessage(r.bytes(), {
        1: f('key', 'string'),
        2: f('value', field.type, { keepZero: true }),
      });
      out[field.name] ??= {};
      const m = out[field.name] as Record<string, unknown>;
      m[String(entry.key ?? '')] = entry.value ?? '';
      continue;
    }
    const v = decodeValue(field.type, wire, r);
    if (field.repeated) {
      out[field.name] ??= [];
      (out[field.name] as unknown[]).push(v);
    } else if (v === undefined || v === '' || ((v === 0 || v === false) && !field.keepZero)) continue;
    else if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0)
      continue;
    else out[field.name] = v;
  }
  return out;
}

/** Decodes a `k8s\0`-prefixed protobuf body into the JSON form of the object. */
export function decodeKubeProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || body.subarray(0, 4).toString('latin1') !== 'k8s\u0000')
    throw badRequest('the protobuf body lacks the k8s magic prefix');
  const unknown = decodeMessage(body.subarray(4), {
    1: f('typeMeta', { 1: f('apiVersion', 'string'), 2: f('kind', 'string') }),
    2: f('raw', 'bytes'),
  }) as { typeMeta?: { apiVersion?: string; kind?: string }; raw?: string };
  const apiVersion = unknown.typeMeta?.apiVersion ?? '';
  const kind = unknown.typeMeta?.kind ?? '';
  const schema = KINDS[`${apiVersion}/${kind}`];
  if (!schema) throw new UnsupportedProtobufKind(`${apiVersion}/${kind}`);
  const obj = decodeMessage(Buffer.from(unknown.raw ?? '', 'base64'), schema);
  if (kind === 'Ingress') inlineRuleValues(obj);
  return { apiVersion, kind, ...obj };
}

/** Thrown for a protobuf body of a kind this decoder does not describe (answered with 415). */
export class UnsupportedProtobufKind extends Error {
  override readonly name = 'UnsupportedProtobufKind';
}

/** Moves each Ingress rule's `ingressRuleValue.http` up to `http`, as the JSON form has it. */
function inlineRuleValues(obj: Record<string, unknown>): void {
  const spec = obj.spec as { rules?: Record<string, unknown>[] } | undefined;
  for (const rule of spec?.rules ?? []) {
    const value = rule.ingressRuleValue as Record<string, unknown> | undefined;
    delete rule.ingressRuleValue;
    if (value) Object.assign(rule, value);
  }
}
