/** Field validation with the real server's messages; each check returns the causes of a 422. */

import { matchesSelector } from './selectors.js';
import { invalidValue, requiredValue, type StatusCause } from './status.js';
import type { Container, Deployment, Ingress, IngressBackend, KubeObject, Service } from './types.js';

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_1123_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const LABEL_1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

/** Which name rule a kind's names follow. */
export type NameRule = 'subdomain' | 'label1123' | 'label1035';

/** Checks `metadata.name` against the kind's rule. */
export function validateName(name: string, rule: NameRule): StatusCause[] {
  if (!name) return [requiredValue('metadata.name', 'name or generateName is required')];
  const [re, msg, max] =
    rule === 'label1035'
      ? [LABEL_1035, LABEL_1035_MSG, 63]
      : rule === 'label1123'
        ? [LABEL_1123, LABEL_1123_MSG, 63]
        : [SUBDOMAIN, SUBDOMAIN_MSG, 253];
  const out: StatusCause[] = [];
  if (name.length > max)
    out.push(invalidValue('metadata.name', name, `must be no more than ${max} characters`));
  if (!re.test(name)) out.push(invalidValue('metadata.name', name, msg));
  return out;
}

function validateContainers(containers: Container[] | undefined, base: string): StatusCause[] {
  if (!containers || containers.length === 0) return [requiredValue(`${base}.containers`)];
  const out: StatusCause[] = [];
  containers.forEach((c, i) => {
    const f = `${base}.containers[${i}]`;
    if (!c.name) out.push(requiredValue(`${f}.name`));
    else if (!LABEL_1123.test(c.name)) out.push(invalidValue(`${f}.name`, c.name, LABEL_1123_MSG));
    if (!c.image) out.push(requiredValue(`${f}.image`));
    (c.ports ?? []).forEach((p, j) => {
      if (!Number.isInteger(p.containerPort) || p.containerPort < 1 || p.containerPort > 65535)
        out.push(
          invalidValue(
            `${f}.ports[${j}].containerPort`,
            p.containerPort,
            'must be between 1 and 65535, inclusive',
          ),
        );
    });
  });
  return out;
}

/** Deployment spec checks (replicas, selector, template). */
export function validateDeployment(d: Deployment, old?: Deployment): StatusCause[] {
  const out: StatusCause[] = [];
  const s = d.spec;
  if (!Number.isInteger(s.replicas) || s.replicas < 0)
    out.push(invalidValue('spec.replicas', s.replicas, 'must be greater than or equal to 0'));
  const ml = s.selector?.matchLabels ?? {};
  if (!s.selector || (Object.keys(ml).length === 0 && !(s.selector.matchExpressions ?? []).length))
    out.push(requiredValue('spec.selector'));
  else if (!matchesSelector(s.selector, s.template?.metadata?.labels))
    out.push(
      invalidValue(
        'spec.template.metadata.labels',
        goMap(s.template?.metadata?.labels),
        '`selector` does not match template `labels`',
      ),
    );
  if (old && JSON.stringify(old.spec.selector) !== JSON.stringify(s.selector))
    out.push(invalidValue('spec.selector', 'v1.LabelSelector{...}', 'field is immutable'));
  out.push(...validateContainers(s.template?.spec?.containers, 'spec.template.spec'));
  if (!Number.isInteger(s.progressDeadlineSeconds) || s.progressDeadlineSeconds <= 0)
    out.push(
      invalidValue(
        'spec.progressDeadlineSeconds',
        s.progressDeadlineSeconds,
        'must be greater than minReadySeconds',
      ),
    );
  return out;
}

/** Pod spec checks. */
export function validatePod(p: KubeObject): StatusCause[] {
  const spec = p.spec as { containers?: Container[] } | undefined;
  return validateContainers(spec?.containers, 'spec');
}

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

/** Service spec checks (type, ports, nodePort range). */
export function validateService(svc: Service): StatusCause[] {
  const out: StatusCause[] = [];
  const s = svc.spec;
  if (!SERVICE_TYPES.includes(s.type))
    out.push({
      reason: 'FieldValueNotSupported',
      field: 'spec.type',
      message: `Unsupported value: "${s.type}": supported values: ${SERVICE_TYPES.map((t) => `"${t}"`).join(', ')}`,
    });
  if (s.type !== 'ExternalName' && (!s.ports || s.ports.length === 0)) out.push(requiredValue('spec.ports'));
  (s.ports ?? []).forEach((p, i) => {
    if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535)
      out.push(invalidValue(`spec.ports[${i}].port`, p.port, 'must be between 1 and 65535, inclusive'));
    if (p.nodePort !== undefined && (p.nodePort < 30000 || p.nodePort > 32767))
      out.push(
        invalidValue(
          `spec.ports[${i}].nodePort`,
          p.nodePort,
          'provided port is not in the valid range. The range of valid ports is 30000-32767',
        ),
      );
    if ((s.ports?.length ?? 0) > 1 && !p.name) out.push(requiredValue(`spec.ports[${i}].name`));
  });
  return out;
}

