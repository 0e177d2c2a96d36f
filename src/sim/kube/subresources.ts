/** The `scale`, `status` and `log` subresources. */
import { readFileSync } from 'node:fs';
import { type ApiContext, type ApiRequest, parseBody, type Reply, withKind } from './api-context.js';
import { applyPatch, UnsupportedPatch } from './patch.js';
import { selectorString } from './selectors.js';
import {
  ApiError,
  badRequest,
  conflict,
  invalid,
  invalidValue,
  methodNotAllowed,
  notFound,
} from './status.js';
import type { Deployment, KubeObject } from './types.js';

function toScale(obj: Deployment): Record<string, unknown> {
  const m = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: obj.spec.replicas },
    status: { replicas: obj.status?.replicas ?? 0, selector: selectorString(obj.spec.selector) },
  };
}

function patchOrBody(req: ApiRequest, current: unknown): Record<string, unknown> {
  const body = parseBody(req);
  if (req.method === 'PUT') return body as Record<string, unknown>;
  try {
    return applyPatch(req.contentType, current, body) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof UnsupportedPatch) throw new ApiError(415, 'UnsupportedMediaType', err.message);
    throw err;
  }
}

/** GET/PUT/PATCH `…/scale`: reads and writes `spec.replicas` of a Deployment or ReplicaSet. */
export function handleScale(ctx: ApiContext, req: ApiRequest): Reply {
  const name = req.name ?? '';
  const obj = ctx.store.get(req.def, req.ns, name) as Deployment | undefined;
  if (!obj) throw notFound(req.def, name);
  if (req.method === 'GET') return { status: 200, body: toScale(obj) };
  if (req.method !== 'PUT' && req.method !== 'PATCH') throw methodNotAllowed();
  const scale = patchOrBody(req, toScale(obj));
  const meta = (scale.metadata ?? {}) as { resourceVersion?: string };
  if (req.method === 'PUT' && meta.resourceVersion && meta.resourceVersion !== obj.metadata.resourceVersion)
    throw conflict(req.def, name);
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)
    throw invalid({ ...req.def, kind: 'Scale', group: 'autoscaling' }, name, [
      invalidValue('spec.replicas', replicas, 'must be greater than or equal to 0'),
    ]);
  if (obj.spec.replicas !== replicas) {
    obj.spec.replicas = replicas;
    obj.metadata.generation = (obj.metadata.generation ?? 1) + 1;
    return { status: 200, body: toScale(ctx.store.update(req.def, obj) as Deployment) };
  }
  return { status: 200, body: toScale(obj) };
}

/** GET/PUT/PATCH `…/status`: only the status stanza is written. */
export function handleStatus(ctx: ApiContext, req: ApiRequest): Reply {
  const name = req.name ?? '';
  const obj = ctx.store.get(req.def, req.ns, name);
  if (!obj) throw notFound(req.def, name);
  if (req.method === 'GET') return { status: 200, body: withKind(req.def, obj) };
  if (req.method !== 'PUT' && req.method !== 'PATCH') throw methodNotAllowed();
  const next = patchOrBody(req, obj) as KubeObject;
  if (!next || typeof next !== 'object') throw badRequest('the object provided is unrecognized');
  obj.status = next.status;
  return { status: 200, body: withKind(req.def, ctx.store.update(req.def, obj)) };
}

/** GET `pods/<name>/log`: the pod process's output so far (`tailLines` honoured). */
export function handleLog(ctx: ApiContext, req: ApiRequest): Reply {
  const name = req.name ?? '';
  if (!ctx.store.get(req.def, req.ns, name)) throw notFound(req.def, name);
  const path = ctx.podLogPath(req.ns ?? 'default', name);
  let text = '';
  try {
    text = path ? readFileSync(path, 'utf8') : '';
  } catch {
    text = '';
  }
  const tail = Number(req.query.get('tailLines') ?? '');
  if (Number.isInteger(tail) && tail >= 0 && req.query.has('tailLines')) {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    text = lines.slice(Math.max(0, lines.length - tail)).join('\n') + (lines.length && tail ? '\n' : '');
  }
  return { status: 200, text };
}
