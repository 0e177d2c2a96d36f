import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportOfJob } from '../../src/dashboard/data.js';
import { readCheckpoints } from '../../src/evidence/checkpoints/store.js';
import type { CheckpointReport } from '../../src/evidence/checkpoints/types.js';
import { keys } from '../../src/jobs/queue.js';
import { keepCheckpointRun } from '../../src/runners/keep-evidence.js';
import { artifactStore } from '../../src/services/artifacts.js';
import { evidenceKeys, keepEvidence, keptReport, keptRuns } from '../../src/services/evidence.js';
import { silentLogger } from '../../src/shared/logger.js';
import { useFileRedis } from '../support/file-redis.js';
import { freshTeam } from '../support/pipeline.js';
import { labops, tempDir } from '../support/procs.js';

// Checkpoint evidence kept for grading, on a real Redis: pictures outlive the artifact TTL,
// the report stays readable after its job is gone, the team's budget drops the oldest runs,
// and `labops evidence export` writes the files with their SHA-256.

const db = useFileRedis();

const ARTIFACT_TTL_S = 7 * 24 * 3600;
const TERM_S = 120 * 24 * 3600;

/** A checkpoint run with one real stored picture of `bytes` bytes. */
async function run(team: string, n: number, at: string, bytes = 1000): Promise<CheckpointReport> {
  const store = artifactStore(db.conn, team, { ttlS: ARTIFACT_TTL_S, maxBytes: 1 << 20 });
  const ref = await store.put(`cp${n}-pods.png`, 'image/png', Buffer.alloc(bytes, n));
  return {
    n,
    title: `checkpoint ${n}`,
    guideTitle: 'x',
    team,
    at,
    durationMs: 10,
    passed: true,
    picturesOk: true,
    items: [{ id: 'pods', title: 'pods', kind: 'terminal', guide: 'x', ok: true, artifact: ref }] as never,
    criteria: [{ id: 'replicas', title: 'replicas', pass: true, measured: '5/5' }] as never,
  };
}

