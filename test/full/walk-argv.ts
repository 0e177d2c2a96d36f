import { parseLine } from '../../src/client/parse-line.js';
import { prepareJob } from '../../src/client/prepare.js';
import { recipes } from '../../src/runners/recipes/index.js';
import { startSimLab } from '../../src/sim/lab.js';
import { killLeftovers, WALK } from '../support/lab-walk.js';
import { enqueue, freshTeam, testClient, testKeys, testRunner } from '../support/pipeline.js';
import { tempDir } from '../support/procs.js';
import { startTestRedis } from '../support/redis.js';

/** One step of a walk: its slash command, how it ended, and every argv its job ran. */
export interface WalkStep {
  /** 1 for the first walk, 2 for the walk again on the finished lab. */
  pass: 1 | 2;
  line: string;
  state: string;
  message: string;
  argv: string[][];
}

/**
 * The guide's whole walk (test/support/lab-walk.ts `WALK`) on a simulated lab from preset
 * fresh, driven through the real pipeline (Redis, BullMQ, a runner with every recipe); each
 * job's argv recorded exactly as the runner gave it to execa (not re-split from the log).
 * With `again`, the walk runs a second time on the finished lab (without `/chaos`), as a
 * student retrying would: its steps find the work done, through reads the first walk may not make.
 * It stops at the first step that fails.
 */
export async function walkArgv(
  opts: { jujuVersion?: '3.6' | '2.9'; timeScale?: number; again?: boolean } = {},
): Promise<WalkStep[]> {
  const redis = await startTestRedis();
  const stateDir = tempDir('labops-full-walk-');
  const lab = await startSimLab({
    stateDir,
    preset: 'fresh',
    timeScale: opts.timeScale ?? 0.005,
    jujuVersion: opts.jujuVersion,
  });
  const env = { ...lab.env, HOME: tempDir('labops-full-walk-home-') };
  const team = freshTeam();
  const keys = testKeys();
  const commands = new Map<string, string[][]>();
  const runner = await testRunner({
    redisUrl: redis.url,
    team,
    keys,
    recipes,
    env,
    config: env,
    onCommand: (jobId, argv, dry) => {
      if (!dry) commands.set(jobId, [...(commands.get(jobId) ?? []), argv]);
    },
  });
  const client = testClient(redis.url, keys);
  const steps: WalkStep[] = [];
  const plan: [1 | 2, string][] = WALK.map((l) => [1, l]);
  if (opts.again) plan.push(...WALK.filter((l) => l !== '/chaos delete-pod').map((l): [2, string] => [2, l]));
  try {
    for (const [pass, line] of plan) {
      const parsed = parseLine(line);
      const prepared = prepareJob(parsed.command, parsed.options);
      const jobId = await enqueue(client, team, prepared.name, prepared.data);
      const o = await client.follow(team, jobId);
      steps.push({
        pass,
        line,
        state: o.state,
        message: o.state === 'failed' ? `[${o.code}] ${o.message}` : '',
        argv: commands.get(jobId) ?? [],
      });
      if (o.state !== 'completed') break;
    }
  } finally {
    await runner.close();
    await client.close();
    await lab.close();
    await killLeftovers(stateDir);
    await redis.stop();
  }
  return steps;
}
