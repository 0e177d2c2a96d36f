import { performance } from 'node:perf_hooks';
import type { ProbeSettings } from './options.js';
import { checkProbeSettings } from './options.js';
import { allowInFlight, sendOnce } from './request-once.js';
import { summarize } from './summarize.js';
import type { ProbeOptions, ProbeReport, RequestOutcome } from './types.js';

/**
 * Sends `requests` GETs to `url`, `concurrency` at a time, each on a new TCP connection, and
 * reports who answered, what failed and whether the spread over backends looks even.
 * Throws a BAD_PROBE_OPTIONS error before sending anything when the options are invalid;
 * rejects with the signal's reason when aborted.
 */
export async function probe(opts: ProbeOptions): Promise<ProbeReport> {
  const settings = checkProbeSettings({
    url: opts.url,
    requests: opts.requests,
    concurrency: opts.concurrency,
    timeoutMs: opts.timeoutMs,
    expectedBackends: opts.expectedBackends,
  });
  const url = new URL(settings.url);
  allowInFlight(opts.signal, settings.concurrency);
  const outcomes: RequestOutcome[] = [];
  const startedAt = new Date();
  const origin = performance.now();
  const durationMs = await runPool(url, settings, opts, origin, outcomes);

  return summarize({
    url: settings.url,
    startedAt,
    concurrency: settings.concurrency,
    timeoutMs: settings.timeoutMs,
    expectedBackends: settings.expectedBackends,
    durationMs,
    outcomes,
  });
}

/**
 * Keeps exactly `concurrency` requests in flight: each finished request starts the next one
 * from its callback (no promise per request). Resolves with the run's duration in ms.
 */
function runPool(
  url: URL,
  settings: ProbeSettings,
  opts: ProbeOptions,
  origin: number,
  outcomes: RequestOutcome[],
): Promise<number> {
  const { signal } = opts;
  const total = settings.requests;
  return new Promise((resolve, reject) => {
    let next = 0;
    let done = 0;
    let failed = false;
    const start = (): void => {
      const index = next++;
      sendOnce({ url, timeoutMs: settings.timeoutMs, origin, signal }, (result) => {
        if (failed) return;
        if ('abort' in result) {
          failed = true;
          reject(result.abort);
          return;
        }
        outcomes[index] = result;
        done++;
        try {
          opts.onProgress?.(done);
        } catch (err) {
          failed = true;
          reject(err);
          return;
        }
        if (signal?.aborted) {
          failed = true;
          reject(signal.reason);
        } else if (next < total) start();
        else if (done === total) resolve(performance.now() - origin);
      });
    };
    signal?.throwIfAborted();
    const workers = Math.min(settings.concurrency, total);
    for (let i = 0; i < workers; i++) start();
  });
}
