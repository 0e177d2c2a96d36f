import type { Requirement } from '../../runners/facts/names.js';
import type { HorizonLogin, K8sDashboardLogin } from '../render/dashboards.js';
import type { LabPort } from './lab-port.js';

/** Settings a checkpoint run uses (from the runner's config). */
export interface CheckpointSettings {
  /** Largest share of failed requests tolerated while a pod is deleted (0..1). */
  maxFailureShare: number;
  /** Requests of the balance probe (the guide's "accessing the external IP many times"). */
  balanceRequests: number;
  /** How long the resilience run probes, in ms. */
  resilienceMs: number;
  /**
   * Horizon to log into for its own network topology page; unset when it is not configured.
   * Called when the picture is taken (credentials may come from the openrc).
   */
  horizon?: () => Promise<HorizonLogin>;
  /** The Kubernetes dashboard to log into with a token; unset when it is not configured. */
  k8sDashboard?: () => Promise<K8sDashboardLogin>;
}

/** What collectors and criteria get: the lab, shared facts (loaded once per run), the clock. */
export interface CheckpointRun {
  team: string;
  lab: LabPort;
  signal: AbortSignal;
  settings: CheckpointSettings;
  /** When the run started; every picture carries it. */
  at: Date;
  /** Loads a fact once per run; a loader that failed fails every later use with the same reason. */
  fact<T>(key: string, load: () => Promise<T>): Promise<T>;
}

/** How an item is shown: a terminal capture, a page screenshot, or a view drawn from live data. */
export type ItemKind = 'terminal' | 'page' | 'drawing';

/** One picture the guide asks for. */
export interface CheckpointItem {
  id: string;
  title: string;
  kind: ItemKind;
  /** The guide's own words for this picture. */
  guide: string;
  /** The lab facts this picture shows; when one is missing it is not taken ("not yet: run …"). */
  requires?: readonly Requirement[];
  /** Makes the PNG; throws with a reason a student understands when it cannot. */
  collect(run: CheckpointRun): Promise<Buffer>;
  /**
   * Why this picture is not taken on this run (a setting it needs is absent), saying which
   * settings enable it; undefined to take it. A skipped picture is not a failure.
   */
  skip?(run: CheckpointRun): string | undefined;
}

/** A measured check: pass or fail, and what was measured (e.g. "2 of 5"). */
export interface CriterionOutcome {
  pass: boolean;
  measured: string;
}

/** One automatic check the guide implies. */
export interface CheckpointCriterion {
  id: string;
  title: string;
  /** The lab facts this criterion measures; when one is missing it reads "not yet: run …". */
  requires?: readonly Requirement[];
  check(run: CheckpointRun): Promise<CriterionOutcome>;
}

/** One checkpoint of the guide: its pictures and its criteria, in the order they run. */
export interface CheckpointManifest {
  n: number;
  title: string;
  /** The guide's exercise heading, e.g. "CheckPoint-3 Dashboard Kubernetes". */
  guideTitle: string;
  /** The lab facts without which nothing of this checkpoint can be measured: the job is refused (NOT_READY). */
  requires?: readonly Requirement[];
  items: CheckpointItem[];
  criteria: CheckpointCriterion[];
}

/** A picture as stored: the artifact and its digest, or why it could not be made. */
export interface ItemResult {
  id: string;
  title: string;
  kind: ItemKind;
  guide: string;
  ok: boolean;
  artifact?: { id: string; name: string; bytes: number; sha256: string };
  width?: number;
  height?: number;
  error?: string;
  /** Why the picture was not taken on purpose (see {@link CheckpointItem.skip}); `ok` is false. */
  skipped?: string;
}

export interface CriterionResult extends CriterionOutcome {
  id: string;
  title: string;
}

/** The whole result of a checkpoint run (the job result's `data`). */
export interface CheckpointReport {
  n: number;
  title: string;
  guideTitle: string;
  team: string;
  /** ISO time the run started. */
  at: string;
  durationMs: number;
  /** Every criterion passed (what `/progress` records). */
  passed: boolean;
  /** Every picture was made, skipped ones aside. */
  picturesOk: boolean;
  items: ItemResult[];
  criteria: CriterionResult[];
}
