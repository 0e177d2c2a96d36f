import { type GuidePath, renderGuidePath } from '../../evidence/render/guide-path.js';
import type { JobData } from '../../jobs/definitions.js';
import type { RecipeContext } from '../context.js';
import { readFacts } from '../facts/index.js';
import type { Recipe } from '../recipe.js';
import { attachPng } from './common/attach.js';
import { guidePath, nextLine, V1_FACTS, V2_FACTS } from './next/path.js';

type D = JobData<'next'>;
/** What the steps hand on: where the team stands in the guide. */
interface S {
  path?: GuidePath;
}

/** Reads the facts of the guide's path (tag v1 and tag v2) and says where the team stands. */
export async function readGuidePath(ctx: RecipeContext, passed: readonly number[]): Promise<GuidePath> {
  const v1 = await readFacts(ctx, V1_FACTS, { tag: 'v1', replicas: 5 });
  const v2 = await readFacts(ctx, V2_FACTS, { tag: 'v2', replicas: 5 });
  return guidePath({
    team: ctx.team,
    at: new Date().toISOString().slice(0, 16).replace('T', ' '),
    v1,
    v2,
    passed,
  });
}

/**
 * `/next`: where the team stands in the guide (steps 1–9, checkpoints 1–6: done, next or
 * blocked by the fact it names) and the one command to type next, with a picture of the path.
 * Read-only: it runs the same in dry-run mode, without the picture.
 */
export const next = {
  job: 'next',
  steps: [
    {
      name: 'where the team stands in the guide',
      apply: async (d: D, ctx: RecipeContext<S>) => {
        const path = await readGuidePath(ctx, d.passed);
        ctx.state.path = path;
        if (!ctx.dryRun) await attachPng(ctx, 'guide-path.png', await renderGuidePath(path));
        return `next: ${nextLine(path)}`;
      },
      timeoutMs: 180_000,
    },
  ],
  result: (_d, ctx) => {
    const path = ctx.state.path;
    if (!path) throw new Error('the guide path was not read');
    const done = path.stops.filter((s) => s.state === 'done').length;
    return {
      summary: `next: ${nextLine(path)}`,
      fields: [
        { name: 'done', value: `${done} of ${path.stops.length} (steps 1–9, checkpoints 1–6)` },
        ...(path.nextWhy ? [{ name: 'why', value: path.nextWhy }] : []),
        {
          name: 'path',
          value: path.stops
            .map(
              (s) =>
                `${s.state === 'done' ? '✔' : s.state === 'next' ? '➜' : s.state === 'blocked' ? '✘' : '○'} ${s.kind} ${s.n}: ${s.title}${s.state === 'blocked' ? ` — ${s.detail}` : ''}`,
            )
            .join('\n')
            .slice(0, 1000),
        },
      ],
      data: { next: path.next, path },
    };
  },
} satisfies Recipe<D, S>;
