import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dockerTag } from '../../../jobs/names.js';
import type { PipelineJobData } from '../../../jobs/pipeline-data.js';
import { Codes, UserError } from '../../../shared/errors.js';
import { ExecError } from '../../../shared/exec.js';
import type { RecipeContext } from '../../context.js';
import { parsePipelineConfig } from '../../pipeline/config.js';
import { newerPush } from '../../pipeline/history.js';
import { pipelineLayout } from '../../pipeline/layout.js';
import type { Step } from '../../recipe.js';
import { type CommitInfo, type PipelineDeps, pipelineState } from './state.js';

type D = PipelineJobData;

async function git(ctx: RecipeContext, args: string[], cwd?: string): Promise<string> {
  const r = await ctx.exec({
    argv: ['git', ...args],
    timeoutMs: 60_000,
    capture: 'full',
    ...(cwd ? { cwd } : {}),
  });
  return r.stdout.trim();
}

/** First stage: takes the push's place in the team's order; a newer push replaces it if one came. */
export function newestPush(deps: PipelineDeps): Step<D> {
  return {
    name: 'newest push',
    apply: async (d, ctx) => {
      if (ctx.dryRun) return 'dry run: the push order is not changed';
      const label = `${d.commit?.slice(0, 7) ?? d.ref} by ${d.pushedBy ?? ctx.requestedBy.name}`;
      const newer = await newerPush(deps.redis, ctx.team, ctx.jobId, d.commit, label);
      if (!newer) return 'no newer push is waiting';
      pipelineState(ctx).superseded = newer;
      return `superseded: a newer push (${newer.commit?.slice(0, 7) ?? newer.jobId}) replaces this one`;
    },
    timeoutMs: 30_000,
  };
}

/**
 * `git clone` of the team's repository and `git checkout --detach <commit>` into a folder of
 * its own; `labops.yaml` of that commit is read and checked first, so a bad one stops the run
 * before anything is built.
 */
export function checkout(deps: PipelineDeps): Step<D> {
  const layout = pipelineLayout(deps.dir);
  return {
    name: 'checkout',
    check: async (d, ctx) => {
      const s = pipelineState(ctx);
      s.commit = await readCommit(ctx, layout.bare, d);
      const yaml = await git(ctx, ['--git-dir', layout.bare, 'show', `${s.commit.id}:labops.yaml`]).catch(
        () => '',
      );
      s.config = parsePipelineConfig(yaml);
      s.workDir = join(layout.builds, s.commit.id);
      if (!existsSync(join(s.workDir, '.git'))) return false;
      const head = await git(ctx, ['rev-parse', 'HEAD'], s.workDir).catch(() => '');
      return head === s.commit.id ? `${s.commit.short} already checked out` : false;
    },
    apply: async (_d, ctx) => {
      const s = pipelineState(ctx);
      const dir = s.workDir!;
      if (ctx.dryRun) return `dry run: would check out ${s.commit!.short} into ${dir}`;
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(layout.builds, { recursive: true });
      await git(ctx, ['clone', '--quiet', '--no-checkout', layout.bare, dir]);
      await git(ctx, ['checkout', '--quiet', '--detach', s.commit!.id], dir);
      return `${s.commit!.short} "${s.commit!.subject}" by ${s.commit!.author}`;
    },
    timeoutMs: 2 * 60_000,
  };
}

/** The pushed commit (or the one `ref` names), with its author, subject and git tags. */
async function readCommit(ctx: RecipeContext, bare: string, d: D): Promise<CommitInfo> {
  const want = d.commit ?? d.ref;
  let id: string;
  try {
    id = await git(ctx, [
      '--git-dir',
      bare,
      'rev-parse',
      '--verify',
      '--quiet',
      '--end-of-options',
      `${want}^{commit}`,
    ]);
  } catch (err) {
    if (!(err instanceof ExecError)) throw err;
    throw new UserError(
      Codes.pipelineRefUnknown,
      `the team's repository has no commit "${want}": push it first, or name a branch, tag or commit id (\`/pipeline run ref:main\`)`,
    );
  }
  const [author = '?', subject = ''] = (
    await git(ctx, ['--git-dir', bare, 'log', '-1', '--format=%an%n%s', id])
  ).split('\n');
  const tags = (await git(ctx, ['--git-dir', bare, 'tag', '--points-at', id]))
    .split('\n')
    .filter((t) => t && dockerTag.safeParse(t).success);
  return { id, short: id.slice(0, 7), author, subject, tags };
}
