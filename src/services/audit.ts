import type { Redis } from 'ioredis';
import { QUEUE_PREFIX } from '../jobs/queue.js';

/**
 * The audit trail: one entry per command decided (bot, CLI) and per job ended or refused
 * (runner), in Redis streams bounded to about 100k entries. The bot and the CLI write
 * `labops:audit`; a runner writes `labops:<team>:audit`, inside its ACL prefix. Readers merge.
 */

export const AUDIT_STREAM = `${QUEUE_PREFIX}:audit`;
export const AUDIT_MAXLEN = 100_000;
export const teamAuditStream = (team: string) => `${QUEUE_PREFIX}:${team}:audit`;

export type AuditDecision =
  | 'enqueued'
  | 'denied'
  | 'refused'
  | 'invalid'
  | 'rate-limited'
  | 'not-confirmed'
  | 'answered'
  | 'ran';

export interface AuditEntry {
  /** Milliseconds since the epoch. */
  at: number;
  /** Who asked: `discord:<id>`, `cli:<user>`. */
  who: string;
  whoName?: string;
  team: string;
  /** Which process decided: bot, cli or runner. */
  by: 'bot' | 'cli' | 'runner';
  command: string;
  /** The command's options as given (JSON). */
  options?: Record<string, unknown>;
  decision: AuditDecision;
  jobId?: string;
  /** completed, failed, cancelled, or the refusal's code. */
  outcome?: string;
  message?: string;
  durationMs?: number;
  /** The artifact id of the job's full log (runner entries of jobs that ran). */
  log?: string;
  /** The stream entry id (set when read back). */
  id?: string;
}

/** Appends one entry; never throws (an audit write must not break a command). */
export async function appendAudit(redis: Redis, stream: string, entry: AuditEntry): Promise<void> {
  const fields: string[] = [];
  for (const [k, v] of Object.entries(entry)) {
    if (v === undefined || k === 'id') continue;
    fields.push(k, typeof v === 'string' ? v : JSON.stringify(v));
  }
  await redis.xadd(stream, 'MAXLEN', '~', String(AUDIT_MAXLEN), '*', ...fields).catch(() => undefined);
}

function decode(id: string, flat: string[]): AuditEntry {
  const o: Record<string, unknown> = { id };
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const k = flat[i]!;
    const v = flat[i + 1]!;
    o[k] = k === 'at' || k === 'durationMs' ? Number(v) : k === 'options' ? safeJson(v) : v;
  }
  return o as unknown as AuditEntry;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/**
 * Reads entries since `sinceMs`, merged from the shared stream and the teams' runner streams
 * (all teams found by SCAN when `teams` is not given) and kept by `match`, oldest first, at most
 * `limit` (the newest), between `sinceMs` and `untilMs`.
 */
export async function readAudit(
  redis: Redis,
  opts: {
    sinceMs: number;
    /** The newest time wanted (default: now). */
    untilMs?: number;
    teams?: string[];
    limit?: number;
    match?: (e: AuditEntry) => boolean;
  },
): Promise<AuditEntry[]> {
  let streams = opts.teams?.map(teamAuditStream);
  if (!streams) {
    streams = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${QUEUE_PREFIX}:*:audit`, 'COUNT', 500);
      cursor = next;
      streams.push(...batch);
    } while (cursor !== '0');
  }
  const limit = opts.limit ?? 200;
  const wanted = (e: AuditEntry) =>
    (!opts.teams || opts.teams.includes(e.team)) && (!opts.match || opts.match(e));
  const all: AuditEntry[] = [];
  for (const s of [AUDIT_STREAM, ...new Set(streams)])
    all.push(...(await newestOf(redis, s, opts, limit, wanted)));
  all.sort((a, b) => a.at - b.at || String(a.id).localeCompare(String(b.id)));
  return all.slice(-limit);
}

/** Entries read per round trip when paging a stream backwards. */
const PAGE = 1_000;

/**
 * The newest `limit` entries of one stream since `sinceMs` that `wanted` keeps, read backwards
 * a page at a time: a search of recent entries costs what it finds, not the whole stream.
 */
async function newestOf(
  redis: Redis,
  stream: string,
  range: { sinceMs: number; untilMs?: number },
  limit: number,
  wanted: (e: AuditEntry) => boolean,
): Promise<AuditEntry[]> {
  const found: AuditEntry[] = [];
  let end = range.untilMs !== undefined ? String(range.untilMs) : '+';
  for (;;) {
    const rows = (await redis.xrevrange(stream, end, String(range.sinceMs), 'COUNT', PAGE)) as [
      string,
      string[],
    ][];
    for (const [id, flat] of rows) {
      const e = decode(id, flat);
      if (wanted(e)) found.push(e);
      if (found.length >= limit) return found;
    }
    if (rows.length < PAGE) return found;
    end = `(${rows.at(-1)![0]}`;
  }
}

/** `1h`, `30m`, `2d`, `45s` before `now`, or an ISO date: milliseconds since the epoch. */
export function parseSince(text: string, now = Date.now()): number {
  const m = /^(\d+)\s*([smhd])$/.exec(text.trim());
  if (m) return now - Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's'];
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new Error(`"${text}" is neither a duration (1h, 30m, 2d) nor an ISO date`);
  return t;
}

/** One line of an entry for a terminal or a chat message. */
export function auditLine(e: AuditEntry): string {
  const when = new Date(e.at).toISOString().replace('T', ' ').slice(0, 19);
  const opts = e.options && Object.keys(e.options).length ? ` ${JSON.stringify(e.options)}` : '';
  const job = e.jobId ? ` #${e.jobId}` : '';
  const out = e.outcome ? ` → ${e.outcome}` : '';
  const dur = e.durationMs !== undefined ? ` (${Math.round(e.durationMs / 100) / 10} s)` : '';
  return `${when} ${e.team} ${e.whoName ?? e.who} [${e.by}] /${e.command}${opts}: ${e.decision}${job}${out}${dur}`;
}
