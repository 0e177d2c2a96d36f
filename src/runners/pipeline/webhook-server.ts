import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Redis } from 'ioredis';
import type { Logger } from '../../shared/logger.js';
import { pipelineKeys } from './history.js';
import type { PushRequest } from './trigger.js';
import { authenticate, readPush } from './webhook.js';

/** The path of the push webhook on the runner's HTTP server. */
export const WEBHOOK_PATH = '/hooks/git';
/** Largest body taken: a push of hello-node is a few kB; GitHub's own cap is 25 MB. */
export const WEBHOOK_MAX_BYTES = 256 * 1024;
/** How long a delivery id is remembered to refuse its replay (a runner refuses older jobs anyway). */
const DELIVERY_TTL_S = 7 * 24 * 3600;

export interface WebhookDeps {
  team: string;
  /** The team's webhook secret (`<dir>/.labops/webhook.secret`). */
  secret: string;
  redis: Redis;
  /** Enqueues the pipeline job for a push; returns its id. */
  enqueue: (push: PushRequest) => Promise<string>;
  maxBytes?: number;
  log?: Logger;
  nowS?: () => number;
}

/**
 * `POST /hooks/git`: a push webhook of GitHub, GitLab or Gitea (see webhook.ts for what is
 * read). The body is capped (413), the HMAC-SHA256 checked in constant time (401), a delivery
 * id seen before refused (409), events other than a push to main answered 202 and dropped;
 * a push to main enqueues the pipeline (202 with the job id).
 */
export function webhookHandler(deps: WebhookDeps) {
  const max = deps.maxBytes ?? WEBHOOK_MAX_BYTES;
  return (req: IncomingMessage, res: ServerResponse): void => {
    const send = (status: number, body: Record<string, unknown>) => {
      if (res.headersSent) return;
      res.writeHead(status, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
        ...(status === 413 ? { connection: 'close' } : {}),
      });
      res.end(`${JSON.stringify(body)}\n`);
    };
    const path = (req.url ?? '/').split('?')[0];
    if (path !== WEBHOOK_PATH) {
      send(404, { error: `not found: the webhook is POST ${WEBHOOK_PATH}` });
      return;
    }
    if (req.method !== 'POST') {
      send(405, { error: `${WEBHOOK_PATH} takes POST only` });
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > max) {
      req.resume();
      send(413, { error: `body over ${max} bytes` });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        over = true;
        chunks.length = 0;
      } else if (!over) chunks.push(c);
    });
    req.on('error', () => undefined);
    req.on('end', () => {
      if (over) return send(413, { error: `body over ${max} bytes` });
      handle(deps, req, Buffer.concat(chunks)).then(
        ([status, body]) => send(status, body),
        (err: Error) => {
          deps.log?.warn({ err: err.message }, 'webhook failed');
          send(503, { error: 'could not queue the pipeline now; the sender may retry' });
        },
      );
    });
  };
}

async function handle(
  deps: WebhookDeps,
  req: IncomingMessage,
  body: Buffer,
): Promise<[number, Record<string, unknown>]> {
  const nowS = deps.nowS?.() ?? Math.floor(Date.now() / 1000);
  const auth = authenticate(req.headers, body, deps.secret, nowS);
  if (!auth.ok) {
    deps.log?.warn({ why: auth.why }, 'webhook refused');
    return [auth.status, { error: auth.why }];
  }
  const key = pipelineKeys.delivery(deps.team, `${auth.provider}:${auth.delivery.slice(0, 100)}`);
  if ((await deps.redis.set(key, '1', 'EX', DELIVERY_TTL_S, 'NX')) !== 'OK')
    return [409, { error: `delivery ${auth.delivery} was already received; a replay starts nothing` }];
  const v = readPush(auth.provider, req.headers, body, auth.delivery);
  if (v.kind === 'refused') return [v.status, { error: v.why }];
  if (v.kind === 'ignored') return [202, { ignored: v.why }];
  try {
    const jobId = await deps.enqueue({
      ref: v.ref,
      commit: v.commit,
      pushedBy: v.pushedBy,
      source: 'webhook',
      delivery: `${v.provider}:${v.delivery}`.slice(0, 100),
    });
    return [202, { queued: jobId, commit: v.commit }];
  } catch (err) {
    // Not queued: a redelivery of the same id must be able to try again.
    await deps.redis.del(key).catch(() => undefined);
    throw err;
  }
}
