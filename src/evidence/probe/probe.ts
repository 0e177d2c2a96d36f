import { performance } from 'node:perf_hooks';
import { checkProbeSettings } from './options.js';
import { allowInFlight, requestOnce } from './request-once.js';
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
  let next = 0;
  let done = 0;

  // A fixed pool of workers pulling the next index keeps exactly `concurrency` in flight.
  const worker = async (): Promise<void> => {
    while (next < settings.requests) {
      opts.signal?.throwIfAborted();
      const index = next++;
      outcomes[index] = await requestOnce({
        url,
        timeoutMs: settings.timeoutMs,
        origin,
        signal: opts.signal,
      });
      done++;
      opts.onProgress?.(done);
    }
  };
  const workers = Math.min(settings.concurrency, settings.requests);
  await Promise.all(Array.from({ length: workers }, worker));

  return summarize({
    url: settings.url,
    startedAt,
    concurrency: settings.concurrency,
    timeoutMs: settings.timeoutMs,
    expectedBackends: settings.expectedBackends,
    durationMs: performance.now() - origin,
    outcomes,
  });
}
