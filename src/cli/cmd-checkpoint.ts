import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { checkpointReportOf, recordCheckpointResult } from '../client/checkpoint-progress.js';
import {
  checkpointSummary,
  criteriaLines,
  reportHtml,
  reportMarkdown,
} from '../evidence/checkpoints/index.js';
import { artifactStore } from '../services/artifacts.js';
import { readConfig } from '../shared/config.js';
import { connectRedis } from '../shared/redis.js';
import { terminalConfirm } from './cmd-run.js';
import { connectClient } from './connect.js';
import { resolveRedisUrl } from './local-state.js';
import { outcomeText } from './render.js';
import { runSlash } from './run-slash.js';

/** A file name that stays inside the output directory. */
const safeName = (name: string) => basename(name).replace(/[^\w.-]/g, '_');

/**
 * `labops checkpoint <n> [--out DIR] [--team T] [--yes]`: runs the checkpoint job on the team's
 * runner like `labops run`, then writes its pictures (checked against their SHA-256),
 * `report.md` and `report.html` into DIR and records the run for `/progress`.
 * Checkpoint 6 deletes a pod: it asks first on a terminal, and needs --yes without one.
 * Exit status: 0 every criterion passed, 1 not passed or the job failed, 2 refused or bad input.
 */
export async function cmdCheckpoint(
  n: string,
  o: { out?: string; team?: string; yes?: boolean },
): Promise<number> {
  const config = readConfig();
  const team = o.team ?? config.LABOPS_TEAM;
  const redisUrl = resolveRedisUrl(config);
  const client = await connectClient(config, redisUrl);
  const redis = connectRedis(redisUrl, 'producer');
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  const say = (s: string) => s && process.stderr.write(`${s}\n`);
  try {
    // The same path as `labops run`: validation, the confirmation checkpoint 6 needs (it deletes
    // a pod), rate limits and the audit trail.
    return await runSlash(`/checkpoint ${n}`, client, {
      team,
      yes: o.yes,
      out: process.stdout,
      err: process.stderr,
      confirm: terminalConfirm(),
      signal: stop.signal,
      onOutcome: async (outcome, jobId) => {
        if (outcome.state !== 'completed') {
          say(outcomeText(outcome));
          return 1;
        }
        const report = checkpointReportOf(outcome.result);
        if (!report) {
          say(outcomeText(outcome));
          return 1;
        }
        const dir = resolve(o.out ?? `checkpoint-${report.n}-${team}`);
        mkdirSync(dir, { recursive: true });
        const store = artifactStore(redis, team, {
          ttlS: config.LABOPS_ARTIFACT_TTL_S,
          maxBytes: config.LABOPS_ARTIFACT_MAX_BYTES,
        });
        for (const item of report.items) {
          if (!item.artifact) continue;
          const got = await store.get(item.artifact.id);
          const digest = got && createHash('sha256').update(got.body).digest('hex');
          if (!got || digest !== item.artifact.sha256) {
            say(
              `✗ picture ${item.artifact.name}: ${got ? 'SHA-256 does not match the report' : 'no longer in Redis'}`,
            );
            continue;
          }
          writeFileSync(join(dir, safeName(item.artifact.name)), got.body);
        }
        writeFileSync(join(dir, 'report.md'), reportMarkdown(report, safeName));
        writeFileSync(join(dir, 'report.html'), reportHtml(report, safeName));
        await recordCheckpointResult(redis, team, jobId, outcome.result);
        process.stdout.write(
          `${checkpointSummary(report)}\n${criteriaLines(report)
            .map((l) => `  ${l}`)
            .join('\n')}\n`,
        );
        for (const i of report.items.filter((x) => !x.ok))
          process.stdout.write(
            i.skipped !== undefined
              ? `  – picture skipped: ${i.title} — ${i.skipped}\n`
              : `  ✘ picture: ${i.title} — ${i.error}\n`,
          );
        process.stdout.write(`report: ${join(dir, 'report.md')}\n`);
        return report.passed ? 0 : 1;
      },
    });
  } finally {
    redis.disconnect();
    await client.close();
  }
}
