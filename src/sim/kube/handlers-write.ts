/** create / update (PUT) / patch / delete of any stored kind. */
import { admit } from './admission.js';
import {
  type ApiContext,
  type ApiRequest,
  isDryRun,
  parseBody,
  type Reply,
  withKind,
} from './api-context.js';
import { applyPatch, strategicMerge, UnsupportedPatch } from './patch.js';
import { apiVersionOf, findResource, type ResourceDef } from './resources.js';
import { ApiError, alreadyExists, badRequest, conflict, namespaceNotFound, notFound } from './status.js';
import { now } from './store.js';
import type { KubeObject } from './types.js';

const NS_DEF = findResource('', 'v1', 'namespaces') as ResourceDef;

function asObject(req: ApiRequest, body: unknown): KubeObject {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw badRequest(`the object provided is unrecognized (must be of type ${req.def.kind})`);
  const obj = body as KubeObject;
  const want = apiVersionOf(req.def);
  if (obj.apiVersion && obj.apiVersion !== want && !(obj.kind === 'Scale'))
    throw badRequest(
      `the API version in the data (${obj.apiVersion}) does not match the expected API version (${want})`,
    );
  obj.apiVersion = want;
  obj.kind = req.def.kind;
  obj.metadata = { ...(obj.metadata ?? {}) } as KubeObject['metadata'];
  if (req.ns !== undefined) {
    if (obj.metadata.namespace && obj.metadata.namespace !== req.ns)
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    obj.metadata.namespace = req.ns;
  } else delete obj.metadata.namespace;
  return obj;
}

function checkNamespace(ctx: ApiContext, req: ApiRequest): void {
  if (req.def.namespaced && req.ns && !ctx.store.get(NS_DEF, undefined, req.ns))
    throw namespaceNotFound(req.ns);
}

/** POST to a collection. */
export async function createObject(ctx: ApiContext, req: ApiRequest, parsed?: unknown): Promise<Reply> {
  checkNamespace(ctx, req);
  const obj = asObject(req, parsed ?? parseBody(req));
  delete (obj.metadata as { resourceVersion?: string }).resourceVersion;
  delete (obj.metadata as { uid?: string }).uid;
  delete (obj.metadata as { creationTimestamp?: string }).creationTimestamp;
  await admit(req.def, obj, undefined, ctx.admission);
  if (ctx.store.get(req.def, req.ns, obj.metadata.name)) throw alreadyExists(req.def, obj.metadata.name);
  if (isDryRun(req)) return { status: 201, body: obj };
  return { status: 201, body: withKind(req.def, ctx.store.create(req.def, obj)) };
}

async function store(ctx: ApiContext, req: ApiRequest, obj: KubeObject, old: KubeObject): Promise<Reply> {
  const rv = obj.metadata.resourceVersion;
  if (rv && rv !== old.metadata.resourceVersion) throw conflict(req.def, old.metadata.name);
  await admit(req.def, obj, old, ctx.admission);
  if (isDryRun(req)) return { status: 200, body: obj };
  return { status: 200, body: withKind(req.def, ctx.store.update(req.def, obj)) };
}

/** PUT on an object. */
export async function replaceObject(ctx: ApiContext, req: ApiRequest): Promise<Reply> {
  const obj = asObject(req, parseBody(req));
  if (obj.metadata.name && obj.metadata.name !== req.name)
    throw badRequest(
      `the name of the object (${obj.metadata.name}) does not match the name on the URL (${req.name})`,
    );
  obj.metadata.name = req.name ?? '';
  const old = ctx.store.get(req.def, req.ns, req.name ?? '');
  if (!old) throw notFound(req.def, req.name ?? '');
  return store(ctx, req, obj, old);
}

/** PATCH on an object, in any of the supported patch formats (server-side apply included). */
export async function patchObject(ctx: ApiContext, req: ApiRequest): Promise<Reply> {
  const body = parseBody(req);
  const old = ctx.store.get(req.def, req.ns, req.name ?? '');
  const apply = req.contentType.startsWith('application/apply-patch+yaml');
  if (!old) {
    if (apply) return createObject(ctx, req, body);
    throw notFound(req.def, req.name ?? '');
  }
  let patched: unknown;
  try {
    patched = apply ? strategicMerge(old, body) : applyPatch(req.contentType, old, body);
  } catch (err) {
    if (err instanceof UnsupportedPatch) throw new ApiError(415, 'UnsupportedMediaType', err.message);
    throw err;
  }
  const obj = asObject(req, patched);
  if (obj.metadata.resourceVersion === old.metadata.resourceVersion)
    delete (obj.metadata as { resourceVersion?: string }).resourceVersion;
  return store(ctx, req, obj, old);
}

function deleteOptions(req: ApiRequest): {
  propagationPolicy?: string;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
} {
  const opts: Record<string, unknown> = req.rawBody.trim() ? (parseBody(req) as Record<string, unknown>) : {};
  const grace = req.query.get('gracePeriodSeconds');
  return {
    propagationPolicy: (req.query.get('propagationPolicy') ?? opts.propagationPolicy) as string | undefined,
    gracePeriodSeconds: grace !== null ? Number(grace) : (opts.gracePeriodSeconds as number | undefined),
    preconditions: opts.preconditions as { uid?: string; resourceVersion?: string } | undefined,
  };
}

/** Removes owner references to `uid` from every object (orphan propagation). */
function orphanDependents(ctx: ApiContext, uid: string): void {
  for (const plural of ['replicasets', 'pods']) {
    const def = (findResource('apps', 'v1', plural) ?? findResource('', 'v1', plural)) as ResourceDef;
    for (const o of ctx.store.list(def)) {
      const refs = o.metadata.ownerReferences ?? [];
      if (!refs.some((r) => r.uid === uid)) continue;
      o.metadata.ownerReferences = refs.filter((r) => r.uid !== uid);
      ctx.store.update(def, o);
    }
  }
}

/** DELETE on an object. Pods terminate gracefully; owned objects are collected in background. */
export function deleteObject(ctx: ApiContext, req: ApiRequest): Reply {
  const name = req.name ?? '';
  const obj = ctx.store.get(req.def, req.ns, name);
  if (!obj) throw notFound(req.def, name);
  const opts = deleteOptions(req);
  if (opts.preconditions?.uid && opts.preconditions.uid !== obj.metadata.uid) throw conflict(req.def, name);
  if (
    opts.preconditions?.resourceVersion &&
    opts.preconditions.resourceVersion !== obj.metadata.resourceVersion
  )
    throw conflict(req.def, name);
  if (isDryRun(req)) return { status: 200, body: withKind(req.def, obj) };
  if (opts.propagationPolicy === 'Orphan') orphanDependents(ctx, obj.metadata.uid);
  if (req.def.kind === 'Pod' && opts.gracePeriodSeconds !== 0) {
    if (obj.metadata.deletionTimestamp) return { status: 200, body: withKind(req.def, obj) };
    const grace = opts.gracePeriodSeconds ?? 30;
    obj.metadata.deletionTimestamp = new Date(Date.parse(now()) + grace * 1000)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    obj.metadata.deletionGracePeriodSeconds = grace;
    return { status: 200, body: withKind(req.def, ctx.store.update(req.def, obj)) };
  }
  const gone = ctx.store.remove(req.def, req.ns, name) as KubeObject;
  if (req.def.kind === 'Pod') return { status: 200, body: withKind(req.def, gone) };
  return {
    status: 200,
    body: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: {
        name,
        ...(req.def.group ? { group: req.def.group } : {}),
        kind: req.def.plural,
        uid: obj.metadata.uid,
      },
    },
  };
}
