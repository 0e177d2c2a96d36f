import { opt, type ParsedArgs } from '../cli/args.js';
import { CliExit } from '../cli/io.js';
import { goDurationMs } from './context.js';

/**
 * How long `juju run` waits for an action, and how long the lab's actions take.
 *
 * Juju 3 (cmd/juju/action/common.go, `runCommandBase`): `--wait` is a duration; without it
 * and without `--background` the client waits 60 s, then fails with "timed out waiting for
 * results from: unit …" (exit 1) while the task goes on running. `--wait` with
 * `--background` is refused in Init. A negative wait waits forever.
 * Juju 2.9 `run-action`: a bare `--wait` waits until the action ends.
 */
export interface ActionWait {
  /** Milliseconds of simulated time; negative: no limit. */
  ms: number;
  background: boolean;
  /** `--wait` was given (2.9: print the result rather than the queued id). */
  given: boolean;
}

/** Juju 3's wait when none is given (cmd/juju/action/common.go: `c.wait = 60 * time.Second`). */
export const DEFAULT_WAIT_MS = 60_000;

export function actionWait(args: ParsedArgs, legacy: boolean): ActionWait {
  const given = args.options.has('--wait');
  const background = args.options.has('--background');
  if (legacy) return { ms: -1, background: false, given };
  const value = opt(args, '--wait');
  const ms = value === undefined ? 0 : goDurationMs(value, '--wait');
  if (background && ms > 0) throw new CliExit('ERROR cannot specify both --wait and --background\n', 2);
  return { ms: ms === 0 ? DEFAULT_WAIT_MS : ms, background, given };
}

/**
 * Simulated seconds each of the lab's actions runs. `sync-images` downloads an Ubuntu cloud
 * image into Glance and `retrofit-image` builds the amphora image from it: both run for many
 * minutes on a lab, far past Juju 3's 60-second default wait. The rest finish in seconds.
 */
const SECONDS: Record<string, number> = {
  'glance-simplestreams-sync:sync-images': 10 * 60,
  'octavia-diskimage-retrofit:retrofit-image': 15 * 60,
  'octavia:configure-resources': 40,
};

export function actionSeconds(charm: string, action: string): number {
  return SECONDS[`${charm}:${action}`] ?? 5;
}

/** At most this much real time is spent waiting, whatever the scale (tests run at scale 1 too). */
const MAX_REAL_MS = 5_000;

/**
 * Waits (scaled) until the action ends or the client's wait runs out; true when the result
 * came in time.
 */
export async function settle(seconds: number, wait: ActionWait, scale: number): Promise<boolean> {
  const inTime = wait.ms < 0 || seconds * 1000 <= wait.ms;
  const simMs = inTime ? seconds * 1000 : wait.ms;
  const realMs = Math.min(simMs * scale, MAX_REAL_MS);
  if (realMs > 0) await new Promise((r) => setTimeout(r, realMs));
  return inTime;
}
