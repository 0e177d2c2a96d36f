import { existsSync } from 'node:fs';
import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { dockerTag, k8sName } from '../jobs/names.js';
import { QUEUE_PREFIX } from '../jobs/queue.js';
import type { Config } from '../shared/config.js';
import { kubeconfigPathOf } from './kubeconfig-path.js';
import type { JobEnd } from './processor.js';
import { pushedFile, readPushed } from './recipes/image/pushed.js';
import type { Kube } from './tools/kube/index.js';

/**
 * The autocomplete cache the bot reads (`src/bot/autocomplete.ts`): per team, one Redis SET
 * of names per kind under `labops:<team>:cache:<kind>`, each with a TTL so the cache of a
 * runner that died ages out and the bot falls back to its defaults.
 *
 * - `deployments`: the Deployments of the cluster's namespace;
 * - `pods`: the hello-node pods (what `/chaos delete-pod` takes), without those being deleted;
 * - `tags`: the tags of the team's `<user>/hello-node` image: what this runner built or pushed
 *   (its jobs, and the push record of `/image push`) and what the cluster's Deployments run.
 *
 * Filled at runner start, after each job that can change them, and every `refreshMs` when
 * nothing else refreshed it. Reading costs two Kubernetes API calls and one small file: no
 * subprocess. A failure never reaches a job: it is logged at debug, and a kind that could not
 * be read keeps its last value until the TTL.
 */
export type CacheKind = 'deployments' | 'pods' | 'tags';

export const cacheKey = (team: string, kind: CacheKind) => `${QUEUE_PREFIX}:${team}:cache:${kind}`;

export const CACHE_REFRESH_MS = 5 * 60_000;
/** Three refresh periods: one missed refresh does not empty the bot's choices. */
export const CACHE_TTL_S = 15 * 60;
/** Names kept per kind (the bot shows 25 of them, filtered by what is typed). */
export const CACHE_MAX_NAMES = 200;
/** Budget of one read of the cluster. */
const KUBE_BUDGET_MS = 10_000;
const IMAGE = 'hello-node';

/** Jobs after which deployments, pods or tags may have changed. */
const CHANGING_JOBS = new Set([
  'deploy-k8s',
  'deploy-hello-node',
  'scale',
  'rollout',
  'rollback',
  'chaos-delete-pod',
  'image-build',
  'image-push',
  'checkpoint',
]);
/** Jobs whose `tag`, once they completed, is a tag of the hello-node image. */
const TAG_JOBS = new Set(['image-build', 'image-push', 'deploy-hello-node', 'rollout']);

/**
 * Pure: the tag of a reference to the team's hello-node image (`<user>/hello-node:<tag>`,
 * with or without `docker.io/`, or the local `hello-node:<tag>`), else undefined.
 */
export function helloNodeTag(ref: string | undefined, user: string): string | undefined {
  if (!ref) return undefined;
  const m = /^(?:(?:docker\.io|index\.docker\.io)\/)?(?:([^/:@]+)\/)?([^/:@]+):([^/:@]+)(?:@.*)?$/.exec(ref);
  if (!m || m[2] !== IMAGE) return undefined;
  if (m[1] !== undefined && m[1].toLowerCase() !== user.toLowerCase()) return undefined;
  return dockerTag.safeParse(m[3]).success ? m[3] : undefined;
}

/** Pure: valid Kubernetes names, deduplicated and sorted, at most {@link CACHE_MAX_NAMES}. */
export function k8sNames(items: readonly (V1Deployment | V1Pod)[]): string[] {
  const names = items
    .filter((i) => !i.metadata?.deletionTimestamp)
    .map((i) => i.metadata?.name ?? '')
    .filter((n) => k8sName.safeParse(n).success);
  return [...new Set(names)].sort().slice(0, CACHE_MAX_NAMES);
}

export interface LabCacheDeps {
  redis: Redis;
  team: string;
  config: Config;
  env: NodeJS.ProcessEnv;
  log: Logger;
  refreshMs?: number;
  ttlS?: number;
  /** The Kubernetes adapter for one refresh (default: from the runner's kubeconfig). */
  kube?: (signal: AbortSignal) => Kube;
}

