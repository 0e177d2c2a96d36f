import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';
import type { Redactor } from './redact.js';

export type { Logger } from 'pino';

/**
 * The process logger: JSON lines on stderr (stdout stays for command output), or pino-pretty
 * in the local console; every line passes through the redactor when one is given. Child
 * loggers carry `jobId` and `team`.
 */
export function createLogger(opts: {
  level?: string;
  name?: string;
  redact?: Redactor;
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}): Logger {
  const sink: NodeJS.WritableStream = opts.pretty
    ? prettyStream()({ destination: 2, colorize: process.stderr.isTTY, ignore: 'pid,hostname' })
    : (opts.destination ?? process.stderr);
  const redact = opts.redact;
  const stream = { write: (line: string) => sink.write(redact ? redact(line) : line) };
  return pino({ level: opts.level ?? 'info', name: opts.name, base: { pid: process.pid } }, stream);
}

/** pino-pretty, loaded only by the process that prints for a person (the local console). */
function prettyStream(): typeof import('pino-pretty') {
  return createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
}

/** A logger that writes nothing, for tests and library defaults. */
export const silentLogger: Logger = pino({ level: 'silent' });
