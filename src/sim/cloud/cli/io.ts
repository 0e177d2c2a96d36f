/**
 * The contract between a stand-in command and its caller (the shim in bin/sim, or a test):
 * the command gets argv and an environment and returns what to print and the exit code.
 */
export interface CommandContext {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stateDir: string;
  /** reads all of stdin (only `docker login --password-stdin` needs it) */
  readStdin: () => Promise<string>;
  /** Prints `prompt` and reads one line typed at a terminal; absent when stdin is not one. */
  readLine?: (prompt: string) => Promise<string>;
  now: number;
}

export interface CommandResult {
  stdout: string;
  stderr: string;
  code: number;
}

/**
 * Thrown by a command to stop with an error that the real tool would print. `text` is
 * written to stderr verbatim (callers include the trailing newline).
 */
export class CliExit extends Error {
  constructor(
    readonly text: string,
    readonly code: number,
    readonly stdout = '',
  ) {
    super(text.trim());
    this.name = 'CliExit';
  }
}

/** Collects output of a command. */
export class Output {
  stdout = '';
  stderr = '';
  out(line = ''): void {
    this.stdout += `${line}\n`;
  }
  err(line = ''): void {
    this.stderr += `${line}\n`;
  }
  result(code = 0): CommandResult {
    return { stdout: this.stdout, stderr: this.stderr, code };
  }
}

/** Runs a command body, turning CliExit (and unexpected errors) into a result. */
export async function runCommand(
  body: (out: Output) => Promise<number | undefined> | number | undefined,
): Promise<CommandResult> {
  const out = new Output();
  try {
    const code = await body(out);
    return out.result(code ?? 0);
  } catch (err) {
    if (err instanceof CliExit) {
      return { stdout: out.stdout + err.stdout, stderr: out.stderr + err.text, code: err.code };
    }
    const message = err instanceof Error ? err.message : String(err);
    return {
      stdout: out.stdout,
      stderr: `${out.stderr}simulated cloud internal error: ${message}\n`,
      code: 70,
    };
  }
}

/** Entry used by the shims: runs `main` with the process's argv/env and prints the result. */
export async function runFromProcess(
  main: (ctx: CommandContext) => Promise<CommandResult>,
  tool: string,
): Promise<void> {
  const stateDir = process.env.LABOPS_SIM_DIR;
  if (!stateDir) {
    process.stderr.write(
      `${tool} (labops simulation): LABOPS_SIM_DIR is not set; it must name the state directory\n`,
    );
    process.exitCode = 2;
    return;
  }
  const result = await main({
    argv: process.argv.slice(2),
    env: process.env,
    stateDir,
    now: Date.now(),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    readLine: process.stdin.isTTY ? readTerminalLine : undefined,
  });
  if (result.stdout) process.stdout.write(result.stdout);
  if (result.stderr) process.stderr.write(result.stderr);
  process.exitCode = result.code;
}

async function readTerminalLine(prompt: string): Promise<string> {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: false });
  process.stdout.write(prompt);
  return new Promise((resolve) =>
    rl.once('line', (line) => {
      rl.close();
      resolve(line);
    }),
  );
}