export class LabCache {
  private readonly refreshMs: number;
  private readonly ttlS: number;
  /** Tags learned from jobs and from the cluster, oldest first. */
  private readonly learned = new Set<string>();
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Ends a read of the cluster under way when the runner stops. */
  private readonly abort = new AbortController();
  /** When the cache was last written (0: never). */
  lastAt = 0;

  constructor(private readonly deps: LabCacheDeps) {
    this.refreshMs = deps.refreshMs ?? CACHE_REFRESH_MS;
    this.ttlS = deps.ttlS ?? CACHE_TTL_S;
  }

  /** First refresh (not awaited: the runner does not wait for the cluster) and the idle timer. */
  start(): void {
    void this.refresh();
    this.timer = setInterval(() => {
      if (Date.now() - this.lastAt >= this.refreshMs * 0.9) void this.refresh();
    }, this.refreshMs);
    this.timer.unref();
  }

  /** Stops the timer and waits (briefly) for a refresh under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.abort.abort();
    const running = this.running;
    if (running) await Promise.race([running, new Promise((r) => setTimeout(r, 2_000).unref())]);
  }

  /** Told by the processor when a job ended; returns at once. */
  jobEnded(e: JobEnd): void {
    if (e.dryRun || this.stopped) return;
    const tag = typeof e.data.tag === 'string' ? e.data.tag : undefined;
    if (e.ok && tag && TAG_JOBS.has(e.name) && dockerTag.safeParse(tag).success) this.learn(tag);
    if (CHANGING_JOBS.has(e.name)) void this.refresh();
  }

  /** Reads the lab and writes the cache; concurrent calls share one run (and one more after it). */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.once();
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private learn(tag: string): void {
    this.learned.delete(tag);
    this.learned.add(tag);
    while (this.learned.size > CACHE_MAX_NAMES) this.learned.delete(this.learned.values().next().value!);
  }

  /** The Kubernetes client is loaded on first use: a runner without a cluster never loads it. */
  private async makeKube(signal: AbortSignal): Promise<Kube> {
    if (this.deps.kube) return this.deps.kube(signal);
    const { createKube } = await import('./tools/kube/index.js');
    return createKube({
      kubeconfigPath: kubeconfigPathOf(this.deps),
      signal,
      requestTimeoutMs: KUBE_BUDGET_MS,
    });
  }

  private async once(): Promise<void> {
    const { log, team, config, env } = this.deps;
    const user = config.LABOPS_DOCKERHUB_USER ?? '';
    const write: Partial<Record<CacheKind, string[]>> = {};
    try {
      // No kubeconfig yet (before `/deploy k8s`): nothing to read, and no client to load.
      if (!this.deps.kube && !existsSync(kubeconfigPathOf(this.deps))) throw new Error('no kubeconfig yet');
      const kube = await this.makeKube(
        AbortSignal.any([AbortSignal.timeout(KUBE_BUDGET_MS), this.abort.signal]),
      );
      const [deployments, pods] = await Promise.all([kube.listDeployments(), kube.listPods(`app=${IMAGE}`)]);
      write.deployments = k8sNames(deployments);
      write.pods = k8sNames(pods);
      for (const d of deployments)
        for (const c of d.spec?.template.spec?.containers ?? []) {
          const tag = helloNodeTag(c.image, user);
          if (tag) this.learn(tag);
        }
    } catch (err) {
      log.debug({ err: (err as Error).message }, 'autocomplete cache: cluster not read');
    }
    for (const ref of Object.keys(readPushed(pushedFile({ env, team })))) {
      const tag = helloNodeTag(ref, user);
      if (tag) this.learn(tag);
    }
    write.tags = [...this.learned].sort().slice(0, CACHE_MAX_NAMES);
    try {
      const m = this.deps.redis.multi();
      for (const [kind, names] of Object.entries(write) as [CacheKind, string[]][]) {
        const key = cacheKey(team, kind);
        m.del(key);
        if (names.length) {
          m.sadd(key, ...names);
          m.expire(key, this.ttlS);
        }
      }
      const failed = (await m.exec())?.find(([e]) => e)?.[0];
      if (failed) throw failed;
      this.lastAt = Date.now();
    } catch (err) {
      log.debug({ err: (err as Error).message }, 'autocomplete cache: not written');
    }
  }
}
