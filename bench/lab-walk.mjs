// Whole lab: the guide's walk as `labops run "<command>" --yes --json` steps against a
// `labops runner --sim --preset fresh` process. Figures: wall time of each step and of the
// walk. Baseline: the time the same walk spent inside the recipes' steps (the `steps[].durationMs`
// of each result: the tools and the simulated lab converging), so the ratio is what the
// pipeline adds around the lab's own work (CLI start, sign, enqueue, lock, result).
import { execa } from 'execa';
import { round } from './lib.mjs';
import { benchKeys, daemon, labopsBin, tmp } from './world.mjs';

export const WALK = [
  '/deploy octavia',
  '/quota',
  '/deploy webserver',
  '/image build v1',
  '/image push v1',
  '/deploy k8s',
  '/deploy hello-node',
  '/scale hello-node 5',
  '/expose loadbalancer',
  '/image build v2',
  '/image push v2',
  '/rollout v2',
  '/chaos delete-pod',
];

export async function labWalk(redisUrl, { timeScale = 0.02 } = {}) {
  const keys = benchKeys();
  const stateDir = tmp('labops-bench-walk-');
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: stateDir,
    REDIS_URL: redisUrl,
    LABOPS_TEAM: `walk${Date.now().toString(36)}`,
    LABOPS_VERIFY_KEY: keys.verifyPem,
    LABOPS_SIGNING_KEY: keys.signingPem,
    // One user runs the whole walk within a minute or two: the per-user limit would refuse it.
    LABOPS_RATE_USER_PER_MIN: '0',
    LOG_LEVEL: 'warn',
  };
  const runner = await daemon(
    [
      process.execPath,
      labopsBin,
      'runner',
      '--sim',
      '--preset',
      'fresh',
      '--state-dir',
      stateDir,
      '--time-scale',
      String(timeScale),
    ],
    { ...env, LOG_LEVEL: 'info' },
    /runner ready/,
    90_000,
  );
  const steps = [];
  try {
    for (const line of WALK) {
      const t0 = performance.now();
      const r = await execa(process.execPath, [labopsBin, 'run', line, '--yes', '--json'], {
        env,
        extendEnv: false,
        reject: false,
      });
      const wallS = (performance.now() - t0) / 1000;
      let inSteps = 0;
      try {
        const out = JSON.parse(r.stdout);
        inSteps = (out.result?.steps ?? out.steps ?? []).reduce((a, s) => a + (s.durationMs ?? 0), 0) / 1000;
      } catch {}
      steps.push({ command: line, exitCode: r.exitCode, wallS: round(wallS), inStepsS: round(inSteps) });
      if (r.exitCode !== 0) {
        steps.at(-1).error = (r.stderr || r.stdout).split('\n').filter(Boolean).slice(-3).join(' | ');
        break;
      }
    }
  } finally {
    await runner.stop();
  }
  const total = steps.reduce((a, s) => a + s.wallS, 0);
  const inSteps = steps.reduce((a, s) => a + s.inStepsS, 0);
  return {
    timeScale,
    completed: steps.length === WALK.length && steps.every((s) => s.exitCode === 0),
    labops: { wallS: round(total), steps },
    baseline: { inStepsS: round(inSteps) },
  };
}
