/** What every API handler receives: the parsed request and the server's shared parts. */
import type { ServerResponse } from 'node:http';
import YAML from 'yaml';
import type { AdmissionContext } from './admission.js';
import { decodeKubeProtobuf, UnsupportedProtobufKind } from './protobuf.js';
import { apiVersionOf, type ResourceDef } from './resources.js';
import { ApiError, badRequest } from './status.js';
import type { Store } from './store.js';
import type { KubeObject } from './types.js';

/** Shared server state the handlers use. */
export interface ApiContext {
  store: Store;
  admission: AdmissionContext;
  /** Path of a pod's log file, if it has one. */
  podLogPath(ns: string, name: string): string | undefined;
  /** Open watch responses, ended when the server closes. */
  watches: Set<ServerResponse>;
}

/** One resource request, already routed. */
export interface ApiRequest {
  method: string;
  def: ResourceDef;
  /** Namespace from the URL; undefined for cluster-scoped kinds and all-namespace lists. */
  ns: string | undefined;
  name: string | undefined;
  sub: string | undefined;
  query: URLSearchParams;
  accept: string;
  contentType: string;
  rawBody: string;
  /** The body as received (protobuf bodies are binary). */
  bytes: Buffer;
  res: ServerResponse;
}

/** A JSON (or text) answer; `undefined` when the handler streamed its own. */
export type Reply = { status: number; body: unknown } | { status: number; text: string } | undefined;

/** Parses a request body as JSON, or YAML for server-side apply; malformed → 400 BadRequest. */
export function parseBody(req: ApiRequest): unknown {
  if (!req.rawBody.trim()) throw badRequest('the body of the request was empty');
  if (req.contentType.startsWith('application/vnd.kubernetes.protobuf')) {
    try {
      return decodeKubeProtobuf(req.bytes);
    } catch (err) {
      if (err instanceof UnsupportedProtobufKind)
        throw new ApiError(
          415,
          'UnsupportedMediaType',
          `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`,
        );
      throw err;
    }
  }
  try {
    if (req.contentType.startsWith('application/apply-patch+yaml')) return YAML.parse(req.rawBody);
    return JSON.parse(req.rawBody);
  } catch (err) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}

/** Ensures `kind` and `apiVersion` are set, as they are on every single-object answer. */
export function withKind(def: ResourceDef, obj: KubeObject): KubeObject {
  return { ...obj, apiVersion: obj.apiVersion || apiVersionOf(def), kind: obj.kind || def.kind };
}

/** Whether the request is a dry run (`dryRun=All`): admitted but not stored. */
export function isDryRun(req: ApiRequest): boolean {
  return req.query.getAll('dryRun').includes('All');
}
