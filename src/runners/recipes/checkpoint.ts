import { type CheckpointReport, checkpointSummary, manifestOf, runCheckpoint } from '../../evidence/index.js';
import type { JobData } from '../../jobs/definitions.js';
import type { RecipeContext } from '../context.js';
import { notYetReader } from '../facts/not-yet.js';
import type { Recipe } from '../recipe.js';
import { dashboardSettings } from './checkpoint/dashboards.js';
import { checkpointLab } from './checkpoint/lab-port.js';
import { attachPng } from './common/attach.js';

type D = JobData<'checkpoint'>;
/** What the steps hand on: the checkpoint's report. */
interface S {
  report?: CheckpointReport;
}

/** How long checkpoint 6 probes while it deletes a pod. */
const RESILIENCE_MS = 10_000;

/**
 * `/checkpoint <n>`: takes every picture the guide asks for at checkpoint n and checks what
 * the guide implies (replicas, exposure, image, load balancing, resilience), each with its
 * measured value. A picture or check that fails is reported with its reason; the others run.
 */
export const checkpoint = {
  job: 'checkpoint',
  // Without its part of the lab, nothing of the checkpoint can be measured.
  requires: (d) => manifestOf(d.n).requires ?? [],
  steps: (d) => [
    {
      name: `checkpoint ${d.n}: ${manifestOf(d.n).title}`,
      apply: async (_d, ctx) => {
        const manifest = manifestOf(d.n);
        if (ctx.dryRun)
          return `dry run: would take ${manifest.items.length} pictures and check ${manifest.criteria.length} criteria`;
        const report = await runCheckpoint(manifest, {
          team: ctx.team,
          lab: checkpointLab(ctx),
          signal: ctx.signal,
          settings: {
            maxFailureShare: ctx.config.LABOPS_CHECKPOINT_MAX_FAILURE_SHARE,
            balanceRequests: 100,
            resilienceMs: RESILIENCE_MS,
            ...dashboardSettings(ctx),
          },
          store: (name, png) => attachPng(ctx, name, png),
          notYet: await notYetReader(
            ctx,
            [...manifest.items, ...manifest.criteria].flatMap((x) => x.requires ?? []),
          ),
          onStep: (m) => ctx.say(m),
        });
        ctx.state.report = report;
        return checkpointSummary(report);
      },
      timeoutMs: 14 * 60_000,
    },
  ],
  result: (d, ctx) => describe(d, ctx),
} satisfies Recipe<D, S>;

function describe(d: D, ctx: RecipeContext<S>) {
  const r = ctx.state.report;
  if (!r) {
    const m = manifestOf(d.n);
    return {
      summary: `dry run: checkpoint ${d.n} (${m.title})`,
      fields: [
        { name: 'pictures', value: m.items.map((i) => `• ${i.title}`).join('\n') },
        { name: 'criteria', value: m.criteria.map((c) => `• ${c.title}`).join('\n') },
      ],
    };
  }
  const clip = (s: string) => (s.length > 1000 ? `${s.slice(0, 999)}…` : s);
  return {
    summary: `${checkpointSummary(r)} — team ${r.team}, ${r.at}`,
    fields: [
      ...r.criteria.map((c) => ({ name: `${c.pass ? '✔' : '✘'} ${c.title}`, value: clip(c.measured) })),
      ...r.items
        .filter((i) => !i.ok && i.skipped === undefined)
        .map((i) => ({ name: `✘ picture: ${i.title}`, value: clip(i.error ?? 'not collected') })),
      ...r.items
        .filter((i) => i.skipped !== undefined)
        .map((i) => ({ name: `– picture skipped: ${i.title}`, value: clip(i.skipped ?? '') })),
      {
        name: 'pictures (SHA-256)',
        value: clip(
          r.items
            .filter((i) => i.artifact)
            .map((i) => `${i.artifact?.name} ${i.artifact?.sha256}`)
            .join('\n') || 'none',
        ),
      },
      { name: 'team · time', value: `${r.team} · ${r.at}` },
    ],
    data: r,
  };
}
