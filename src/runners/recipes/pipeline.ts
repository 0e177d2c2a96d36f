import type { PipelineJobData } from '../../jobs/pipeline-data.js';
import type { RecipeContext } from '../context.js';
import { readHistory, recordHistory, replacedBy } from '../pipeline/history.js';
import type { Recipe, RecipeOutput } from '../recipe.js';
import { checkout, newestPush } from './pipeline/checkout.js';
import { rollOut, verify } from './pipeline/deliver.js';
import { historyText, liveImage } from './pipeline/history-view.js';
import { buildImage, pushImage } from './pipeline/image.js';
import { historyEntry, type PipelineDeps, pipelineState, secs, stage } from './pipeline/state.js';

type D = PipelineJobData;

/**
 * The team's delivery pipeline, `git push` to live: newest push → checkout → build → push →
 * roll out → verify through the load balancer, rolled back on any failure after the rollout
 * began. Built per runner, with its Redis and the team's pipeline folder.
 */
export function pipelineRecipes(deps: PipelineDeps): Record<'pipeline' | 'pipeline-history', Recipe<any>> {
  const pipeline = {
    job: 'pipeline',
    steps: [newestPush(deps), checkout(deps), buildImage, pushImage, rollOut, verify].map((s) =>
      stage(s, deps),
    ),
    result: (d, ctx) => pipelineResult(deps, d, ctx),
  } satisfies Recipe<D>;
  const history = {
    job: 'pipeline-history',
    steps: [],
    result: async (d, ctx) => {
      const rows = await readHistory(deps.redis, ctx.team, d.limit);
      const live = await liveImage(ctx);
      return {
        summary: rows.length
          ? `the last ${rows.length} pipeline runs of ${ctx.team}; live now: ${live}`
          : `no pipeline run yet (push to the team's repository, or \`/pipeline run\`); live now: ${live}`,
        fields: rows.length ? [{ name: 'runs', value: historyText(rows) }] : [],
        data: { runs: rows, live },
      };
    },
  } satisfies Recipe<{ limit: number; dryRun: boolean }>;
  return { pipeline, 'pipeline-history': history };
}

async function pipelineResult(deps: PipelineDeps, d: D, ctx: RecipeContext): Promise<RecipeOutput> {
  const s = pipelineState(ctx);
  const c = s.commit;
  const commitField = c
    ? [{ name: 'commit', value: `${c.id}\n${c.author}: ${c.subject}` }]
    : [{ name: 'ref', value: d.ref }];
  const stages = {
    name: 'stages',
    value: s.stages.map((x) => `${x.name}: ${secs(x.ms)} (${x.outcome})`).join('\n'),
  };
  if (ctx.dryRun)
    return {
      summary: `dry run: would deliver ${c?.short ?? d.ref} to ${s.config?.deployment ?? 'hello-node'}`,
      fields: commitField,
    };
  if (s.superseded) {
    const newer = s.superseded.commit?.slice(0, 7) ?? s.superseded.jobId;
    const summary = `superseded: ${c?.short ?? d.commit?.slice(0, 7) ?? d.ref} was not delivered, a newer push (${newer}) replaced it while it waited`;
    await recordHistory(deps.redis, ctx.team, historyEntry(d, ctx, s, 'superseded', summary));
    return {
      summary,
      fields: [...commitField, { name: 'replaced by', value: `job ${s.superseded.jobId} (${newer})` }],
      data: { superseded: s.superseded },
    };
  }
  const replaced = await replacedBy(deps.redis, ctx.team, ctx.jobId);
  const image = s.images?.[0] ?? '?';
  const already = !s.probe;
  const summary = already
    ? `${c?.short} is already live: ${s.config?.deployment} runs ${image}`
    : `${c?.short} "${c?.subject}" is live: ${s.verified}`;
  await recordHistory(
    deps.redis,
    ctx.team,
    historyEntry(d, ctx, s, already ? 'already live' : 'live', summary),
  );
  const r = s.report;
  return {
    summary,
    fields: [
      ...commitField,
      { name: 'pushed by', value: `${d.pushedBy ?? ctx.requestedBy.name} (${d.source})` },
      { name: 'image', value: (s.images ?? []).join('\n') },
      stages,
      ...(r
        ? [
            {
              name: 'while it rolled',
              value: `${s.probe!.rolling().failures} of ${s.probe!.rolling().requests} requests failed; ${r.failures} of ${r.requests} in the whole probe (longest run ${r.longestFailureRun})`,
            },
          ]
        : []),
      ...(replaced.length
        ? [{ name: 'replaced', value: `waiting pushes this one replaced: ${replaced.join(', ')}` }]
        : []),
    ],
    data: {
      commit: c,
      images: s.images,
      stages: s.stages,
      replaced,
      rolling: s.probe?.rolling(),
      liveAt: s.liveAt,
      ...(r ? { report: r } : {}),
    },
  };
}
