import type { JobData } from '../../src/jobs/definitions.js';
import type { Recipe } from '../../src/runners/recipe.js';
import { createKube } from '../../src/runners/tools/kube/client.js';

/**
 * A tiny node script that prints `lines` log lines spread over `ms` milliseconds, writing its
 * pid first to `pidfile` when given (so a test can check it was killed).
 */
const PRINTER = `
const [lines, ms, pidfile] = process.argv.slice(1);
if (pidfile) require('node:fs').writeFileSync(pidfile, String(process.pid));
const n = Number(lines), total = Number(ms);
let i = 0;
const start = Date.now();
const tick = () => {
  const due = n ? Math.floor(((Date.now() - start) / total) * n) : 0;
  while (i < Math.min(due, n)) console.log('line ' + (++i) + ' of ' + n + ' ' + 'x'.repeat(40));
  if (Date.now() - start >= total) { while (i < n) console.log('line ' + (++i) + ' of ' + n); process.exit(0); }
  setTimeout(tick, 20);
};
tick();
`;

/** Parses `lines=1000 ms=20000 pidfile=/tmp/p steps=2` from a ping message. */
function spec(message: string) {
  const get = (k: string) => new RegExp(`${k}=(\\S+)`).exec(message)?.[1];
  return {
    lines: Number(get('lines') ?? 0),
    ms: Number(get('ms') ?? 0),
    pidfile: get('pidfile') ?? '',
    steps: Number(get('steps') ?? 1),
  };
}

/** A `ping` recipe whose message scripts a log-heavy, slow job: N steps each printing through ctx.exec. */
export const printerPing = {
  job: 'ping',
  steps: (d) =>
    Array.from({ length: spec(d.message).steps }, (_, k) => ({
      name: `print-${k + 1}`,
      apply: async (data: JobData<'ping'>, ctx) => {
        const s = spec(data.message);
        const per = Math.round(s.ms / s.steps);
        await ctx.exec({
          argv: [
            process.execPath,
            '-e',
            PRINTER,
            String(Math.round(s.lines / s.steps)),
            String(per),
            s.pidfile,
          ],
          timeoutMs: per + 30_000,
        });
        return `printed ${Math.round(s.lines / s.steps)} lines`;
      },
      timeoutMs: 120_000,
    })),
  result: (d) => ({ summary: `printed: ${d.message}`, fields: [{ name: 'message', value: d.message }] }),
} satisfies Recipe<JobData<'ping'>>;

/** A `scale` recipe against a Kubernetes API (the simulated cluster in tests). */
export function kubeScale(kubeconfigPath: string): Recipe<JobData<'scale'>> {
  const kube = (signal: AbortSignal) => createKube({ kubeconfigPath, signal, pollMs: 200 });
  return {
    job: 'scale',
    steps: [
      {
        name: 'scale',
        apply: async (d, ctx) => {
          if (ctx.dryRun) {
            await ctx.exec({
              argv: ['kubectl', 'scale', `deployment/${d.deployment}`, `--replicas=${d.replicas}`],
              timeoutMs: 10_000,
              mutates: true,
            });
            return 'dry run';
          }
          await kube(ctx.signal).scale(d.deployment, d.replicas);
          return `scaled to ${d.replicas}`;
        },
        wait: async (d, ctx) => {
          await kube(ctx.signal).waitReady(d.deployment, d.replicas, {
            timeoutMs: 60_000,
            signal: ctx.signal,
          });
          return `${d.replicas} replicas ready`;
        },
        timeoutMs: 90_000,
      },
    ],
    result: (d) => ({
      summary: `${d.deployment} has ${d.replicas} ready replicas`,
      fields: [
        { name: 'deployment', value: d.deployment },
        { name: 'replicas', value: String(d.replicas) },
      ],
    }),
  };
}
