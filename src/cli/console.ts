import { createInterface } from 'node:readline';
import type { LabClient } from '../client/lab-client.js';
import { Codes, isUserError, newRef } from '../shared/errors.js';
import { type Logger, silentLogger } from '../shared/logger.js';
import { consoleHelp } from './console-help.js';
import { errorLine } from './render.js';
import { runSlash } from './run-slash.js';

/** Lines of a readline interface as a pull queue, so commands and confirmations share one input. */
function lineQueue(rl: ReturnType<typeof createInterface>) {
  const lines: string[] = [];
  const waiters: ((l: string | null) => void)[] = [];
  let closed = false;
  rl.on('line', (l) => (waiters.length ? waiters.shift()?.(l) : lines.push(l)));
  rl.on('close', () => {
    closed = true;
    for (const w of waiters.splice(0)) w(null);
  });
  return (): Promise<string | null> =>
    lines.length
      ? Promise.resolve(lines.shift()!)
      : closed
        ? Promise.resolve(null)
        : new Promise((r) => waiters.push(r));
}

/**
 * A command that failed outside a job, as one line: a refusal with its code, a setting with
 * CONFIG, anything else as INTERNAL with a reference whose stack is in the process log.
 */
export function failureLine(err: unknown, log: Logger): string {
  if (isUserError(err)) return errorLine(err.code, err.message);
  if (err instanceof Error && err.name === 'ConfigError') return errorLine(Codes.config, err.message);
  const ref = newRef();
  log.error({ err, ref }, 'console command failed');
  return errorLine(Codes.internal, `failed (ref: ${ref}; the process log has the details)`);
}

/**
 * The local console of `npm start`: reads slash commands from standard input, runs them
 * through the same pipeline as Discord, prints progress and results. With a terminal,
 * mutating commands ask before they run; piped input must say `--yes`.
 */
export async function runConsole(
  client: LabClient,
  team: string,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
  log: Logger = silentLogger,
): Promise<void> {
  const tty = Boolean((input as { isTTY?: boolean }).isTTY);
  const rl = createInterface({ input, output: tty ? output : undefined, terminal: tty });
  const next = lineQueue(rl);
  const prompt = () => tty && output.write('labops> ');
  const ask = async (q: string) => {
    output.write(q);
    return /^y(es)?$/i.test((await next())?.trim() ?? '');
  };
  output.write(`labops console, team ${team}. Type /help for the commands, exit to stop.\n`);
  for (;;) {
    prompt();
    const raw = await next();
    if (raw === null) break;
    const line = raw.trim();
    if (!line) continue;
    if (line === 'exit' || line === 'quit') break;
    if (line === 'help') {
      output.write(`${consoleHelp()}\n`);
      continue;
    }
    await runSlash(line, client, {
      team,
      via: 'console',
      out: output,
      err: output,
      confirm: tty ? ask : undefined,
    }).catch((err: unknown) => output.write(`${failureLine(err, log)}\n`));
  }
  rl.close();
}
