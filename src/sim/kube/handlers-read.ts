/** get / list / watch of any stored kind, as JSON or as a Table. */

import { type ApiContext, type ApiRequest, type Reply, withKind } from './api-context.js';
import { apiVersionOf } from './resources.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import { notFound } from './status.js';
import { toTable, wantsTable } from './table.js';
import type { KubeObject } from './types.js';
import { serveWatch } from './watch.js';

function isWatch(q: URLSearchParams): boolean {
  const w = q.get('watch');
  return w === '1' || w === 'true';
}

/** GET on a single object. */
export function getObject(ctx: ApiContext, req: ApiRequest): Reply {
  const obj = ctx.store.get(req.def, req.ns, req.name ?? '');
  if (!obj) throw notFound(req.def, req.name ?? '');
  if (wantsTable(req.accept))
    return {
      status: 200,
      body: toTable(
        req.def,
        [obj],
        obj.metadata.resourceVersion,
        req.query.get('includeObject') ?? 'Metadata',
      ),
    };
  return { status: 200, body: withKind(req.def, obj) };
}

/** GET on a collection: a list, a Table, or a watch stream. */
export function listObjects(ctx: ApiContext, req: ApiRequest): Reply {
  const labels = parseLabelSelector(req.query.get('labelSelector'));
  const fields = parseFieldSelector(req.query.get('fieldSelector'));
  const match = (o: KubeObject): boolean => labels(o.metadata.labels) && fields(o);
  const table = wantsTable(req.accept);
  const includeObject = req.query.get('includeObject') ?? 'Metadata';
  if (isWatch(req.query)) {
    serveWatch(ctx.store, req.res, {
      def: req.def,
      ns: req.ns,
      match,
      render: (o) => (table ? toTable(req.def, [o], o.metadata.resourceVersion, includeObject) : o),
      resourceVersion: req.query.get('resourceVersion'),
      timeoutSeconds: Number(req.query.get('timeoutSeconds') ?? '') || 1800,
      sendInitialEvents: req.query.get('sendInitialEvents') === 'true',
      openWatches: ctx.watches,
    });
    return undefined;
  }
  const items = ctx.store.list(req.def, req.ns).filter(match);
  const rv = String(ctx.store.resourceVersion);
  if (table) return { status: 200, body: toTable(req.def, items, rv, includeObject) };
  // Items of a real list carry no kind/apiVersion of their own.
  const bare = items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
  return {
    status: 200,
    body: {
      kind: `${req.def.kind}List`,
      apiVersion: apiVersionOf(req.def),
      metadata: { resourceVersion: rv },
      items: bare,
    },
  };
}
