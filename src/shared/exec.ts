import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { Codes, UserError } from './errors.js';
import { toolEnv } from './exec-env.js';
import { LineSplitter, Tail } from './lines.js';
import { createLineRedactor } from './redact.js';
import { killGroup, trackSubprocess, untrackSubprocess } from './subprocesses.js';

/** One command to run. `argv[0]` is the program; nothing is ever given to a shell. */
export interface ExecSpec {
  argv: readonly [string, ...string[]];
  timeoutMs: number;
  /** Extra environment for this call (on top of the tool's allow-list). */
  env?: Record<string, string>;
  /** Extra variable names to pass through from the base environment. */
  allowEnv?: string[];
  cwd?: string;
  input?: string;
  signal?: AbortSignal;
  /** `full` keeps stdout whole (for JSON to parse), up to `maxCaptureBytes`; `tail` keeps the last lines. */
  capture?: 'tail' | 'full';
  maxCaptureBytes?: number;
  /**
   * With `capture: 'full'`: keep stdout unredacted, for a secret the runner stores itself (a
   * kubeconfig fetched with `juju ssh … cat config`). Logs, tails and progress stay redacted.
   */
  unredactedCapture?: boolean;
  /** A command that changes the lab: in dry-run mode it is recorded, not run. */
  mutates?: boolean;
  /** Each redacted output line as it arrives. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface ExecResult {
  argv: string[];
  exitCode: number;
  /** Whole stdout with `capture: 'full'`, else the tail of stdout. Redacted. */
  stdout: string;
  /** The last lines of stdout and stderr interleaved, redacted. */
  tail: string[];
  durationMs: number;
  dryRun?: boolean;
}

/** What ended a command: a non-zero exit (`exit`), its deadline (`timeout`) or a cancel (`cancel`). */
export type ExecEnd = 'exit' | 'timeout' | 'cancel';

/** The facts of a failed command, given to `ExecError` by name. */
export interface ExecErrorInit {
  argv: string[];
  /** Unset when the command was timed out or cancelled before it exited. */
  exitCode?: number;
  end: ExecEnd;
  /** The last lines of stdout and stderr, redacted. */
  tail: string[];
  /** Stdout as far as it was kept, redacted; empty when it was not. */
  stdout?: string;
}

/** A command that failed: exit code, timeout or cancellation, and the tail of its output. */
export class ExecError extends Error {
  override readonly name = 'ExecError';
  readonly argv: string[];
  readonly exitCode: number | undefined;
  readonly end: ExecEnd;
  readonly tail: string[];
  readonly stdout: string;
  constructor(message: string, init: ExecErrorInit) {
    super(message);
    this.argv = init.argv;
    this.exitCode = init.exitCode;
    this.end = init.end;
    this.tail = init.tail;
    this.stdout = init.stdout ?? '';
  }
  /** The command ran past its deadline. */
  get timedOut(): boolean {
    return this.end === 'timeout';
  }
  /** The command was cancelled with its job. */
  get isCanceled(): boolean {
    return this.end === 'cancel';
  }
}

export type Exec = (spec: ExecSpec) => Promise<ExecResult>;

/** An exec bound to one job: `close()` flushes the spooled log to disk. */
export interface JobExec extends Exec {
  close(): Promise<void>;
}

export interface ExecOptions {
  redact: (s: string) => string;
  baseEnv?: NodeJS.ProcessEnv;
  /** Where full, redacted logs are spooled; none when unset. */
  logFile?: string;
  tailLines?: number;
  dryRun?: boolean;
  /** Every argv run (or recorded in dry-run), in order. */
  onCommand?: (argv: string[], dryRun: boolean) => void;
  /** Grace between SIGTERM and SIGKILL of the process group. */
  killGraceMs?: number;
}

/** Longest line kept in logs, tails and progress (longer ones are cut and marked). */
const MAX_SHOWN_LINE = 8192;

export { killAllSubprocesses } from './subprocesses.js';

/**
 * The one subprocess wrapper: argv arrays only, an environment allow-list per tool, a
 * timeout and a cancel signal that kill the whole process group, output redacted line by
 * line, a bounded tail in memory and the full log spooled to a file.
 */
