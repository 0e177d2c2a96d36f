import { renderHistogram, renderTimeline } from '../../../evidence/index.js';
import type { PipelineJobData } from '../../../jobs/pipeline-data.js';
import { Codes, UserError } from '../../../shared/errors.js';
import type { RecipeContext } from '../../context.js';
import { labTools } from '../../lab-tools.js';
import type { Step } from '../../recipe.js';
import { converge } from '../../steps.js';
import { describePodProblem, rolloutVerdict } from '../../tools/kube/index.js';
import { attachPng } from '../common/attach.js';
import { kubeChange } from '../common/kube-change.js';
import { mustHaveDeployment, waitDeploymentReady } from '../common/kube-wait.js';
import { short } from '../lb-probe/during.js';
import { lbTarget } from '../lb-probe/target.js';
import { markRolledBack } from '../rollback.js';
import { startLiveProbe } from './live-probe.js';
import { pipelineState, secs } from './state.js';

type D = PipelineJobData;

/** Answers in a row from the new pods that count as "every answer comes from the new version". */
export const NEW_IN_A_ROW = 10;

const containerOf = (dep: Awaited<ReturnType<typeof mustHaveDeployment>>, name: string) => {
  const cs = dep.spec?.template.spec?.containers ?? [];
  return cs.find((c) => c.name === name) ?? cs[0];
};

/**
 * `kubectl set image deployment/<deployment> <container>=<image>` while the load balancer is
 * probed (as `/lb probe during:rollout`), from a warm-up before the change.
 */
export const rollOut: Step<D> = {
  name: 'roll out',
  check: async (_d, ctx) => {
    const s = pipelineState(ctx);
    const name = s.config!.deployment;
    const dep = await mustHaveDeployment(ctx, name);
    s.from = containerOf(dep, name)?.image;
    const to = s.images![0]!;
    if (s.from !== to || rolloutVerdict(dep).state !== 'done') return false;
    return `${name} already runs ${to}`;
  },
  apply: async (_d, ctx) => {
    const s = pipelineState(ctx);
    const name = s.config!.deployment;
    const to = s.images![0]!;
    const dep = await mustHaveDeployment(ctx, name);
    const container = containerOf(dep, name)?.name ?? name;
    const setImage = () =>
      kubeChange(ctx, ['set', 'image', `deployment/${name}`, `${container}=${to}`], () =>
        labTools(ctx).kube.setImage(name, container, to),
      );
    if (ctx.dryRun) {
      await setImage();
      return `dry run: would roll ${name} out from ${s.from ?? '?'} to ${to}, probing the load balancer`;
    }
    const target = await lbTarget(ctx, name);
    if (!target)
      throw new UserError(
        Codes.kubeNotFound,
        `${name} has no external IP, so the new version could not be verified: \`/expose loadbalancer\` first, then \`/pipeline run\``,
      );
    const pods = await labTools(ctx).kube.listPods(`app=${name}`);
    s.probe = startLiveProbe(ctx, {
      url: target.url,
      knownHosts: pods.map((p) => p.metadata?.name).filter((n): n is string => Boolean(n)),
      minRequests: s.config!.verify.requests,
      change: async () => {
        await setImage();
        ctx.say(`image set to ${to}; probing ${target.url} through the rollout`);
      },
    });
    await s.probe.changed;
    return `image set to ${to} (was ${s.from ?? '?'})`;
  },
  timeoutMs: 2 * 60_000,
};

/**
 * Waits until the rollout is done and every answer through the load balancer comes from the
 * new pods, within `verify.timeoutSeconds` of the rollout's start, with failures while it
 * rolled at or under `verify.maxFailureShare`. Anything else rolls back, and says why.
 */
export const verify: Step<D> = {
  name: 'verify',
  check: async (_d, ctx) => {
    const s = pipelineState(ctx);
    if (s.probe) return false;
    s.verified = `${s.config!.deployment} already ran ${s.images![0]}`;
    return s.verified;
  },
  apply: async () => undefined,
  wait: async (_d, ctx) => {
    const s = pipelineState(ctx);
    const probe = s.probe!;
    const v = s.config!.verify;
    const why = await verdict(ctx, v.timeoutSeconds * 1000).catch((err: unknown) => {
      if (ctx.signal.aborted) throw err;
      return err instanceof UserError ? err.message : String(err);
    });
    if (why) return rollBack(ctx, why);
    s.liveAt = Date.now();
    probe.finish();
    const r = await probe.report;
    s.report = r;
    const rolled = probe.rolling();
    await attachPictures(ctx);
    const share = rolled.requests ? rolled.failures / rolled.requests : 0;
    if (share > v.maxFailureShare) {
      const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
      return rollBack(
        ctx,
        `${rolled.failures} of ${rolled.requests} requests failed while it rolled (${pct(share)}, over maxFailureShare ${pct(v.maxFailureShare)}: ${kindsText(rolled.kinds)})`,
      );
    }
    const first = r.groups.new.firstAnswerMs;
    s.verified = `every answer from ${short(s.images![0])} ${secs(s.liveAt - probe.startedAt())} after the rollout began (first ${first === null ? 'never' : `at ${secs(first)}`}); ${rolled.failures} of ${rolled.requests} requests failed while it rolled`;
    return s.verified;
  },
  timeoutMs: 32 * 60_000,
};