describe('checkpoint evidence kept for grading', () => {
  it('raises the pictures to the evidence TTL, keeps the report, and keeping twice changes nothing', async () => {
    const team = freshTeam();
    const r = await run(team, 1, '2026-12-01T10:00:00.000Z');
    const id = r.items[0]!.artifact!.id;
    expect(await db.conn.ttl(keys.artifact(team, id))).toBeLessThanOrEqual(ARTIFACT_TTL_S);
    const first = await keepEvidence(db.conn, team, 'job-1', r, { ttlS: TERM_S, budgetBytes: 1 << 20 });
    expect(first).toEqual({ added: true, evicted: [] });
    for (const k of [
      keys.artifact(team, id),
      keys.artifactMeta(team, id),
      evidenceKeys.report(team, 'job-1'),
    ])
      expect(await db.conn.ttl(k)).toBeGreaterThan(ARTIFACT_TTL_S);
    expect(await keptReport(db.conn, team, 'job-1')).toEqual(r);
    expect(await keepEvidence(db.conn, team, 'job-1', r, { ttlS: TERM_S, budgetBytes: 1 << 20 })).toEqual({
      added: false,
      evicted: [],
    });
    expect((await keptRuns(db.conn, team)).map((k) => k.jobId)).toEqual(['job-1']);
  });

  it('the dashboard reads a kept report once its job is gone', async () => {
    const team = freshTeam();
    const r = await run(team, 2, '2026-12-01T11:00:00.000Z');
    expect(await reportOfJob(db.conn, team, 'job-gone')).toBeUndefined();
    await keepEvidence(db.conn, team, 'job-gone', r, { ttlS: TERM_S, budgetBytes: 1 << 20 });
    expect(await reportOfJob(db.conn, team, 'job-gone')).toEqual(r);
  });

  it("past the team's budget the oldest runs and their pictures go, never the newest", async () => {
    const team = freshTeam();
    const limits = { ttlS: TERM_S, budgetBytes: 5_000 };
    const runs = [
      await run(team, 1, '2026-12-01T08:00:00.000Z', 2000),
      await run(team, 2, '2026-12-01T09:00:00.000Z', 2000),
      await run(team, 3, '2026-12-01T10:00:00.000Z', 2000),
    ];
    expect((await keepEvidence(db.conn, team, 'a', runs[0]!, limits)).evicted).toEqual([]);
    expect((await keepEvidence(db.conn, team, 'b', runs[1]!, limits)).evicted).toEqual([]);
    expect((await keepEvidence(db.conn, team, 'c', runs[2]!, limits)).evicted).toEqual(['a']);
    expect(await db.conn.exists(keys.artifact(team, runs[0]!.items[0]!.artifact!.id))).toBe(0);
    expect(await keptReport(db.conn, team, 'a')).toBeUndefined();
    expect((await keptRuns(db.conn, team)).map((k) => k.jobId)).toEqual(['b', 'c']);
    const alone = freshTeam();
    const big = await run(alone, 6, '2026-12-01T10:00:00.000Z', 9000);
    expect((await keepEvidence(db.conn, alone, 'big', big, limits)).evicted).toEqual([]);
    expect(await keptReport(db.conn, alone, 'big')).toBeDefined();
  });

  it('a run whose report expired leaves the index the next time one is kept', async () => {
    const team = freshTeam();
    const limits = { ttlS: TERM_S, budgetBytes: 1 << 20 };
    await keepEvidence(db.conn, team, 'old', await run(team, 1, '2026-12-01T08:00:00.000Z'), limits);
    await db.conn.del(evidenceKeys.report(team, 'old'));
    await keepEvidence(db.conn, team, 'new', await run(team, 2, '2026-12-01T09:00:00.000Z'), limits);
    expect((await keptRuns(db.conn, team)).map((k) => k.jobId)).toEqual(['new']);
  });

  it("a checkpoint job's end updates the team's record and keeps the run", async () => {
    const team = freshTeam();
    const r = await run(team, 4, '2026-12-01T12:00:00.000Z');
    const o = {
      redis: db.conn,
      team,
      jobId: 'j4',
      limits: { ttlS: TERM_S, budgetBytes: 1 << 20 },
      log: silentLogger,
    };
    await keepCheckpointRun(o, { not: 'a report' });
    expect((await readCheckpoints(db.conn, team)).size).toBe(0);
    await keepCheckpointRun(o, r);
    const rec = (await readCheckpoints(db.conn, team)).get(4);
    expect(rec?.passedAt).toBe(r.at);
    expect(rec?.last.jobId).toBe('j4');
    expect(await keptReport(db.conn, team, 'j4')).toEqual(r);
  });

  it('labops evidence export writes each kept run with a manifest of SHA-256 digests', async () => {
    const team = freshTeam();
    const r = await run(team, 5, '2026-12-01T13:00:00.000Z', 3000);
    await keepEvidence(db.conn, team, 'j5', r, { ttlS: TERM_S, budgetBytes: 1 << 20 });
    const home = tempDir('labops-evidence-');
    const out = join(home, 'out');
    const res = await labops(['evidence', 'export', '--out', out, '--team', team], {
      PATH: process.env.PATH ?? '',
      HOME: home,
      REDIS_URL: db.url,
    });
    expect(res.exitCode, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/exported 1 checkpoint run\(s\), 3 file\(s\)/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      files: { file: string; sha256: string }[];
      missing: string[];
    };
    expect(manifest.missing).toEqual([]);
    expect(manifest.files.map((f) => f.file.split('/').pop()).sort()).toEqual([
      'cp5-pods.png',
      'report.html',
      'report.json',
    ]);
    for (const f of manifest.files)
      expect(
        createHash('sha256')
          .update(readFileSync(join(out, f.file)))
          .digest('hex'),
      ).toBe(f.sha256);
    const png = manifest.files.find((f) => f.file.endsWith('.png'))!;
    expect(png.sha256).toBe(r.items[0]!.artifact!.sha256);
    const bad = await labops(['evidence', 'export', '--out', out, '--team', 'Not A Team'], {
      PATH: process.env.PATH ?? '',
      HOME: home,
      REDIS_URL: db.url,
    });
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toMatch(/--team Not A Team/);
  });
});
