import { describeVerdict, type ProbeReport, probe, renderHistogram } from '../../evidence/index.js';
import type { JobData } from '../../jobs/definitions.js';
import { Codes, UserError } from '../../shared/errors.js';
import type { Recipe, Step } from '../recipe.js';
import { attachPng } from './common/attach.js';
import { type LbProbeState, probeDeletingPod, probeDuringRollout } from './lb-probe/during.js';
import { duringResult } from './lb-probe/during-result.js';
import { lbTarget } from './lb-probe/target.js';

type D = JobData<'lb-probe'>;

const findTarget: Step<D, LbProbeState> = {
  name: 'find the external IP',
  check: async (d, ctx) => {
    const max = ctx.config.LABOPS_PROBE_MAX_REQUESTS;
    if (d.requests > max)
      throw new UserError(
        Codes.badInput,
        `${d.requests} requests is over this runner's limit of ${max} (LABOPS_PROBE_MAX_REQUESTS): nothing was sent`,
      );
    return false;
  },
  apply: async (_d, ctx) => {
    const t = await lbTarget(ctx);
    if (!t)
      throw new UserError(
        Codes.kubeNotFound,
        'hello-node has no external IP: expose it with `/expose loadbalancer` first (`kubectl get svc hello-node`)',
      );
    ctx.state.target = t;
    return `${t.url} (${t.readyReplicas} ready replicas)`;
  },
  timeoutMs: 60_000,
};

const probeOnce: Step<D, LbProbeState> = {
  name: 'probe',
  apply: async (d, ctx) => {
    if (ctx.dryRun) return `dry run: would send ${d.requests} requests`;
    const t = ctx.state.target;
    if (!t) throw new Error('the external IP was not found first');
    const report = await probe({
      url: t.url,
      requests: d.requests,
      concurrency: 10,
      timeoutMs: 5_000,
      expectedBackends: t.readyReplicas > 0 ? t.readyReplicas : undefined,
      signal: ctx.signal,
      onProgress: (n) => {
        if (n % 100 === 0) ctx.say(`${n}/${d.requests} requests`);
      },
    });
    ctx.state.report = report;
    await attachPng(ctx, 'lb-probe-histogram.png', await renderHistogram(report));
    return `${report.successes}/${report.requests} answered by ${report.distinctHosts} hosts`;
  },
  timeoutMs: 9 * 60_000,
  timeoutHint: 'the load balancer answers too slowly: try fewer requests',
};

/**
 * `/lb probe [requests] [during] [tag]`: the guide's "access the external IP many times",
 * measured: each request on a new connection to the LoadBalancer's external IP, answers per
 * pod, failures, latency and a chi-square verdict on the spread, with the histogram as a
 * picture. With `during:delete-pod` or `during:rollout tag:<t>` it probes at a steady rate
 * while it deletes a pod or rolls out the tag, and reports what failed and who answered when.
 */
export const lbProbe = {
  job: 'lb-probe',
  requires: ['lb-ip'],
  steps: (d) => [
    findTarget,
    d.during === 'delete-pod' ? probeDeletingPod : d.during === 'rollout' ? probeDuringRollout : probeOnce,
  ],
  result: (d, ctx) => {
    if (d.during) return duringResult(d, ctx);
    const r = ctx.state.report;
    if (!r)
      return {
        summary: `dry run: would probe hello-node's external IP with ${d.requests} requests`,
        fields: [],
      };
    return { summary: probeSummary(r), fields: probeFields(r), data: r };
  },
} satisfies Recipe<D, LbProbeState>;

/** `1000 requests: 1000 answered by 5 hosts, even spread`. */
export function probeSummary(r: ProbeReport): string {
  return `${r.url}: ${r.successes}/${r.requests} answered by ${r.distinctHosts} hosts, ${r.verdict.even ? 'even spread' : 'spread NOT even'}`;
}

/** The probe's result fields. */
export function probeFields(r: ProbeReport) {
  const kinds = Object.entries(r.failuresByKind).map(([k, n]) => `${k} ${n}`);
  const l = r.latencyMs;
  return [
    { name: 'requests', value: String(r.requests) },
    { name: 'successes', value: String(r.successes) },
    { name: 'failures', value: kinds.length ? `${r.failures}: ${kinds.join(', ')}` : '0' },
    {
      name: 'hosts',
      value:
        r.histogram.map((h) => `${h.host} ${h.count} (${(h.share * 100).toFixed(1)}%)`).join('\n') || 'none',
    },
    { name: 'latency', value: l ? `p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms` : 'n/a' },
    { name: 'rate', value: `${r.requestsPerSecond} requests/s` },
    { name: 'verdict', value: describeVerdict(r.verdict) },
    ...(r.failures > 0 ? [{ name: 'if failures persist', value: FAILURE_HINT }] : []),
  ];
}

/**
 * Failures through the load balancer that Octavia's status will not show: without a health
 * monitor (the charm's cloud config sets no `create-monitor`) members stay NO_MONITOR and the
 * load balancer ACTIVE/ONLINE while some nodes keep the NodePort closed.
 */
export const FAILURE_HINT =
  "Octavia's status will not show it (members NO_MONITOR: no health monitor). Every node is a member, the control " +
  'plane included: the NodePort must be open to the amphorae on all of them. `openstack security group rule create ' +
  "--ingress --protocol tcp --dst-port 30000:32767 <the model's juju-… group>`, or " +
  '`juju config openstack-integrator manage-security-groups=true`.';
