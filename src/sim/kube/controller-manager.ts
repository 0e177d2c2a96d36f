/**
 * Runs every controller in one level-triggered loop: after each burst of store changes and
 * on a short tick (for deadlines, back-offs and load balancer provisioning).
 */
import { syncDeployment } from './deployment-controller.js';
import type { PodRuntime } from './pod-runtime.js';
import { collectGarbage, syncReplicaSet } from './replicaset-controller.js';
import { findResource, type ResourceDef } from './resources.js';
import type { ServiceController } from './service-controller.js';
import type { Store } from './store.js';
import type { Deployment, ReplicaSet } from './types.js';

const DEPLOY_DEF = findResource('apps', 'v1', 'deployments') as ResourceDef;
const RS_DEF = findResource('apps', 'v1', 'replicasets') as ResourceDef;

/** Schedules and runs reconcile passes until stopped. */
export class ControllerManager {
  private scheduled = false;
  private stopped = false;
  private tick?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private readonly progress = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly runtime: PodRuntime,
    private readonly services: ServiceController,
    private readonly timeScale: number,
    private readonly log: (msg: string, fields?: Record<string, unknown>) => void,
    /** Controllers that only reconcile status (the workers' ingress controller). */
    private readonly others: readonly { sync(): void }[] = [],
  ) {}

  start(): void {
    this.unsubscribe = this.store.subscribe(() => this.schedule());
    this.tick = setInterval(() => this.schedule(), 100);
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.tick) clearInterval(this.tick);
  }

  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setTimeout(() => {
      this.scheduled = false;
      if (this.stopped) return;
      try {
        this.reconcile();
      } catch (err) {
        this.log('reconcile failed', { err: String((err as Error).stack ?? err) });
      }
    }, 5);
  }

  /** One pass: deployments, then ReplicaSets, garbage, pods, services, then the others. */
  reconcile(): void {
    const nowMs = Date.now();
    for (const d of this.store.list(DEPLOY_DEF) as Deployment[])
      syncDeployment(this.store, d, nowMs, this.timeScale, this.progress);
    for (const rs of this.store.list(RS_DEF) as ReplicaSet[]) syncReplicaSet(this.store, rs);
    collectGarbage(this.store);
    this.runtime.sync();
    this.services.sync();
    for (const c of this.others) c.sync();
  }
}
