/**
 * The process groups of the subprocesses running now, without the subprocess library: a
 * process that only stops them (the bot's bounded shutdown) loads this and nothing more.
 */
const live = new Set<number>();

/** Notes a subprocess group as running. */
export function trackSubprocess(pid: number): void {
  live.add(pid);
}

/** Notes a subprocess group as ended. */
export function untrackSubprocess(pid: number): void {
  live.delete(pid);
}

/** Kills every running subprocess group (used on shutdown). */
export function killAllSubprocesses(signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const pid of live) killGroup(pid, signal);
}

/** Signals a process group, or the process alone when it leads no group; gone is fine. */
export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}
