import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResultPromise } from 'execa';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import { readPngInfo } from '../../src/evidence/index.js';
import { keptReport, keptRuns } from '../../src/services/evidence.js';
import { simBinDir } from '../../src/sim/cloud/index.js';
import { clientKubeconfig } from '../../src/sim/lab.js';
import { labops, labopsDaemon, tempDir } from '../support/procs.js';
import { startTestRedis } from '../support/redis.js';

// `labops checkpoint 6 --out DIR` end to end: a runner process on the simulated lab, the lab
// prepared with `labops run`, then the pictures and the report written by the CLI.

let redis: EmbeddedRedis;
let runner: { proc: ResultPromise; output: () => string } | undefined;
let env: Record<string, string>;
const stateDir = tempDir('labops-cli-cp-sim-');
const home = tempDir('labops-cli-cp-home-');
const out = join(tempDir('labops-cli-cp-out-'), 'cp6');

beforeAll(async () => {
  redis = await startTestRedis();
  env = {
    PATH: process.env.PATH!,
    HOME: home,
    REDIS_URL: redis.url,
    LABOPS_KEYS_DIR: join(home, 'keys'),
    LABOPS_TEAM: 'team-cp',
    LOG_LEVEL: 'info',
  };
  expect((await labops(['keys', 'generate'], env)).exitCode).toBe(0);
  runner = await labopsDaemon(
    ['runner', '--sim', '--preset', 'ready', '--state-dir', stateDir, '--time-scale', '0.01'],
    env,
    /runner ready/,
    60_000,
  );
  for (const line of ['/deploy hello-node', '/scale hello-node 5', '/expose loadbalancer']) {
    const r = await labops(['run', line, '--yes'], env);
    expect(r.exitCode, `${line}\n${r.stderr}`).toBe(0);
  }
}, 180_000);

afterAll(async () => {
  runner?.proc.kill('SIGTERM');
  await runner?.proc;
  await redis?.stop();
});

describe('labops checkpoint', () => {
  it('checkpoint 6 deletes a pod: refused without a terminal and without --yes, nothing run, audited', async () => {
    const refused = await labops(['checkpoint', '6', '--out', `${out}-refused`], env);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('changes the lab: confirm with --yes');
    expect(refused.stderr).not.toContain('queued as');
    const audit = await labops(['audit', '--since', '1h', '--json'], env);
    const entries = audit.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries).toContainEqual(
      expect.objectContaining({ command: 'checkpoint', decision: 'invalid', outcome: 'NOT_CONFIRMED' }),
    );
    expect(entries.filter((e) => e.command === 'checkpoint' && e.decision === 'enqueued')).toEqual([]);
  });

  it('writes every picture and a report with every criterion evaluated', async () => {
    const r = await labops(['checkpoint', '6', '--out', out, '--yes'], env);
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/checkpoint 6 \(load balancer\): PASSED, 4\/4 criteria, 4\/4 pictures/);
    const pngs = readdirSync(out).filter((f) => f.endsWith('.png'));
    expect(pngs).toHaveLength(4);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    for (const title of [
      'external IP assigned',
      'the Octavia load balancer is ACTIVE and answers through its external IP',
      'at least 2 distinct hosts and an even spread',
      'a pod deleted: failures stay low and the service recovers',
    ])
      expect(md).toMatch(new RegExp(`\\| ✔ pass \\| ${title.replace(/[/]/g, '\\/')} \\|`));
    for (const f of pngs) {
      const body = readFileSync(join(out, f));
      const info = readPngInfo(body);
      expect(info.width).toBeGreaterThan(600);
      const sha = createHash('sha256').update(body).digest('hex');
      expect(md).toContain(
        `\`${f}\` — ${info.width}×${info.height} px, ${body.length} bytes, SHA-256 \`${sha}\``,
      );
    }
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    for (const f of pngs) expect(html).toContain(`src="${f}"`);
    // The runner kept the run for grading as the job ended: its report and the same pictures.
    const conn = new Redis(redis.url);
    try {
      const runs = await keptRuns(conn, 'team-cp');
      expect(runs).toHaveLength(1);
      const kept = await keptReport(conn, 'team-cp', runs[0]!.jobId);
      const digests = (kept?.items ?? []).flatMap((i) => (i.artifact ? [i.artifact.sha256] : []));
      const files = pngs.map((f) =>
        createHash('sha256')
          .update(readFileSync(join(out, f)))
          .digest('hex'),
      );
      expect(digests.sort()).toEqual(files.sort());
    } finally {
      conn.disconnect();
    }
  });

  it('/progress shows when the team first passed checkpoint 6', async () => {
    const r = await labops(['run', '/progress'], env);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^team-cp\s+-\s+-\s+-\s+-\s+-\s+\d\d-\d\d \d\d:\d\d/m);
  });

  it('labops probe --lab refuses a URL the lab does not expose', async () => {
    const r = await labops(['probe', '--lab', 'http://127.0.0.9:9/', '-n', '5'], {
      ...env,
      ...(await simEnv()),
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/is not exposed by the team's lab; it exposes: http:\/\/127\.0\.0\.\d+:8080\//);
  });
});

/** What a student's shell on `main` has: the stand-in tools first on PATH and the kubeconfig `/deploy k8s` fetched. */
async function simEnv(): Promise<Record<string, string>> {
  return {
    PATH: `${simBinDir()}:${process.env.PATH}`,
    LABOPS_SIM_DIR: stateDir,
    LABOPS_KUBECONFIG: clientKubeconfig(stateDir),
  };
}
