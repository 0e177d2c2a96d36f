import { performance } from 'node:perf_hooks';
import type { Requirement } from '../../runners/facts/names.js';
import { readPngInfo } from '../render/png.js';
import type { LabPort } from './lab-port.js';
import type {
  CheckpointManifest,
  CheckpointReport,
  CheckpointRun,
  CheckpointSettings,
  CriterionResult,
  ItemResult,
} from './types.js';

/** Stores one picture (in the runner: the job's artifact store) and returns its reference. */
export type StorePicture = (
  name: string,
  png: Buffer,
) => Promise<{ id: string; name: string; bytes: number; sha256: string }>;

export interface RunCheckpointOptions {
  team: string;
  lab: LabPort;
  signal: AbortSignal;
  settings: CheckpointSettings;
  store: StorePicture;
  /** Told before each item and criterion, for progress messages. */
  onStep?: (message: string) => void;
  now?: () => Date;
  /**
   * "not yet: run …" when one of `requires` does not hold on the lab (read once before the run),
   * undefined when they all hold. Without it, every picture and criterion runs.
   */
  notYet?: (requires: readonly Requirement[]) => string | undefined;
}

/** The first line of an error's message, short enough for a chat field. */
export function reasonOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const line = message.split('\n')[0] ?? message;
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

/**
 * Runs a checkpoint: every picture, then every criterion, in the manifest's order. A picture
 * or a criterion that fails is recorded with its reason and the others still run; only the
 * job's own cancellation stops the run. A picture whose settings are absent is recorded as
 * skipped, with the settings that enable it, and fails nothing. A picture or criterion whose part
 * of the lab is missing is not run: it reads "not yet: run …" (`opts.notYet`).
 */
export async function runCheckpoint(
  manifest: CheckpointManifest,
  opts: RunCheckpointOptions,
): Promise<CheckpointReport> {
  const started = performance.now();
  const at = opts.now?.() ?? new Date();
  const facts = new Map<string, Promise<unknown>>();
  const run: CheckpointRun = {
    team: opts.team,
    lab: opts.lab,
    signal: opts.signal,
    settings: opts.settings,
    at,
    fact: <T>(key: string, load: () => Promise<T>) => {
      let p = facts.get(key) as Promise<T> | undefined;
      if (!p) {
        p = load();
        p.catch(() => {});
        facts.set(key, p);
      }
      return p;
    },
  };

  const items: ItemResult[] = [];
  for (const [i, item] of manifest.items.entries()) {
    opts.signal.throwIfAborted();
    opts.onStep?.(`picture ${i + 1}/${manifest.items.length}: ${item.title}`);
    const base = { id: item.id, title: item.title, kind: item.kind, guide: item.guide };
    const skipped = item.skip?.(run);
    if (skipped !== undefined) {
      items.push({ ...base, ok: false, skipped });
      continue;
    }
    const notYet = item.requires && opts.notYet?.(item.requires);
    if (notYet) {
      items.push({ ...base, ok: false, error: notYet });
      continue;
    }
    try {
      const png = await item.collect(run);
      const info = readPngInfo(png);
      const name = `checkpoint-${manifest.n}-${String(i + 1).padStart(2, '0')}-${item.id}.png`;
      const ref = await opts.store(name, png);
      items.push({ ...base, ok: true, artifact: ref, width: info.width, height: info.height });
    } catch (err) {
      opts.signal.throwIfAborted();
      items.push({ ...base, ok: false, error: reasonOf(err) });
    }
  }

  const criteria: CriterionResult[] = [];
  for (const c of manifest.criteria) {
    opts.signal.throwIfAborted();
    opts.onStep?.(`criterion: ${c.title}`);
    const notYet = c.requires && opts.notYet?.(c.requires);
    if (notYet) {
      criteria.push({ id: c.id, title: c.title, pass: false, measured: notYet });
      continue;
    }
    try {
      criteria.push({ id: c.id, title: c.title, ...(await c.check(run)) });
    } catch (err) {
      opts.signal.throwIfAborted();
      criteria.push({ id: c.id, title: c.title, pass: false, measured: `not measured: ${reasonOf(err)}` });
    }
  }

  return {
    n: manifest.n,
    title: manifest.title,
    guideTitle: manifest.guideTitle,
    team: opts.team,
    at: at.toISOString(),
    durationMs: Math.round(performance.now() - started),
    passed: criteria.length > 0 && criteria.every((c) => c.pass),
    picturesOk: items.every((i) => i.ok || i.skipped !== undefined),
    items,
    criteria,
  };
}
