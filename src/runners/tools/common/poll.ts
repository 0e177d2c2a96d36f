import { Codes, UserError } from '../../../shared/errors.js';
import { type Clock, realClock } from '../../clock.js';

/**
 * Waits `ms` of the lab's clock (real time by default), or rejects with a CANCELLED
 * UserError as soon as `signal` aborts.
 */
export async function sleep(ms: number, signal?: AbortSignal, clock: Clock = realClock): Promise<void> {
  if (signal?.aborted) throw cancelled();
  try {
    await clock.sleep(ms, signal);
  } catch {
    throw cancelled();
  }
}

export function cancelled(): UserError {
  return new UserError(Codes.cancelled, 'cancelled');
}

/** Throws CANCELLED when the signal is already aborted (checked between polls). */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw cancelled();
}

/** One signal that aborts on the caller's cancel or after `timeoutMs`, whichever first. */
export function withTimeout(timeoutMs: number, signal?: AbortSignal): AbortSignal {
  const t = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, t]) : t;
}
