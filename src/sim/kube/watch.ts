/**
 * `?watch=1` streams: newline-delimited `{type, object}` JSON over a chunked response,
 * resuming from `resourceVersion` (410 Expired when too old), ending after
 * `timeoutSeconds`, with optional initial events and bookmarks.
 */
import type { ServerResponse } from 'node:http';
import { apiVersionOf, kindKey, type ResourceDef } from './resources.js';
import { ApiError } from './status.js';
import type { Store, StoreEvent } from './store.js';
import type { KubeObject } from './types.js';

export interface WatchOptions {
  def: ResourceDef;
  ns: string | undefined;
  match: (obj: KubeObject) => boolean;
  /** Turns a stored object into what is sent (e.g. a one-row Table). */
  render: (obj: KubeObject) => unknown;
  resourceVersion: string | null;
  timeoutSeconds: number;
  sendInitialEvents: boolean;
  /** Open watch streams of this server, so closing it can end them. */
  openWatches: Set<ServerResponse>;
}

function withKind(def: ResourceDef, obj: KubeObject): KubeObject {
  return { ...obj, apiVersion: apiVersionOf(def), kind: def.kind };
}

/** Serves one watch request until the client leaves, the timeout passes or the server closes. */
export function serveWatch(store: Store, res: ServerResponse, o: WatchOptions): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  o.openWatches.add(res);
  const kind = kindKey(o.def);
  const send = (type: string, object: unknown): void => {
    res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const relevant = (ev: StoreEvent): boolean =>
    ev.kind === kind && (o.ns === undefined || ev.object.metadata.namespace === o.ns) && o.match(ev.object);

  const rvParam = o.resourceVersion;
  const fromScratch = !rvParam || rvParam === '0' || o.sendInitialEvents;
  if (fromScratch) {
    for (const obj of store.list(o.def, o.ns))
      if (o.match(obj)) send('ADDED', o.render(withKind(o.def, obj)));
    if (o.sendInitialEvents) {
      send('BOOKMARK', {
        kind: o.def.kind,
        apiVersion: apiVersionOf(o.def),
        metadata: {
          resourceVersion: String(store.resourceVersion),
          annotations: { 'k8s.io/initial-events-end': 'true' },
        },
      });
    }
  } else {
    const rv = Number(rvParam);
    const missed = Number.isFinite(rv) ? store.since(rv) : undefined;
    if (!missed) {
      const err = new ApiError(
        410,
        'Expired',
        `too old resource version: ${rvParam} (${store.oldestResumable})`,
      );
      send('ERROR', err.toStatus());
      o.openWatches.delete(res);
      res.end();
      return;
    }
    for (const ev of missed) if (relevant(ev)) send(ev.type, o.render(withKind(o.def, ev.object)));
  }

  const unsubscribe = store.subscribe((ev) => {
    if (relevant(ev)) send(ev.type, o.render(withKind(o.def, ev.object)));
  });
  const timer = setTimeout(() => res.end(), o.timeoutSeconds * 1000);
  const cleanup = (): void => {
    clearTimeout(timer);
    unsubscribe();
    o.openWatches.delete(res);
  };
  res.on('close', cleanup);
  res.on('finish', cleanup);
}
