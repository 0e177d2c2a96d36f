import { readConfig } from '../shared/config.js';
import { createLogger } from '../shared/logger.js';
import { createRedactor, secretEnvValues } from '../shared/redact.js';
import type { Preset } from '../sim/cloud/index.js';
import { resolveRedisUrl } from './local-state.js';
import { bootRunner, onShutdown } from './runtime.js';

/** `labops runner [--sim]`: runs until SIGTERM / SIGINT, then shuts down within the configured bound. */
export async function cmdRunner(o: {
  team?: string;
  sim?: boolean;
  preset?: Preset;
  stateDir?: string;
  timeScale?: number;
}): Promise<void> {
  let env: NodeJS.ProcessEnv = process.env;
  let closeLab = async () => {};
  let lab = 'real';
  if (o.sim) {
    const base = readConfig();
    const { attachLab, defaultSimDir } = await import('../sim/daemon.js');
    const attached = await attachLab({
      stateDir: o.stateDir ?? defaultSimDir(),
      preset: o.preset ?? base.LABOPS_SIM_PRESET,
      timeScale: o.timeScale ?? base.LABOPS_SIM_TIME_SCALE,
    });
    env = { ...process.env, ...attached.env };
    closeLab = attached.close;
    lab = 'simulated';
  }
  const config = readConfig(env);
  const redact = createRedactor(secretEnvValues(env));
  const log = createLogger({ level: config.LOG_LEVEL, name: 'runner', redact });
  const runner = await bootRunner({
    config,
    redisUrl: resolveRedisUrl(config),
    team: o.team ?? config.LABOPS_TEAM,
    log,
    env,
    lab,
    redact,
  });
  onShutdown(
    async () => {
      await runner.close();
      await closeLab();
      return runner.shutdownProblem();
    },
    log,
    {
      timeoutMs: config.LABOPS_SHUTDOWN_TIMEOUT_MS,
      name: 'runner',
      reason: () => runner.outage.describe(),
    },
  );
}
