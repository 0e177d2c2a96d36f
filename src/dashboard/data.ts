import type { Redis } from 'ioredis';
import { type CheckpointRecord, isCheckpointReport, readCheckpoints } from '../evidence/checkpoints/store.js';
import type { CheckpointReport } from '../evidence/checkpoints/types.js';
import { keys, QUEUE_PREFIX } from '../jobs/queue.js';
import { type AuditEntry, readAudit } from '../services/audit.js';
import { keptReport } from '../services/evidence.js';
import { readStages, type TeamStage } from '../services/stage.js';

/** A team as the dashboard lists it: its name and its queue (Redis prefix). */
export interface DashTeam {
  name: string;
  queue: string;
}

/** The checkpoints of the guide. */
export const CHECKPOINTS = [1, 2, 3, 4, 5, 6] as const;

/** One cell of the class grid. */
export type Cell =
  | { state: 'passed'; at: string; record: CheckpointRecord }
  | { state: 'failed'; failing: number; at: string; record: CheckpointRecord }
  | { state: 'none' };

/** One team's row of the class grid. */
export interface GridRow {
  team: DashTeam;
  cells: Cell[];
  /** Where the team stands in the guide, as its last `/next` or `/status` read the lab. */
  stage?: TeamStage;
}

/** Pure: the cell of a checkpoint record (passed once = passed, with the first pass time). */
export function cellOf(r: CheckpointRecord | undefined): Cell {
  if (!r) return { state: 'none' };
  if (r.passedAt) return { state: 'passed', at: r.passedAt, record: r };
  return {
    state: 'failed',
    failing: r.last.criteria.filter((c) => !c.pass).length,
    at: r.last.at,
    record: r,
  };
}

/** The class grid: every team × checkpoints 1–6, from the teams' checkpoint records. */
export async function classGrid(redis: Redis, teams: readonly DashTeam[]): Promise<GridRow[]> {
  const [maps, stages] = await Promise.all([
    Promise.all(teams.map((t) => readCheckpoints(redis, t.queue))),
    readStages(
      redis,
      teams.map((t) => t.queue),
    ),
  ]);
  return teams.map((team, i) => ({
    team,
    cells: CHECKPOINTS.map((n) => cellOf(maps[i]!.get(n))),
    ...(stages[i] ? { stage: stages[i] } : {}),
  }));
}

/** Pure: the rows by team name, or by checkpoints passed (`ahead`: most first; `behind`: fewest first). */
export function sortRows(rows: readonly GridRow[], sort: string): GridRow[] {
  const passed = (r: GridRow) => r.cells.filter((c) => c.state === 'passed').length;
  const byName = (a: GridRow, b: GridRow) => a.team.name.localeCompare(b.team.name);
  if (sort === 'ahead') return [...rows].sort((a, b) => passed(b) - passed(a) || byName(a, b));
  if (sort === 'behind') return [...rows].sort((a, b) => passed(a) - passed(b) || byName(a, b));
  return [...rows].sort(byName);
}

/** Pure: per checkpoint, how many teams started it and how many passed it. */
export function gridCounts(rows: readonly GridRow[]): { started: number; passed: number }[] {
  return CHECKPOINTS.map((_, i) => ({
    started: rows.filter((r) => r.cells[i]!.state !== 'none').length,
    passed: rows.filter((r) => r.cells[i]!.state === 'passed').length,
  }));
}

/** Who holds the team's lab lock, if anyone. */
export async function lockHolder(
  redis: Redis,
  queue: string,
): Promise<{ job: string; jobId: string; requester: string; since: number } | null> {
  const raw = await redis.get(keys.lock(queue));
  return raw ? (JSON.parse(raw) as { job: string; jobId: string; requester: string; since: number }) : null;
}

/** The team's runners seen in the last 30 s (their heartbeat keys). */
export async function runnersOnline(redis: Redis, queue: string): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', keys.heartbeats(queue), 'COUNT', 100);
    cursor = next;
    const values = batch.length ? await redis.mget(batch) : [];
    for (const v of values) if (v) found.push(JSON.parse(v) as Record<string, unknown>);
  } while (cursor !== '0');
  return found;
}

