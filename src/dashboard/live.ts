import type { Redis } from 'ioredis';
import { AUDIT_STREAM, type AuditEntry, teamAuditStream } from '../services/audit.js';

/** How long one blocking read waits before it looks at its subscribers again. */
const BLOCK_MS = 1_000;

type Listener = (e: AuditEntry) => void;

/** Pure: an audit entry from a stream's flat field list. */
function decode(id: string, flat: string[]): AuditEntry {
  const o: Record<string, unknown> = { id };
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const k = flat[i]!;
    const v = flat[i + 1]!;
    o[k] = k === 'at' || k === 'durationMs' ? Number(v) : v;
  }
  delete o.options;
  return o as unknown as AuditEntry;
}

/**
 * The class's job events as they happen: one blocking XREAD over the audit streams (commands
 * decided by the bot and CLI, jobs ended by the runners), shared by every open Live page, and
 * running only while one is open.
 */
export class LiveFeed {
  private readonly listeners = new Set<Listener>();
  private running = false;

  constructor(
    private readonly redis: Redis,
    private readonly queues: () => readonly string[],
  ) {}

  /** Calls `fn` with every new entry until the returned function is called. */
  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    if (!this.running) void this.loop();
    return () => this.listeners.delete(fn);
  }

  private async loop(): Promise<void> {
    this.running = true;
    const conn = this.redis.duplicate({ maxRetriesPerRequest: 1 });
    const last = new Map<string, string>();
    try {
      while (this.listeners.size) {
        const streams = [AUDIT_STREAM, ...this.queues().map(teamAuditStream)];
        // A stream read for the first time is read from its newest entry at that moment.
        for (const s of streams) if (!last.has(s)) last.set(s, await lastId(conn, s));
        const ids = streams.map((s) => last.get(s)!);
        const got = (await conn.xread('BLOCK', BLOCK_MS, 'STREAMS', ...streams, ...ids)) as
          | [string, [string, string[]][]][]
          | null;
        for (const [stream, rows] of got ?? []) {
          for (const [id, flat] of rows) {
            last.set(stream, id);
            const entry = decode(id, flat);
            for (const fn of this.listeners) fn(entry);
          }
        }
      }
    } catch {
      /* Redis away: the pages see the stream end and reconnect */
    } finally {
      this.running = false;
      conn.disconnect();
    }
  }
}

/** The newest id of a stream ('0' when empty or absent). */
async function lastId(redis: Redis, stream: string): Promise<string> {
  const rows = (await redis.xrevrange(stream, '+', '-', 'COUNT', 1)) as [string, string[]][];
  return rows[0]?.[0] ?? '0';
}

/** The browser side of the Live page: served as `/static/live.js` (no inline script). */
export const LIVE_JS = `(() => {
  const body = document.querySelector('#jobs tbody');
  if (!body || !window.EventSource) return;
  const es = new EventSource('/live/events');
  const td = (t) => { const c = document.createElement('td'); c.textContent = t == null ? '' : String(t); return c; };
  es.addEventListener('job', (ev) => {
    const e = JSON.parse(ev.data);
    const tr = document.createElement('tr');
    tr.dataset.job = e.jobId || '';
    const when = new Date(e.at).toISOString().slice(0, 16).replace('T', ' ');
    const dur = e.durationMs == null ? '' : (e.durationMs / 1000).toFixed(1) + ' s';
    for (const v of [when, e.team, e.whoName || e.who, '/' + e.command, e.by, e.decision, e.jobId, e.outcome, dur]) tr.append(td(v));
    body.prepend(tr);
    while (body.children.length > 200) body.lastElementChild.remove();
  });
})();
`;
