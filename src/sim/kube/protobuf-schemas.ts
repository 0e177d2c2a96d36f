/**
 * The protobuf schemas of the Kubernetes kinds kubectl's typed clients send (field numbers from
 * k8s.io/api's generated.proto), only the fields those generators fill; read by protobuf.ts.
 */

/** What a field holds: a scalar kind, or a nested message's schema. */
export type FieldType = 'string' | 'int' | 'bool' | 'bytes' | 'time' | 'intstr' | 'quantity' | Schema;
/** One field of a message. */
export interface Field {
  name: string;
  type: FieldType;
  repeated?: boolean;
  /** A map<string, T> (repeated entries {1: key, 2: value}). */
  map?: boolean;
  /** Keep a zero value (pointer fields like `replicas`). */
  keepZero?: boolean;
}
/** A message: its fields by protobuf field number. */
export type Schema = Record<number, Field>;

/** A field named `name` of `type`. */
export const f = (name: string, type: FieldType, extra: Partial<Field> = {}): Field => ({
  name,
  type,
  ...extra,
});

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
export const KINDS: Record<string, Schema> = {
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