/**
 * The checkpoint report a job returned (BullMQ keeps the result in the job's hash
 * `labops:<queue>:<id>`, field `returnvalue`); once the job was removed, the report kept for
 * grading (LABOPS_EVIDENCE_TTL_S); undefined when neither is left.
 */
export async function reportOfJob(
  redis: Redis,
  queue: string,
  jobId: string,
): Promise<CheckpointReport | undefined> {
  if (!/^[\w:-]{1,100}$/.test(jobId)) return undefined;
  const raw = await redis.hget(`${QUEUE_PREFIX}:${queue}:${jobId}`, 'returnvalue');
  if (!raw) return keptReport(redis, queue, jobId);
  try {
    const data = (JSON.parse(raw) as { data?: unknown } | null)?.data;
    return isCheckpointReport(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** A search of the audit trail. */
export interface AuditQuery {
  team?: string;
  member?: string;
  command?: string;
  sinceMs: number;
  untilMs?: number;
}

/** Audit entries matching the query (team exact; member and command as substrings), newest last. */
export async function searchAudit(redis: Redis, q: AuditQuery, limit = 500): Promise<AuditEntry[]> {
  const has = (v: string | undefined, part: string | undefined) =>
    !part || (v ?? '').toLowerCase().includes(part.toLowerCase());
  return readAudit(redis, {
    sinceMs: q.sinceMs,
    ...(q.untilMs !== undefined ? { untilMs: q.untilMs } : {}),
    ...(q.team ? { teams: [q.team] } : {}),
    limit,
    match: (e) => (has(e.whoName, q.member) || has(e.who, q.member)) && has(e.command, q.command),
  });
}

/** One row of the gradebook. */
export interface GradeRow {
  team: string;
  members: string[];
  checkpoints: { n: number; firstPassedAt: string | null; lastOutcome: 'passed' | 'failed' | 'not tried' }[];
  evidence: string;
}

/** Pure: the gradebook from the grid and the members seen in the audit trail. */
export function gradebook(
  rows: readonly GridRow[],
  members: Map<string, string[]>,
  base: string,
): GradeRow[] {
  return rows.map((r) => ({
    team: r.team.name,
    members: members.get(r.team.name) ?? [],
    checkpoints: r.cells.map((c, i) => ({
      n: i + 1,
      firstPassedAt: c.state === 'passed' ? c.at : null,
      lastOutcome: c.state === 'none' ? 'not tried' : c.record.last.passed ? 'passed' : 'failed',
    })),
    evidence: `${base}/team/${encodeURIComponent(r.team.name)}`,
  }));
}

/** Members of each team: the names of whoever asked for its commands (the audit trail). */
export async function teamMembers(redis: Redis, teams: readonly DashTeam[]): Promise<Map<string, string[]>> {
  const rows = await readAudit(redis, { sinceMs: 0, teams: teams.map((t) => t.name), limit: 100_000 });
  const out = new Map<string, Set<string>>();
  for (const e of rows) {
    if (e.by === 'runner') continue;
    const set = out.get(e.team) ?? new Set<string>();
    set.add(e.whoName ?? e.who);
    out.set(e.team, set);
  }
  return new Map([...out].map(([k, v]) => [k, [...v].sort()]));
}

/** Pure: the gradebook as CSV (RFC 4180 quoting; a leading =,+,-,@ is neutralised for spreadsheets). */
export function gradebookCsv(rows: readonly GradeRow[]): string {
  const q = (v: string) => {
    const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const head = ['team', 'members'];
  for (const n of CHECKPOINTS) head.push(`cp${n}_first_passed`, `cp${n}_last_outcome`);
  head.push('evidence');
  const lines = rows.map((r) =>
    [
      r.team,
      r.members.join('; '),
      ...r.checkpoints.flatMap((c) => [c.firstPassedAt ?? '', c.lastOutcome]),
      r.evidence,
    ]
      .map(q)
      .join(','),
  );
  return `${[head.join(','), ...lines].join('\r\n')}\r\n`;
}
