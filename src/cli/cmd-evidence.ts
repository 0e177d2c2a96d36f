import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { reportHtml } from '../evidence/checkpoints/report-html.js';
import { teamName } from '../jobs/names.js';
import { artifactStore } from '../services/artifacts.js';
import { keptReport, keptRuns, teamsWithEvidence } from '../services/evidence.js';
import { ConfigError, readConfig } from '../shared/config.js';
import { connectRedis } from '../shared/redis.js';
import { resolveRedisUrl } from './local-state.js';

/** One exported file, as the manifest lists it. */
interface ExportedFile {
  team: string;
  checkpoint: number;
  jobId: string;
  file: string;
  bytes: number;
  sha256: string;
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
/** Artifact names are ours (`<item>.png`), but a file name never leaves its folder. */
const safeName = (s: string) => s.replace(/[^\w.-]/g, '_').replace(/^\.+/, '_');

/**
 * `labops evidence export --out DIR [--team T]…`: writes every kept checkpoint run (the report
 * as JSON and HTML, the pictures) to `DIR/<team>/checkpoint-<n>/<job id>/`, and
 * `DIR/manifest.json` with each file's SHA-256: the evidence of a term, off Redis, for grading.
 */
export async function cmdEvidenceExport(
  o: { out: string; team?: string[] },
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  for (const t of o.team ?? []) {
    const parsed = teamName.safeParse(t);
    if (!parsed.success)
      throw new ConfigError(`--team ${t}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  const config = readConfig();
  const redis = connectRedis(resolveRedisUrl(config), 'producer');
  const dir = resolve(o.out);
  const files: ExportedFile[] = [];
  const missing: string[] = [];
  try {
    const teams = o.team?.length ? o.team : await teamsWithEvidence(redis);
    for (const team of teams) {
      const store = artifactStore(redis, team, { ttlS: 1, maxBytes: Number.MAX_SAFE_INTEGER });
      for (const { jobId } of await keptRuns(redis, team)) {
        const report = await keptReport(redis, team, jobId);
        if (!report) continue;
        const rel = join(safeName(team), `checkpoint-${report.n}`, safeName(jobId));
        mkdirSync(join(dir, rel), { recursive: true });
        const write = (name: string, body: Buffer | string) => {
          writeFileSync(join(dir, rel, name), body);
          files.push({
            team,
            checkpoint: report.n,
            jobId,
            file: join(rel, name),
            bytes: Buffer.byteLength(body),
            sha256: sha256(body),
          });
        };
        write('report.json', `${JSON.stringify(report, null, 2)}\n`);
        write(
          'report.html',
          reportHtml(report, (n) => safeName(n)),
        );
        for (const item of report.items) {
          if (!item.artifact) continue;
          const got = await store.get(item.artifact.id);
          if (!got || sha256(got.body) !== item.artifact.sha256) {
            missing.push(`${team} checkpoint ${report.n} ${jobId}: ${item.artifact.name}`);
            continue;
          }
          write(safeName(item.artifact.name), got.body);
        }
      }
    }
  } finally {
    redis.disconnect();
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'manifest.json'),
    `${JSON.stringify({ exportedAt: new Date().toISOString(), files, missing }, null, 2)}\n`,
  );
  const runs = new Set(files.map((f) => `${f.team}/${f.jobId}`)).size;
  out.write(
    `exported ${runs} checkpoint run(s), ${files.length} file(s) to ${dir} (manifest.json lists their SHA-256)\n`,
  );
  for (const m of missing) out.write(`missing (expired or changed): ${m}\n`);
  return 0;
}
