import { generateKeyPairSync } from 'node:crypto';
import { Queue } from 'bullmq';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import { jobs } from '../../src/jobs/definitions.js';
import { signEnvelope, type UnsignedEnvelope } from '../../src/jobs/envelope.js';
import { QUEUE_PREFIX } from '../../src/jobs/queue.js';
import type { Recipe } from '../../src/runners/recipe.js';
import { readAudit } from '../../src/services/audit.js';
import { connectRedis } from '../../src/shared/redis.js';
import { freshTeam, testClient, testKeys, testRunner } from '../support/pipeline.js';
import { startTestRedis } from '../support/redis.js';

let redis: EmbeddedRedis;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis.stop();
});

function unsigned(team: string, jobId: string, over: Partial<UnsignedEnvelope> = {}): UnsignedEnvelope {
  return {
    v: 1,
    jobId,
    team,
    name: 'ping',
    data: { message: 'hi', dryRun: false },
    requestedBy: { id: 'u1', name: 'alice', via: 'cli' },
    issuedAt: Date.now(),
    ...over,
  };
}

async function world() {
  const team = freshTeam();
  const keys = testKeys();
  const runs: string[] = [];
  const argvs: unknown[] = [];
  const recipe: Recipe = {
    job: 'ping',
    steps: [{ name: 'count', apply: async (_d, ctx) => void runs.push(ctx.jobId), timeoutMs: 5_000 }],
    result: () => ({ summary: 'ran', fields: [] }),
  };
  const runner = await testRunner({
    redisUrl: redis.url,
    team,
    keys,
    recipes: { ping: recipe },
    onCommand: (_id, argv) => argvs.push(argv),
  });
  const client = testClient(redis.url, keys);
  const conn = connectRedis(redis.url, 'producer');
  const queue = new Queue(team, { connection: conn, prefix: QUEUE_PREFIX });
  return {
    team,
    keys,
    runs,
    argvs,
    client,
    queue,
    conn,
    close: async () => {
      await queue.close();
      conn.disconnect();
      await client.close();
      await runner.close();
    },
  };
}

describe('every refusal of the runner is audited, and nothing ran', () => {
  it('audits SIGNATURE_INVALID, TEAM_MISMATCH, JOB_EXPIRED, BAD_INPUT and JOB_REPLAYED', async () => {
    const w = await world();
    try {
      const other = generateKeyPairSync('ed25519').privateKey;
      const cases: [string, string, Record<string, unknown>][] = [
        ['SIGNATURE_INVALID', 'p-nosig', { ...unsigned(w.team, 'p-nosig') }],
        ['SIGNATURE_INVALID', 'p-forged', signEnvelope(unsigned(w.team, 'p-forged'), other)],
        ['TEAM_MISMATCH', 'p-team', signEnvelope(unsigned('elsewhere', 'p-team'), w.keys.signing)],
        [
          'JOB_EXPIRED',
          'p-old',
          signEnvelope(unsigned(w.team, 'p-old', { issuedAt: Date.now() - 3 * 86_400_000 }), w.keys.signing),
        ],
        [
          'BAD_INPUT',
          'p-bad',
          signEnvelope(unsigned(w.team, 'p-bad', { data: { message: 'x'.repeat(999) } }), w.keys.signing),
        ],
      ];
      for (const [code, id, data] of cases) {
        await w.queue.add('ping', data, { jobId: id });
        expect(await w.client.follow(w.team, id)).toMatchObject({ state: 'failed', code });
      }
      const once = signEnvelope(unsigned(w.team, 'p-once'), w.keys.signing);
      await w.queue.add('ping', once, { jobId: 'p-once' });
      await w.client.follow(w.team, 'p-once');
      await w.queue.remove('p-once');
      await w.queue.add('ping', once, { jobId: 'p-once' });
      expect(await w.client.follow(w.team, 'p-once')).toMatchObject({
        state: 'failed',
        code: 'JOB_REPLAYED',
      });
      expect(w.runs).toEqual(['p-once']);

      const audit = await readAudit(w.conn, { sinceMs: 0, teams: [w.team], limit: 1000 });
      const refused = audit.filter((e) => e.decision === 'refused');
      expect(refused.map((e) => [e.jobId, e.outcome])).toEqual([
        ...cases.map(([code, id]) => [id, code]),
        ['p-once', 'JOB_REPLAYED'],
      ]);
      for (const e of refused) {
        expect(e.by).toBe('runner');
        expect(e.team).toBe(w.team);
        expect(e.durationMs).toBeGreaterThanOrEqual(0);
      }
      expect(audit.filter((e) => e.decision === 'ran').map((e) => [e.jobId, e.outcome])).toEqual([
        ['p-once', 'completed'],
      ]);
    } finally {
      await w.close();
    }
  });
});

/** Counts of what the property test below generated, reported at the end. */
const generated = { rawJobs: 0 };

describe('raw job data put straight into Redis never runs unless validly signed and valid', () => {
  it('random envelopes, and well-signed envelopes with random data: all refused, runner alive', async () => {
    const w = await world();
    try {
      const jsonish = fc.jsonValue({ maxDepth: 3 });
      const data = fc.oneof(
        jsonish,
        fc.record(
          {
            message: fc.oneof(fc.string({ maxLength: 400 }), jsonish),
            dryRun: fc.oneof(fc.boolean(), jsonish),
          },
          { requiredKeys: [] },
        ),
        fc.dictionary(fc.string({ maxLength: 12 }), jsonish, { maxKeys: 5 }),
      );
      const arb = fc.oneof(
        // anything at all as the job's data
        fc.record({ kind: fc.constant('raw' as const), payload: jsonish }),
        // an envelope-like object with random fields and a random signature
        fc.record({
          kind: fc.constant('forged' as const),
          payload: fc.record(
            {
              v: fc.oneof(fc.constant(1), jsonish),
              name: fc.constantFrom('ping', 'scale', 'x'),
              data,
              sig: fc.string(),
            },
            { requiredKeys: [] },
          ),
        }),
        // signed with the right key, but with data the job's schema refuses
        fc.record({ kind: fc.constant('signed' as const), payload: data }),
      );
      let i = 0;
      const ids: string[] = [];
      await fc.assert(
        fc.asyncProperty(arb, async (c) => {
          const id = `prop-${i++}`;
          ids.push(id);
          generated.rawJobs++;
          let body: unknown = c.payload;
          if (c.kind === 'signed') {
            const d = c.payload as Record<string, unknown> | null;
            // keep only data the schema refuses: a valid ping would (rightly) run
            const valid = jobs.ping.data.safeParse(d).success;
            body = signEnvelope(
              unsigned(w.team, id, { data: valid ? { ...d, message: 7 } : (c.payload as never) }),
              w.keys.signing,
            );
          } else if (c.kind === 'forged')
            body = { ...unsigned(w.team, id), ...(c.payload as object), jobId: id, team: w.team };
          await w.queue.add('ping', body as never, { jobId: id });
        }),
        { numRuns: 150 },
      );
      for (const id of ids) {
        const out = await w.client.follow(w.team, id);
        expect(out.state, id).toBe('failed');
        expect(out.state === 'failed' && out.code, id).toMatch(/^(SIGNATURE_INVALID|BAD_INPUT)$/);
      }
      expect(w.runs).toEqual([]);
      expect(w.argvs).toEqual([]);
      process.stderr.write(`[property] raw job payloads tried: ${generated.rawJobs}\n`);
    } finally {
      await w.close();
    }
  });
});
