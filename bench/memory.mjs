// Runner memory while a command prints MB megabytes: RSS of a runner process before the job,
// its peak (VmHWM) and after, sampled from /proc/<pid>/status. Baseline: a bare node parent
// that spawns the same command and reads its output into nothing — what any Node process
// needs to consume that stream. The difference is what the runner adds: line splitting,
// redaction, the progress ring buffer, the job's log file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabClient } from '../dist/client/lab-client.js';
import { jobs } from '../dist/jobs/definitions.js';
import { round } from './lib.mjs';
import { benchKeys, daemon, root } from './world.mjs';

/** Prints `mb` MiB as 1 KiB lines, as fast as the pipe takes them. */
const PRINT = `
const line = 'x'.repeat(1023) + '\\n';
const chunk = line.repeat(64);
let left = Number(process.argv[1]) * 16;
const out = () => { while (left > 0) { left--; if (!process.stdout.write(chunk)) return process.stdout.once('drain', out); } };
out();
`;

const BARE = `
const { spawn } = require('node:child_process');
const [, ...argv] = process.argv.slice(1);
console.error('bare ready');
process.stdin.once('data', () => {
  const c = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  c.stdout.on('data', () => {});
  c.on('exit', () => console.error('job completed'));
});
`;

export async function runnerMemory(redisUrl, { mb = 200 } = {}) {
  const command = [process.execPath, '-e', PRINT, String(mb)];
  const keys = benchKeys();
  const team = `mem${Date.now().toString(36)}`;
  const runner = await daemon(
    [process.execPath, join(root, 'bench', 'memory-runner.mjs'), redisUrl, team, keys.verifyPem, ...command],
    { PATH: process.env.PATH ?? '' },
    /runner ready/,
  );
  const client = new LabClient(redisUrl, keys.signing);
  const labops = await sample(runner, async () => {
    await client.enqueue({
      team,
      jobId: `mem-${team}`,
      def: jobs.status,
      data: {},
      requestedBy: { id: 'bench', name: 'bench', via: 'cli' },
    });
  });
  await client.close();
  await runner.stop();

  const bare = await daemon(
    [process.execPath, '-e', BARE, '_', ...command],
    { PATH: process.env.PATH ?? '' },
    /bare ready/,
  );
  const baseline = await sample(bare, async () => bare.proc.stdin.write('go\n'));
  await bare.stop();
  return { mb, labops, baseline };
}

/** RSS before, peak and after a job in process `p`, started by `start`. */
async function sample(p, start) {
  const pid = p.proc.pid;
  const status = () => {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  };
  await new Promise((r) => setTimeout(r, 1_000));
  const before = status().rss;
  const t0 = performance.now();
  const seen = p.output().length;
  await start();
  let peakSampled = before;
  while (
    !p.output().slice(seen).includes('job completed') &&
    !p.output().slice(seen).includes('job failed')
  ) {
    peakSampled = Math.max(peakSampled, status().rss);
    if (performance.now() - t0 > 150_000) throw new Error('the memory job did not finish');
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (performance.now() - t0) / 1000;
  if (p.output().slice(seen).includes('job failed'))
    throw new Error(`memory job failed: ${p.output().slice(seen)}`);
  const peak = status().hwm;
  await new Promise((r) => setTimeout(r, 2_000));
  const after = status().rss;
  return {
    beforeMB: round(before, 1),
    peakMB: round(Math.max(peak, peakSampled), 1),
    afterMB: round(after, 1),
    seconds: round(seconds, 1),
  };
}
