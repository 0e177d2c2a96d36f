/** Maps API URLs to discovery documents and resource handlers; turns errors into Status answers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiContext, ApiRequest, Reply } from './api-context.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, VERSION_INFO } from './discovery.js';
import { getObject, listObjects } from './handlers-read.js';
import { createObject, deleteObject, patchObject, replaceObject } from './handlers-write.js';
import { OPENAPI_V2_PROTOBUF, openApiGroupVersion, openApiRoot } from './openapi.js';
import { findResource, type ResourceDef } from './resources.js';
import { ApiError, methodNotAllowed, pathNotFound } from './status.js';
import { handleLog, handleScale, handleStatus } from './subresources.js';

interface Route {
  def: ResourceDef;
  ns: string | undefined;
  name: string | undefined;
  sub: string | undefined;
}

/** Splits `namespaces/<ns>/<plural>/<name>/<sub>` or `<plural>/<name>/<sub>`. */
function routeResource(group: string, version: string, parts: string[]): Route | undefined {
  if (parts[0] === 'namespaces' && parts.length >= 3) {
    const def = findResource(group, version, parts[2] ?? '');
    if (def?.namespaced) return { def, ns: parts[1], name: parts[3], sub: parts[4] };
  }
  const def = findResource(group, version, parts[0] ?? '');
  if (!def) return undefined;
  return { def, ns: undefined, name: parts[1], sub: parts[2] };
}

function discovery(path: string, host: string): unknown {
  if (path === '/version' || path === '/version/') return VERSION_INFO;
  if (path === '/api') return apiVersions(host);
  if (path === '/openapi/v3') return openApiRoot();
  if (path.startsWith('/openapi/v3/')) return openApiGroupVersion(path.slice('/openapi/v3/'.length));
  if (path === '/apis') return apiGroupList();
  if (path === '/api/v1') return apiResourceList('', 'v1');
  const m = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  if (m) return m[2] ? apiResourceList(m[1] ?? '', m[2]) : apiGroup(m[1] ?? '');
  return undefined;
}

async function dispatch(ctx: ApiContext, req: ApiRequest): Promise<Reply> {
  if (req.sub === 'scale' && (req.def.kind === 'Deployment' || req.def.kind === 'ReplicaSet'))
    return handleScale(ctx, req);
  if (req.sub === 'status') return handleStatus(ctx, req);
  if (req.sub === 'log' && req.def.kind === 'Pod' && req.method === 'GET') return handleLog(ctx, req);
  if (req.sub) throw pathNotFound();
  if (req.name === undefined) {
    if (req.method === 'GET') return listObjects(ctx, req);
    if (req.method === 'POST') return createObject(ctx, req);
    throw methodNotAllowed();
  }
  if (req.method === 'GET') return getObject(ctx, req);
  if (req.method === 'PUT') return replaceObject(ctx, req);
  if (req.method === 'PATCH') return patchObject(ctx, req);
  if (req.method === 'DELETE') return deleteObject(ctx, req);
  throw methodNotAllowed();
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Handles one HTTP request end to end. */
export async function handleHttp(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const bytes = await readBody(req);
    const rawBody = bytes.toString('utf8');
    if (['/healthz', '/livez', '/readyz'].includes(path)) {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      return;
    }
    if (path === '/openapi/v2' && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': OPENAPI_V2_PROTOBUF, 'Content-Length': 0 }).end();
      return;
    }
    const doc = req.method === 'GET' ? discovery(path, req.headers.host ?? '') : undefined;
    if (doc) return send(res, 200, doc);
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))\/(.+)$/.exec(path);
    const route = m ? routeResource(m[2] ?? '', m[1] ?? m[3] ?? '', (m[4] ?? '').split('/')) : undefined;
    if (!route) throw pathNotFound();
    const reply = await dispatch(ctx, {
      method: req.method ?? 'GET',
      ...route,
      query: url.searchParams,
      accept: req.headers.accept ?? '',
      contentType: req.headers['content-type'] ?? 'application/json',
      rawBody,
      bytes,
      res,
    });
    if (!reply) return;
    if ('text' in reply) res.writeHead(reply.status, { 'Content-Type': 'text/plain' }).end(reply.text);
    else send(res, reply.status, reply.body);
  } catch (err) {
    if (res.headersSent) {
      res.end();
      return;
    }
    const apiErr =
      err instanceof ApiError
        ? err
        : new ApiError(500, 'InternalError', `Internal error occurred: ${(err as Error).message}`);
    send(res, apiErr.code, apiErr.toStatus());
  }
}
