/**
 * The lab's clock. Every wait and poll of a recipe or a tool adapter goes through it, so the
 * same code waits in real time on a real lab and at the simulated lab's time scale on the
 * simulated one (where a 10 s poll of a 50× faster lab takes 200 ms), and tests can run
 * steps on a clock of their own.
 */
export interface Clock {
  /**
   * Wall-clock milliseconds since the epoch: timestamps, and the deadlines that guard against
   * a stuck lab. They stay real on the simulated lab, so a busy machine never makes them fire
   * before the lab had a fair chance.
   */
  now(): number;
  /** Waits `ms` of lab time; rejects with the signal's reason as soon as it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Real milliseconds per lab millisecond: 1 on a real lab, the time scale on the simulated lab. */
  readonly scale: number;
}

/** The shortest real wait of a scaled sleep: a poll never spins faster than this. */
export const MIN_SCALED_SLEEP_MS = 50;

/** Real time: a real lab's clock. */
export const realClock: Clock = { now: () => Date.now(), sleep: (ms, signal) => wait(ms, signal), scale: 1 };

/**
 * The clock of a lab whose waits take `scale` real milliseconds per lab millisecond (the
 * simulated lab's `LABOPS_SIM_TIME_SCALE`, src/sim/cloud/state/clock.ts). Any wait of a
 * scaled clock takes at least {@link MIN_SCALED_SLEEP_MS}.
 */
export function scaledClock(scale: number): Clock {
  if (!(scale >= 0)) throw new RangeError(`time scale must be a number ≥ 0, got ${scale}`);
  if (scale === 1) return realClock;
  return {
    now: () => Date.now(),
    sleep: (ms, signal) => wait(ms > 0 ? Math.max(MIN_SCALED_SLEEP_MS, ms * scale) : 0, signal),
    scale,
  };
}

/** The clock of the lab a runner drives: scaled on the simulated lab, real otherwise. */
export function labClock(lab: string | undefined, simTimeScale: number): Clock {
  return lab === 'simulated' ? scaledClock(simTimeScale) : realClock;
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    // The listener goes with each wait, so a long poll does not pile them up on the signal.
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A clock that moves only when slept on: `sleep(ms)` advances `now()` by `ms` at once. Tests
 * run waits and deadlines on it without waiting.
 */
export function manualClock(start = 0): Clock & { advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      t += Math.max(0, ms);
    },
    advance: (ms) => {
      t += ms;
    },
    scale: 0,
  };
}