export function createExec(opts: ExecOptions): JobExec {
  const baseEnv = opts.baseEnv ?? process.env;
  const tailSize = opts.tailLines ?? 40;
  let spool: WriteStream | undefined;
  // A log file that cannot be written (a full disk) stops the log, never the job or the runner.
  let spoolBroken = false;
  const log = (line: string) => {
    if (!opts.logFile || spoolBroken) return;
    if (!spool) {
      mkdirSync(join(opts.logFile, '..'), { recursive: true });
      spool = createWriteStream(opts.logFile, { flags: 'a', mode: 0o600 });
      spool.on('error', () => {
        spoolBroken = true;
      });
    }
    spool.write(`${line}\n`);
  };

  const exec: Exec = async (spec) => {
    const argv = [...spec.argv];
    const started = Date.now();
    if (spec.signal?.aborted) throw canceled(argv);
    if (opts.dryRun && spec.mutates) {
      opts.onCommand?.(argv, true);
      log(opts.redact(`$ ${argv.join(' ')}   (dry run: not executed)`));
      return { argv, exitCode: 0, stdout: '', tail: [], durationMs: 0, dryRun: true };
    }
    opts.onCommand?.(argv, false);
    log(opts.redact(`$ ${argv.join(' ')}`));

    const tail = new Tail(tailSize);
    const outTail = new Tail(tailSize);
    const max = spec.maxCaptureBytes ?? 32 * 1024 * 1024;
    let captured: string[] = [];
    let capturedBytes = 0;
    let overflow = false;
    // Per stream: a private key block spans lines, so each stream remembers being inside one.
    const redactors = { stdout: createLineRedactor(opts.redact), stderr: createLineRedactor(opts.redact) };
    const onLine = (stream: 'stdout' | 'stderr') => (raw: string) => {
      const line = redactors[stream](raw);
      // Captured stdout keeps whole lines (`juju status --format=json` is one long line);
      // the log and the tails still get them cut.
      const shown = line.length > MAX_SHOWN_LINE ? `${line.slice(0, MAX_SHOWN_LINE)} …[line cut]` : line;
      tail.push(shown);
      log(shown);
      if (stream === 'stdout') {
        outTail.push(shown);
        if (spec.capture === 'full' && !overflow) {
          const kept = spec.unredactedCapture ? raw : line;
          capturedBytes += kept.length + 1;
          if (capturedBytes > max) {
            overflow = true;
            captured = [];
          } else captured.push(kept);
        }
      }
      spec.onLine?.(shown, stream);
    };

    const [cmd, ...args] = argv as [string, ...string[]];
    const child = execa(cmd, args, {
      env: toolEnv(cmd, baseEnv, spec.env, spec.allowEnv),
      extendEnv: false,
      cwd: spec.cwd,
      input: spec.input,
      stdin: spec.input === undefined ? 'ignore' : undefined,
      buffer: false,
      detached: true,
      reject: false,
      cleanup: true,
    });
    const pid = child.pid;
    if (pid) trackSubprocess(pid);
    const outSplit = new LineSplitter(onLine('stdout'), spec.capture === 'full' ? max : MAX_SHOWN_LINE);
    const errSplit = new LineSplitter(onLine('stderr'));
    // The log file sets the pace: while its writes are queued, the tool's output waits in the
    // pipe instead of in memory (a tool printing faster than the disk takes it).
    let waitingForDisk = false;
    const keepPace = () => {
      if (waitingForDisk || spoolBroken || !spool?.writableNeedDrain) return;
      waitingForDisk = true;
      child.stdout?.pause();
      child.stderr?.pause();
      const go = () => {
        if (!waitingForDisk) return;
        waitingForDisk = false;
        child.stdout?.resume();
        child.stderr?.resume();
      };
      spool.once('drain', go);
      spool.once('error', go);
    };
    child.stdout?.on('data', (c: Buffer) => {
      outSplit.push(c);
      keepPace();
    });
    child.stderr?.on('data', (c: Buffer) => {
      errSplit.push(c);
      keepPace();
    });

    let timedOut = false;
    let isCanceled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = () => {
      if (!pid) return;
      killGroup(pid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), opts.killGraceMs ?? 3000);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, spec.timeoutMs);
    const onAbort = () => {
      isCanceled = true;
      stop();
    };
    spec.signal?.addEventListener('abort', onAbort, { once: true });

    const result = await child;
    clearTimeout(timer);
    spec.signal?.removeEventListener('abort', onAbort);
    outSplit.end();
    errSplit.end();
    if (pid) {
      // Children the tool left behind in its group go too.
      if (timedOut || isCanceled) killGroup(pid, 'SIGKILL');
      untrackSubprocess(pid);
    }
    if (killTimer) clearTimeout(killTimer);

    const stdout = spec.capture === 'full' ? captured.join('\n') : outTail.get().join('\n');
    const lines = tail.get();
    const durationMs = Date.now() - started;
    const shown = argv.join(' ');
    if (isCanceled) throw canceled(argv, lines);
    if (timedOut) {
      throw new ExecError(`\`${shown}\` timed out after ${spec.timeoutMs} ms`, {
        argv,
        end: 'timeout',
        tail: lines,
        stdout,
      });
    }
    if ((result as { code?: string }).code === 'ENOENT' || /ENOENT/.test(String(result.message ?? ''))) {
      throw new UserError(Codes.toolMissing, `\`${cmd}\` is not installed or not on PATH of the runner`);
    }
    if (overflow) {
      throw new ExecError(`\`${shown}\` printed more than ${max} bytes`, {
        argv,
        exitCode: result.exitCode,
        end: 'exit',
        tail: lines,
      });
    }
    const exitCode = result.exitCode ?? -1;
    if (exitCode !== 0) {
      const last = lines
        .filter((l) => l.trim())
        .slice(-3)
        .join(' | ');
      throw new ExecError(`\`${shown}\` exited with ${exitCode}${last ? `: ${last}` : ''}`, {
        argv,
        exitCode,
        end: 'exit',
        tail: lines,
        stdout,
      });
    }
    return { argv, exitCode, stdout, tail: lines, durationMs };
  };
  const close = () =>
    new Promise<void>((resolve) => {
      if (!spool) return resolve();
      spool.end(() => resolve());
      spool = undefined;
    });
  return Object.assign(exec, { close });
}

function canceled(argv: string[], tail: string[] = []): ExecError {
  return new ExecError(`\`${argv.join(' ')}\` was cancelled`, { argv, end: 'cancel', tail });
}
