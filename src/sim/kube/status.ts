/**
 * Errors answered as `Status` objects, with the reasons, codes, details and message texts of
 * the real API server so clients (kubectl, client-node) react to them as they would on a
 * real cluster.
 */
import { qualifiedPlural, type ResourceDef } from './resources.js';

export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

/** An API error carrying the full `Status` body to answer with. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  /** The `Status` object the server answers with. */
  toStatus(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

function detailsOf(def: ResourceDef, name: string): Record<string, unknown> {
  return { name, ...(def.group ? { group: def.group } : {}), kind: def.plural };
}

/** 404: `deployments.apps "x" not found`. */
export function notFound(def: ResourceDef, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualifiedPlural(def)} "${name}" not found`, detailsOf(def, name));
}

/** 409 AlreadyExists: `deployments.apps "x" already exists`. */
export function alreadyExists(def: ResourceDef, name: string): ApiError {
  return new ApiError(
    409,
    'AlreadyExists',
    `${qualifiedPlural(def)} "${name}" already exists`,
    detailsOf(def, name),
  );
}

/** 409 Conflict on a stale resourceVersion. */
export function conflict(def: ResourceDef, name: string): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedPlural(def)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    detailsOf(def, name),
  );
}

/** 422 Invalid with one cause per field error, formatted like the real server. */
export function invalid(def: ResourceDef, name: string, causes: StatusCause[]): ApiError {
  const kind = def.group ? `${def.kind}.${def.group}` : def.kind;
  const list = causes.map((c) => `${c.field}: ${c.message}`);
  const joined = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
  return new ApiError(422, 'Invalid', `${kind} "${name}" is invalid: ${joined}`, {
    name,
    ...(def.group ? { group: def.group } : {}),
    kind: def.kind,
    causes,
  });
}

/** 400 BadRequest, e.g. a body that is not JSON. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

/** 404 for a URL that names no resource at all (the real server answers plain 404 too). */
export function pathNotFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource');
}

/** 405 for a verb a path does not support. */
export function methodNotAllowed(): ApiError {
  return new ApiError(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
  );
}

/** 404 when the namespace of a namespaced create does not exist. */
export function namespaceNotFound(ns: string): ApiError {
  return new ApiError(404, 'NotFound', `namespaces "${ns}" not found`, { name: ns, kind: 'namespaces' });
}

/** Error field helper: `Invalid value: "x": why`. */
export function invalidValue(field: string, value: unknown, why: string): StatusCause {
  const shown = typeof value === 'string' ? `"${value}"` : String(value);
  return { reason: 'FieldValueInvalid', message: `Invalid value: ${shown}: ${why}`, field };
}

/** Error field helper: `Required value`. */
export function requiredValue(field: string, why?: string): StatusCause {
  return { reason: 'FieldValueRequired', message: why ? `Required value: ${why}` : 'Required value', field };
}
