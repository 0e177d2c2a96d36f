import { existsSync } from 'node:fs';
import { startLocalDashboard } from '../dashboard/local.js';
import { readConfig } from '../shared/config.js';
import { redisUrlFromSettings } from '../shared/redis-sentinel.js';
import type { Preset } from '../sim/cloud/index.js';
import { runConsole } from './console.js';
import { consoleLogger, consoleLogPath } from './console-log.js';
import { type EmbeddedRedis, startEmbeddedRedis } from './embedded-redis.js';
import { signingKeyPath, verifyKeyPath, writeKeyPair } from './keys.js';
import { advertiseLocal, withdrawLocal } from './local-state.js';
import { bootClient, bootRunner } from './runtime.js';
import { useSimulatedLab } from './sim-choice.js';

/**
 * `npm start`: everything on embedded defaults. A private Redis when neither REDIS_URL nor
 * REDIS_SENTINELS is set,
 * a key pair when none exists, a runner, and the local console on stdin/stdout.
 */
export async function cmdStart(o: {
  team?: string;
  preset?: Preset;
  stateDir?: string;
  timeScale?: number;
}): Promise<number> {
  let config = readConfig();
  const team = o.team ?? config.LABOPS_TEAM;
  // The whole process log (stacks included) goes to a file; the console shows warnings and errors, one line each.
  const logFile = consoleLogPath(config.LABOPS_LOG_DIR);
  const log = consoleLogger({ file: logFile, level: process.env.LOG_LEVEL ?? 'info' });
  process.stderr.write(`labops: process log in ${logFile}\n`);
  if (
    !config.LABOPS_SIGNING_KEY &&
    !existsSync(signingKeyPath(config.keysDir)) &&
    !existsSync(verifyKeyPath(config.keysDir))
  ) {
    writeKeyPair(config.keysDir);
    process.stderr.write(`labops: created a job-signing key pair in ${config.keysDir}\n`);
  }
  let redis: EmbeddedRedis | undefined;
  // Where Redis is, as for `labops runner` and `labops bot`: the sentinels, then REDIS_URL.
  let redisUrl = redisUrlFromSettings(config);
  if (!redisUrl) {
    redis = await startEmbeddedRedis();
    redisUrl = redis.url;
    process.stderr.write(`labops: private Redis on ${redisUrl} (data in ${redis.dir})\n`);
  }
  advertiseLocal(config, { redisUrl, team });
  let env: NodeJS.ProcessEnv = process.env;
  let closeLab = async () => {};
  if (useSimulatedLab(config)) {
    const { attachLab, defaultSimDir } = await import('../sim/daemon.js');
    const stateDir = o.stateDir ?? defaultSimDir();
    process.stderr.write(
      `labops: no real lab configured, using the simulated lab in ${stateDir} (LABOPS_SIM=0 to turn it off)\n`,
    );
    const lab = await attachLab({
      stateDir,
      preset: o.preset ?? config.LABOPS_SIM_PRESET,
      timeScale: o.timeScale ?? config.LABOPS_SIM_TIME_SCALE,
    });
    env = { ...process.env, ...lab.env };
    config = readConfig(env);
    process.stderr.write(
      `labops: images go to the simulated lab's own registry as Docker Hub user ${config.LABOPS_DOCKERHUB_USER} (a real lab needs LABOPS_DOCKERHUB_USER, the team's own user)\n`,
    );
    closeLab = lab.close;
  }
  const runner = await bootRunner({
    config,
    redisUrl,
    team,
    log,
    env,
    lab: env === process.env ? 'real' : 'simulated',
  });
  const client = bootClient(config, redisUrl);
  const dashboard = await startLocalDashboard({ config, redisUrl, team });
  process.stderr.write(`labops: dashboard on ${dashboard.url}/ (sign in: labops dashboard url)\n`);
  const stop = async () => {
    withdrawLocal(config);
    await dashboard.close();
    await client.close();
    await runner.close();
    await closeLab();
    await redis?.stop();
  };
  const onSignal = () => void stop().then(() => process.exit(0));
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  await runConsole(client, team, process.stdin, process.stdout, log);
  await stop();
  return 0;
}