function goMap(m: Record<string, string> | undefined): string {
  const inner = Object.entries(m ?? {})
    .map(([k, v]) => `"${k}":"${v}"`)
    .join(', ');
  return `map[string]string{${inner}}`;
}

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function validateIngressBackend(b: IngressBackend | undefined, f: string): StatusCause[] {
  const hasService = !!b?.service;
  const hasResource = !!b?.resource;
  if (hasService && hasResource)
    return [invalidValue(f, '', 'cannot set both resource and service backends')];
  if (hasResource) return [];
  if (!hasService) return [invalidValue(f, '', 'resource or service backend is required')];
  const out: StatusCause[] = [];
  const svc = b?.service as NonNullable<IngressBackend['service']>;
  if (!svc.name) out.push(requiredValue(`${f}.service.name`));
  else if (!LABEL_1035.test(svc.name)) out.push(invalidValue(`${f}.service.name`, svc.name, LABEL_1035_MSG));
  const name = svc.port?.name ?? '';
  const number = svc.port?.number ?? 0;
  if (name && number) out.push(invalidValue(f, '', 'cannot set both port name & port number'));
  else if (number && (!Number.isInteger(number) || number < 1 || number > 65535))
    out.push(invalidValue(`${f}.service.port.number`, number, 'must be between 1 and 65535, inclusive'));
  else if (!name && !number) out.push(requiredValue(f, 'port name or number is required'));
  return out;
}

/**
 * networking.k8s.io/v1 Ingress checks, with the messages of kubernetes
 * `pkg/apis/networking/validation/validation.go` (ValidateIngressSpec and below).
 */
export function validateIngress(ing: Ingress): StatusCause[] {
  const out: StatusCause[] = [];
  const s = ing.spec ?? {};
  const rules = s.rules ?? [];
  if (rules.length === 0 && !s.defaultBackend)
    out.push({
      reason: 'FieldValueInvalid',
      field: 'spec',
      message:
        'Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified',
    });
  if (s.defaultBackend) out.push(...validateIngressBackend(s.defaultBackend, 'spec.defaultBackend'));
  rules.forEach((r, i) => {
    const f = `spec.rules[${i}]`;
    if (r.host && IPV4.test(r.host))
      out.push(invalidValue(`${f}.host`, r.host, 'must be a DNS name, not an IP address'));
    else if (r.host && !SUBDOMAIN.test(r.host.replace(/^\*\./, '')))
      out.push(invalidValue(`${f}.host`, r.host, SUBDOMAIN_MSG));
    if (!r.http) return;
    if (!r.http.paths?.length) out.push(requiredValue(`${f}.http.paths`));
    (r.http.paths ?? []).forEach((p, j) => {
      const pf = `${f}.http.paths[${j}]`;
      if (!p.pathType) {
        out.push(requiredValue(`${pf}.pathType`, 'pathType must be specified'));
        return;
      }
      if (!PATH_TYPES.includes(p.pathType))
        out.push({
          reason: 'FieldValueNotSupported',
          field: `${pf}.pathType`,
          message: `Unsupported value: "${p.pathType}": supported values: ${PATH_TYPES.map((t) => `"${t}"`).join(', ')}`,
        });
      else if ((p.pathType !== 'ImplementationSpecific' || p.path) && !(p.path ?? '').startsWith('/'))
        out.push(invalidValue(`${pf}.path`, p.path ?? '', 'must be an absolute path'));
      out.push(...validateIngressBackend(p.backend, `${pf}.backend`));
    });
  });
  const annotation = ing.metadata.annotations?.['kubernetes.io/ingress.class'];
  if (annotation !== undefined && s.ingressClassName !== undefined)
    out.push(
      invalidValue(
        'annotations.kubernetes.io/ingress.class',
        annotation,
        'can not be set when the class field is also set',
      ),
    );
  return out;
}
