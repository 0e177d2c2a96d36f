import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from '../shared/process.js';

/**
 * The processes a simulated lab starts (pods, instance servers), recorded under
 * `<dir>/procs/<pid>.json` with the lab process that owns them. A lab killed with SIGKILL
 * cannot stop its children; the next lab on the same state dir finds them here and ends
 * them before starting its own, so ports and addresses are free and nothing runs twice.
 */

interface Entry {
  owner: number;
  /** The process's start time (clock ticks since boot), so a reused pid is never killed. */
  start: string;
}

const procsDir = (dir: string) => join(dir, 'procs');

/**
 * Start time of `pid` from /proc (Linux); undefined when it is gone, when it has exited and
 * only waits to be reaped (a zombie, state `Z`: an orphan's new parent may reap late), or
 * when /proc is absent.
 */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return undefined;
    return fields[19];
  } catch {
    return undefined;
  }
}

/** Records a process this lab started. */
export function trackProcess(dir: string, pid: number | undefined): void {
  if (!pid) return;
  const start = startTime(pid);
  if (!start) return;
  mkdirSync(procsDir(dir), { recursive: true });
  const entry: Entry = { owner: process.pid, start };
  writeFileSync(join(procsDir(dir), `${pid}.json`), JSON.stringify(entry));
}

/** Forgets a process that has exited. */
export function untrackProcess(dir: string, pid: number | undefined): void {
  if (pid) rmSync(join(procsDir(dir), `${pid}.json`), { force: true });
}

/**
 * Kills the processes left by a lab process that is no longer alive (same pid and start
 * time only) and forgets them; waits up to `waitMs` for them to be gone. Returns how many.
 */
export async function reapOrphans(dir: string, waitMs = 3_000): Promise<number> {
  let files: string[];
  try {
    files = readdirSync(procsDir(dir)).filter((f) => f.endsWith('.json'));
  } catch {
    return 0;
  }
  const killed: number[] = [];
  for (const file of files) {
    const pid = Number(file.slice(0, -'.json'.length));
    let entry: Entry;
    try {
      entry = JSON.parse(readFileSync(join(procsDir(dir), file), 'utf8')) as Entry;
    } catch {
      rmSync(join(procsDir(dir), file), { force: true });
      continue;
    }
    if (entry.owner !== process.pid && isAlive(entry.owner)) continue;
    if (startTime(pid) === entry.start) {
      try {
        process.kill(pid, 'SIGKILL');
        killed.push(pid);
      } catch {
        // already gone
      }
    }
    rmSync(join(procsDir(dir), file), { force: true });
  }
  const until = Date.now() + waitMs;
  while (killed.some((p) => startTime(p) !== undefined) && Date.now() < until)
    await new Promise((r) => setTimeout(r, 50));
  return killed.length;
}
