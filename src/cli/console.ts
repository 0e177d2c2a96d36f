import { createInterface } from 'node:readline';
import type { LabClient } from '../client/lab-client.js';
import { consoleHelp } from './console-help.js';
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
 * The local console of `npm start`: reads slash commands from standard input, runs them
 * through the same pipeline as Discord, prints progress and results. With a terminal,
 * mutating commands ask before they run; piped input must say `--yes`.
 */
export async function runConsole(
  client: LabClient,
  team: string,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
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
    }).catch((err: Error) => output.write(`✗ ${err.message}\n`));
  }
  rl.close();
}
