import type { Logger } from '../shared/logger.js';
import { killAllSubprocesses } from '../shared/subprocesses.js';

/**
 * Runs `stop` once on SIGTERM / SIGINT, then exits 0, or 1 with its one-line reason when
 * `stop` returns one (jobs cancelled at the bound). When `bound` is given, the stop is
 * bounded whatever Redis, Discord or a tool is doing: past it, every subprocess tree is
 * killed and the process exits 1 with one line saying why (`reason`, e.g. Redis away).
 */
export function onShutdown(
  stop: () => Promise<string | undefined | void>,
  log?: Logger,
  bound?: { timeoutMs: number; name: string; reason?: () => string | undefined },
): void {
  let stopping = false;
  const handler = (sig: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log?.info({ signal: sig }, 'shutting down');
    if (bound) {
      // Not unref'd: this timer is what ends a stop that hangs.
      setTimeout(() => {
        killAllSubprocesses('SIGKILL');
        const why = bound.reason?.() ?? 'it was still waiting on Redis, Discord or a job';
        process.stderr.write(
          `labops ${bound.name}: stopped after LABOPS_SHUTDOWN_TIMEOUT_MS (${bound.timeoutMs} ms) without a clean shutdown: ${why}\n`,
        );
        process.exit(1);
      }, bound.timeoutMs);
    }
    stop().then(
      (problem) => {
        if (!problem) process.exit(0);
        process.stderr.write(`labops ${bound?.name ?? 'process'}: ${problem}\n`);
        process.exit(1);
      },
      (err) => {
        log?.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
