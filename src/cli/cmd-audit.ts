import { auditLine, parseSince, readAudit } from '../services/audit.js';
import { readConfig } from '../shared/config.js';
import { Codes, UserError } from '../shared/errors.js';
import { connectRedis, waitForRedis } from '../shared/redis.js';
import { resolveRedisUrl } from './local-state.js';

/** `labops audit [--team T] [--since 1h|ISO] [--json]`: the merged audit trail, oldest first. */
export async function cmdAudit(
  o: { team?: string; since: string; limit: string; json?: boolean },
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const config = readConfig();
  let sinceMs: number;
  try {
    sinceMs = parseSince(o.since);
  } catch (err) {
    throw new UserError(Codes.badInput, `--since: ${(err as Error).message}`);
  }
  const url = resolveRedisUrl(config);
  const redis = connectRedis(url, 'producer');
  try {
    await waitForRedis(redis, url);
    const rows = await readAudit(redis, {
      sinceMs,
      ...(o.team ? { teams: [o.team] } : {}),
      limit: Math.max(1, Math.min(100_000, Number(o.limit) || 200)),
    });
    if (o.json) for (const r of rows) out.write(`${JSON.stringify(r)}\n`);
    else if (!rows.length) out.write('no audit entries in that period\n');
    else out.write(`${rows.map(auditLine).join('\n')}\n`);
    return 0;
  } finally {
    redis.disconnect();
  }
}
