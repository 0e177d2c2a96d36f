/**
 * A minimal OpenAPI v3 surface. `kubectl apply` reads it to learn that the server validates
 * fields itself (the `fieldValidation` query parameter on each kind's PATCH operation);
 * without any OpenAPI document kubectl refuses to apply. No schemas are published, so
 * kubectl computes strategic merge patches from its built-in types.
 */
import { apiVersionOf, RESOURCES, type ResourceDef } from './resources.js';

/**
 * `/openapi/v2` is answered with an empty gnostic `openapi_v2.Document` (a protobuf message
 * with no fields is zero bytes): no definitions, like the v3 documents. kubectl falls back to
 * its client-side schema check for a kind whose group/version the server does not serve
 * (the guide's `extensions/v1beta1` Ingress); that check skips kinds it has no schema for, so
 * kubectl goes on to its REST mapping and fails with `no matches for kind "Ingress" in
 * version "extensions/v1beta1"`, as against a real 1.22+ API server.
 */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

function gvPath(def: ResourceDef): string {
  return def.group ? `apis/${def.group}/${def.version}` : `api/${def.version}`;
}

/** `/openapi/v3`: one entry per group/version. */
export function openApiRoot(): Record<string, unknown> {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const r of RESOURCES)
    paths[gvPath(r)] = { serverRelativeURL: `/openapi/v3/${gvPath(r)}?hash=labops-sim-1` };
  return { paths };
}

function operations(def: ResourceDef): Record<string, unknown> {
  const gvk = { group: def.group, version: def.version, kind: def.kind };
  const param = (name: string): Record<string, unknown> => ({
    name,
    in: 'query',
    schema: { type: 'string', uniqueItems: true },
  });
  const op = (verb: string, id: string, params: string[]): Record<string, unknown> => ({
    tags: [apiVersionOf(def)],
    description: `${verb} the specified ${def.kind}`,
    operationId: `${id}${def.kind}`,
    parameters: params.map(param),
    responses: { '200': { description: 'OK' } },
    'x-kubernetes-action': verb,
    'x-kubernetes-group-version-kind': gvk,
  });
  return {
    get: op('get', 'read', []),
    put: op('put', 'replace', ['dryRun', 'fieldManager', 'fieldValidation']),
    patch: op('patch', 'patch', ['dryRun', 'fieldManager', 'fieldValidation', 'force']),
    delete: op('delete', 'delete', ['dryRun', 'gracePeriodSeconds', 'propagationPolicy']),
  };
}

/** `/openapi/v3/<api|apis/group>/<version>`, or undefined for an unknown group/version. */
export function openApiGroupVersion(path: string): Record<string, unknown> | undefined {
  const defs = RESOURCES.filter((r) => gvPath(r) === path);
  if (defs.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  for (const def of defs) {
    const base = `/${gvPath(def)}${def.namespaced ? '/namespaces/{namespace}' : ''}/${def.plural}/{name}`;
    paths[base] = operations(def);
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.4' },
    paths,
    components: { schemas: {} },
  };
}
