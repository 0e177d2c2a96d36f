import type { LabLock, LockHolder } from './lock.js';
import type { Reporter } from './reporter.js';

/**
 * Waits for the team's lab lock, telling the requester who holds the lab, with what and
 * since when. The job's signal (timeout, cancel) bounds the wait.
 */
export async function acquireLab(
  lock: LabLock,
  info: Omit<LockHolder, 'since' | 'token'>,
  reporter: Reporter,
  signal: AbortSignal,
  pollMs = 1_000,
): Promise<void> {
  for (;;) {
    signal.throwIfAborted();
    const got = await lock.tryAcquire(info);
    if (got.ok) return;
    const h = got.holder;
    const since = new Date(h.since).toISOString().slice(11, 19);
    reporter.waiting(
      `waiting for the lab: ${h.requester} holds it with ${h.job} (job ${h.jobId}) since ${since} UTC`,
    );
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