/** `timeout 3, reset 1`. */
function kindsText(kinds: Record<string, number>): string {
  return Object.entries(kinds)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

/** Resolves undefined once the new version answers alone, or with why it will not. */
async function verdict(ctx: RecipeContext, budgetMs: number): Promise<string | undefined> {
  const s = pipelineState(ctx);
  const name = s.config!.deployment;
  const probe = s.probe!;
  const { kube } = labTools(ctx);
  return converge(
    async () => {
      const dep = await kube.getDeployment(name);
      if (!dep) return { why: `deployment ${name} disappeared during the rollout` };
      const done = rolloutVerdict(dep).state === 'done';
      if (done && probe.newInARow() >= NEW_IN_A_ROW) return { why: undefined };
      const problems = (await kube.podImagePullProblems(`app=${name}`)).filter((p) =>
        /CrashLoopBackOff|Pull|Image|Error/.test(p.reason),
      );
      if (problems.length)
        return {
          why: `the new pods do not start: ${problems.slice(0, 2).map(describePodProblem).join(' ')}`,
        };
      if (Date.now() - probe.startedAt() > budgetMs)
        return {
          why: done
            ? `the load balancer still answered from the old pods ${budgetMs / 1000} s after the rollout began (verify.timeoutSeconds)`
            : `the rollout was not done ${budgetMs / 1000} s after it began (verify.timeoutSeconds): ${rolloutVerdict(dep).message}`,
        };
      return false;
    },
    // The probe runs in real time: its verdict is read every 250 real ms, whatever the lab's time scale.
    { signal: ctx.signal, clock: ctx.clock, intervalMs: 250 / Math.max(ctx.clock.scale, 0.001) },
  ).then((x) => x.why);
}

/** `kubectl rollout undo`, waited for, probed to the end; then the stage fails saying why. */
async function rollBack(ctx: RecipeContext, why: string): Promise<never> {
  const s = pipelineState(ctx);
  const name = s.config!.deployment;
  const { kube } = labTools(ctx);
  ctx.say(`verify failed (${why}): rolling back to ${s.from ?? 'the previous revision'}`);
  const undo = await kube.rolloutUndo(name);
  await waitDeploymentReady(ctx, name, (await kube.getDeployment(name))?.spec?.replicas ?? 1);
  await markRolledBack(ctx, name);
  s.probe?.finish();
  const r = s.report ?? (await s.probe?.report);
  s.report = r;
  const rolled = s.probe?.rolling();
  if (r) await attachPictures(ctx).catch(() => undefined);
  const rev = undo.kind === 'done' ? ` (revision ${undo.value.toRevision})` : '';
  s.rolledBack = `${s.from ?? 'the previous image'}${rev}`;
  const seen = rolled
    ? `; while it rolled and rolled back, ${rolled.failures} of ${rolled.requests} requests failed (longest run ${r?.longestFailureRun ?? 0}${rolled.failures ? `; ${kindsText(rolled.kinds)}` : ''})`
    : '';
  const verifyMs = s.probe ? Date.now() - s.probe.startedAt() : 0;
  const stages = [
    ...s.stages.filter((x) => x.name !== 'verify').map((x) => `${x.name} ${secs(x.ms)}`),
    `verify ${secs(verifyMs)}`,
  ].join(', ');
  throw new UserError(
    Codes.pipelineVerifyFailed,
    `verify failed: ${why}; rolled back to ${s.rolledBack}${seen}; stages: ${stages}`,
  );
}

async function attachPictures(ctx: RecipeContext): Promise<void> {
  const s = pipelineState(ctx);
  if (!s.report) return;
  await attachPng(ctx, 'pipeline-histogram.png', await renderHistogram(s.report));
  await attachPng(
    ctx,
    'pipeline-timeline.png',
    await renderTimeline(s.report, {
      action: `rollout ${short(s.from)} → ${short(s.images![0])}`,
      old: short(s.from),
      new: short(s.images![0]),
      lastOld: true,
    }),
  );
}
