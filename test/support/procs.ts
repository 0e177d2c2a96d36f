import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const labopsBin = join(repoRoot, 'bin', 'labops.js');
export const testBin = join(repoRoot, 'test', 'support', 'bin');

/** Runs `labops …` as a real process (the built CLI) and returns its result. */
export function labops(args: string[], env: Record<string, string>, input?: string) {
  return execa(process.execPath, [labopsBin, ...args], { env, reject: false, input, timeout: 120_000 });
}

/** Starts a long-lived `labops …` process and resolves once a line matching `ready` appears on stderr. */
export async function labopsDaemon(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 30_000,
): Promise<{ proc: ResultPromise; output: () => string }> {
  const proc = execa(process.execPath, [labopsBin, ...args], { env, reject: false, buffer: true, all: true });
  let out = '';
  proc.all?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const until = Date.now() + timeoutMs;
  while (!ready.test(out)) {
    if (proc.exitCode !== null || Date.now() > until)
      throw new Error(`labops ${args.join(' ')} did not get ready:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { proc, output: () => out };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
