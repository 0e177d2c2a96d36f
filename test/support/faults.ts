import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { execa, type ResultPromise } from 'execa';
import { repoRoot } from './procs.js';

let built: Promise<string> | undefined;
/** Bundles test/support/fault-runner.ts once (node_modules stay external) and returns its path. */
export function buildFaultRunner(): Promise<string> {
  built ??= (async () => {
    const dir = join(repoRoot, 'node_modules', '.cache', 'labops-test');
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, 'fault-runner.mjs');
    await build({
      entryPoints: [join(repoRoot, 'test', 'support', 'fault-runner.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outfile,
      logLevel: 'error',
    });
    return outfile;
  })();
  return built;
}

/** Starts the fault runner process; resolves once it says it is ready. */
export async function startFaultRunner(
  env: Record<string, string>,
): Promise<{ proc: ResultPromise; out: () => string }> {
  const file = await buildFaultRunner();
  const proc = execa(process.execPath, [file], {
    env: { PATH: process.env.PATH ?? '', ...env },
    reject: false,
    all: true,
    buffer: true,
  });
  let out = '';
  proc.all?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const until = Date.now() + 20_000;
  while (!/runner ready/.test(out)) {
    if (proc.exitCode !== null || Date.now() > until) throw new Error(`fault runner did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { proc, out: () => out };
}

/** Polls until `probe` returns something truthy. */
export async function until<T>(
  probe: () => T | Promise<T>,
  timeoutMs: number,
  what = 'condition',
): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
