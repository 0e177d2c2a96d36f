/**
 * Persists the store to `<stateDir>/kube/state.json`: debounced, written to a temporary file
 * then renamed so a crash never leaves a half-written state behind.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Store, StoreSnapshot } from './store.js';
import type { KubeObject } from './types.js';

const snapshotSchema = z.object({
  resourceVersion: z.number().int().nonnegative(),
  objects: z.array(
    z.looseObject({
      apiVersion: z.string(),
      kind: z.string(),
      metadata: z.looseObject({ name: z.string() }),
    }),
  ),
  kinds: z.array(z.string()),
  counters: z.record(z.string(), z.number()),
});

/** Reads a saved snapshot; undefined when there is none. Throws when the file is corrupt. */
export function loadSnapshot(dir: string): StoreSnapshot | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, 'state.json'), 'utf8');
  } catch {
    return undefined;
  }
  const parsed = snapshotSchema.parse(JSON.parse(text));
  return { ...parsed, objects: parsed.objects as unknown as KubeObject[] };
}

/** Writes `state.json` atomically. */
export function saveSnapshot(dir: string, snap: StoreSnapshot): void {
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `state.json.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(snap)}\n`);
  renameSync(tmp, join(dir, 'state.json'));
}

/** Saves the store shortly after each burst of changes; `flush` writes at once. */
export function persistStore(store: Store, dir: string, delayMs = 100): { flush(): void; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    saveSnapshot(dir, store.snapshot());
  };
  const unsubscribe = store.subscribe(() => {
    timer ??= setTimeout(flush, delayMs);
  });
  return {
    flush,
    stop() {
      unsubscribe();
      flush();
    },
  };
}
