import { mkdirSync, readFileSync, renameSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CloudState } from './types.js';

/** Path of the shared state file inside a state directory. */
export function statePath(stateDir: string): string {
  return join(stateDir, 'cloud.json');
}

/** Reads cloud.json; null when the cloud was never initialised. */
export function readState(stateDir: string): CloudState | null {
  let text: string;
  try {
    text = readFileSync(statePath(stateDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return JSON.parse(text) as CloudState;
}

/**
 * Writes a file atomically: a reader (another stand-in command) sees either the old or the
 * new content, never a half-written file.
 */
export function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function writeState(stateDir: string, state: CloudState): void {
  writeAtomic(statePath(stateDir), `${JSON.stringify(state, null, 1)}\n`);
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepMs(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/** A lock older than this is considered left behind by a killed command. */
const STALE_LOCK_MS = 10_000;

/**
 * Runs `fn` while holding `<stateDir>/cloud.lock` (a directory: mkdir is atomic on every
 * file system), so concurrent read-modify-write cycles never lose an update.
 */
export function withLock<T>(stateDir: string, fn: () => T): T {
  const lock = join(stateDir, 'cloud.lock');
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmdirSync(lock);
      } catch {
        // removed meanwhile by its owner: just retry
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      sleepMs(5 + Math.floor(Math.random() * 20));
    }
  }
  try {
    return fn();
  } finally {
    try {
      rmdirSync(lock);
    } catch {
      // already gone (stale-lock cleanup by another process): nothing to do
    }
  }
}

/** Error raised when a stand-in command runs before `initCloud`. */
export class NoCloudError extends Error {
  constructor(stateDir: string) {
    super(`no simulated cloud in ${stateDir} (cloud.json missing): initialise it first`);
    this.name = 'NoCloudError';
  }
}

/** Loads the state, lets `fn` change it, and saves it, all under the lock. */
export function mutate<T>(stateDir: string, fn: (state: CloudState) => T): T {
  return withLock(stateDir, () => {
    const state = readState(stateDir);
    if (!state) throw new NoCloudError(stateDir);
    const result = fn(state);
    writeState(stateDir, state);
    return result;
  });
}

/** Loads the state for reading (no lock: writes are atomic renames). */
export function load(stateDir: string): CloudState {
  const state = readState(stateDir);
  if (!state) throw new NoCloudError(stateDir);
  return state;
}
