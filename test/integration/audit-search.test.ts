import { describe, expect, it } from 'vitest';
import { searchAudit } from '../../src/dashboard/data.js';
import { AUDIT_STREAM, type AuditEntry, readAudit, teamAuditStream } from '../../src/services/audit.js';
import { useFileRedis } from '../support/file-redis.js';
import { freshTeam } from '../support/pipeline.js';

// Reading the audit trail backwards a page at a time: the newest matches, across pages and
// streams, within the time range, the same as reading everything and filtering.

const db = useFileRedis();

/** Writes `n` entries with explicit stream ids at times `t0 + i` ms (bot entries in the shared stream). */
async function seed(stream: string, team: string, t0: number, n: number, who: (i: number) => string) {
  const p = db.conn.pipeline();
  for (let i = 0; i < n; i++)
    p.xadd(
      stream,
      `${t0 + i}-0`,
      'at',
      String(t0 + i),
      'who',
      who(i),
      'team',
      team,
      'by',
      'bot',
      'command',
      i % 2 ? 'scale' : 'ping',
      'decision',
      'enqueued',
    );
  await p.exec();
}

describe('audit search', () => {
  it('finds the newest matches of one team among 2,500 entries of others, across pages', async () => {
    const team = freshTeam();
    const other = freshTeam();
    const t0 = 1_700_000_000_000;
    // The team's own entries are the oldest: reaching them means paging through the others.
    await seed(AUDIT_STREAM, team, t0 - 100, 30, (i) => `discord:member-${i % 3}`);
    await seed(AUDIT_STREAM, other, t0, 2_500, (i) => `discord:${i}`);
    await seed(teamAuditStream(team), team, t0 + 5_000, 5, () => 'runner:1');
    const rows = await readAudit(db.conn, { sinceMs: t0 - 1_000, teams: [team], limit: 20 });
    expect(rows).toHaveLength(20);
    expect(rows.every((e) => e.team === team)).toBe(true);
    expect(rows.at(-1)!.at).toBe(t0 + 5_004);
    expect(rows.map((e) => e.at)).toEqual([...rows.map((e) => e.at)].sort((a, b) => a - b));
    const all = await readAudit(db.conn, { sinceMs: t0 - 1_000, teams: [team], limit: 1_000 });
    expect(all).toHaveLength(35);
    expect(rows).toEqual(all.slice(-20));
  });

  it('searches by member, command and time range as a filter of everything would', async () => {
    const team = freshTeam();
    const t0 = 1_800_000_000_000;
    await seed(teamAuditStream(team), team, t0, 1_500, (i) => `cli:user-${i % 5}`);
    const q = { team, member: 'user-3', command: 'scale', sinceMs: t0 + 100, untilMs: t0 + 1_200 };
    const got = await searchAudit(db.conn, q, 500);
    const every = (await readAudit(db.conn, { sinceMs: 0, teams: [team], limit: 100_000 })).filter(
      (e: AuditEntry) =>
        e.who === 'cli:user-3' && e.command === 'scale' && e.at >= q.sinceMs && e.at <= q.untilMs,
    );
    expect(every.length).toBeGreaterThan(50);
    expect(got).toEqual(every);
    expect(await searchAudit(db.conn, { ...q, member: 'nobody' })).toEqual([]);
  });
});
