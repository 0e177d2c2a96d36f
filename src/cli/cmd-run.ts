import { createInterface } from 'node:readline/promises';
import { readConfig } from '../shared/config.js';
import { isUserError } from '../shared/errors.js';
import { connectClient } from './connect.js';
import { failureLine } from './console.js';
import { consoleLogger, consoleLogPath } from './console-log.js';
import { resolveRedisUrl } from './local-state.js';
import { runSlash } from './run-slash.js';

/** A yes/no question on the terminal (stderr), or undefined when stdin is not a terminal. */
export function terminalConfirm(): ((question: string) => Promise<boolean>) | undefined {
  if (!process.stdin.isTTY) return undefined;
  return async (q: string) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return /^y(es)?$/i.test((await rl.question(q)).trim());
    } finally {
      rl.close();
    }
  };
}

/** `labops run "<slash command>"`. */
export async function cmdRun(
  line: string,
  o: { team?: string; json?: boolean; yes?: boolean; dryRun?: boolean },
): Promise<number> {
  const config = readConfig();
  const client = await connectClient(config, resolveRedisUrl(config));
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  try {
    return await runSlash(line, client, {
      team: o.team ?? config.LABOPS_TEAM,
      json: o.json,
      yes: o.yes,
      dryRun: o.dryRun,
      out: process.stdout,
      err: process.stderr,
      confirm: terminalConfirm(),
      signal: stop.signal,
    });
  } catch (err) {
    if (isUserError(err) || (err instanceof Error && err.name === 'ConfigError')) throw err;
    // A bug: one line here, the stack in the process log.
    const file = consoleLogPath(config.LABOPS_LOG_DIR);
    const log = consoleLogger({ file, out: nowhere });
    process.stderr.write(`${failureLine(err, log)} (${file})\n`);
    return 1;
  } finally {
    await client.close();
  }
}

const nowhere = { write: () => true } as unknown as NodeJS.WritableStream;
