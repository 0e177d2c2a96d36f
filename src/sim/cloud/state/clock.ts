import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Simulated time. A duration of D simulated seconds takes D × timeScale real seconds, so a
 * scale of 0.01 makes a 3-minute deployment converge in under 2 s; 0 converges at once.
 * The scale comes from env `LABOPS_SIM_TIME_SCALE`, else `<stateDir>/sim.json` `timeScale`,
 * else 1.
 */
export function timeScale(stateDir: string, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = env.LABOPS_SIM_TIME_SCALE;
  if (fromEnv !== undefined && fromEnv !== '') {
    const n = Number(fromEnv);
    if (Number.isFinite(n) && n >= 0) return n;
  }
  try {
    const sim = JSON.parse(readFileSync(join(stateDir, 'sim.json'), 'utf8')) as { timeScale?: unknown };
    if (typeof sim.timeScale === 'number' && sim.timeScale >= 0) return sim.timeScale;
  } catch {
    // no sim.json: default scale
  }
  return 1;
}

/** Converts real time to simulated time for one command invocation. */
export interface Clock {
  now: number;
  scale: number;
}

/** Simulated seconds elapsed since `from` (epoch ms). */
export function simSince(clock: Clock, from: number): number {
  if (clock.scale === 0) return Number.POSITIVE_INFINITY;
  return (clock.now - from) / 1000 / clock.scale;
}

/** Real epoch ms at which `simSeconds` after `from` is reached (for `since` fields). */
export function realAt(clock: Clock, from: number, simSeconds: number): number {
  return from + simSeconds * clock.scale * 1000;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** Juju's `since` format, in UTC: `12 Jul 2023 12:39:15Z`. */
export function jujuSince(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${jujuClock(ms)}`;
}

/** Juju's controller timestamp format: `14:05:50Z`. */
export function jujuClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`;
}

/** OpenStack API timestamp: `2024-08-20T22:18:18` (Octavia) or with `Z` (Neutron/Nova). */
export function isoSeconds(ms: number, zulu = true): string {
  const s = new Date(ms).toISOString().slice(0, 19);
  return zulu ? `${s}Z` : s;
}
