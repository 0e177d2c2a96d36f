/**
 * The object store: one global resourceVersion counter, a bounded event history for watches
 * that resume from a resourceVersion, and change listeners (watch streams, controllers,
 * persistence).
 */
import { randomUUID } from 'node:crypto';
import { kindKey, type ResourceDef } from './resources.js';
import type { KubeObject } from './types.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  /** `group/plural` of the object's kind. */
  kind: string;
  object: KubeObject;
  rv: number;
}

/** What persists of the store between runs. */
export interface StoreSnapshot {
  resourceVersion: number;
  objects: KubeObject[];
  kinds: string[];
  counters: Record<string, number>;
}

const HISTORY = 2000;

/** In-memory object store with watch history; all reads return copies. */
export class Store {
  private readonly objects = new Map<string, { kind: string; obj: KubeObject }>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<(ev: StoreEvent) => void>();
  private rv = 1;
  /** Allocation counters (IPs, …) that must survive restarts. */
  counters: Record<string, number> = {};

  /** Current global resourceVersion. */
  get resourceVersion(): number {
    return this.rv;
  }

  /** Oldest resourceVersion a watch can still resume from. */
  get oldestResumable(): number {
    return this.history[0] ? this.history[0].rv - 1 : this.rv;
  }

  private static key(kind: string, ns: string | undefined, name: string): string {
    return `${kind}|${ns ?? ''}|${name}`;
  }

  get(def: ResourceDef, ns: string | undefined, name: string): KubeObject | undefined {
    const hit = this.objects.get(Store.key(kindKey(def), ns, name));
    return hit ? structuredClone(hit.obj) : undefined;
  }

  /** Lists a kind, in one namespace or (ns undefined) all of them, ordered by name. */
  list(def: ResourceDef, ns?: string): KubeObject[] {
    const kind = kindKey(def);
    const out: KubeObject[] = [];
    for (const { kind: k, obj } of this.objects.values()) {
      if (k === kind && (ns === undefined || obj.metadata.namespace === ns)) out.push(structuredClone(obj));
    }
    return out.sort((a, b) =>
      `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace}/${b.metadata.name}`,
      ),
    );
  }

  /** Stores a new object, filling uid, creationTimestamp and resourceVersion. */
  create(def: ResourceDef, obj: KubeObject): KubeObject {
    const copy = structuredClone(obj);
    copy.metadata.uid ||= randomUUID();
    copy.metadata.creationTimestamp ||= now();
    return this.write(def, copy, 'ADDED');
  }

  /** Replaces a stored object, bumping its resourceVersion. */
  update(def: ResourceDef, obj: KubeObject): KubeObject {
    return this.write(def, structuredClone(obj), 'MODIFIED');
  }

  /** Removes an object; returns it with the deletion's resourceVersion. */
  remove(def: ResourceDef, ns: string | undefined, name: string): KubeObject | undefined {
    const key = Store.key(kindKey(def), ns, name);
    const hit = this.objects.get(key);
    if (!hit) return undefined;
    this.objects.delete(key);
    const obj = structuredClone(hit.obj);
    this.rv += 1;
    obj.metadata.resourceVersion = String(this.rv);
    this.emit({ type: 'DELETED', kind: hit.kind, object: obj, rv: this.rv });
    return structuredClone(obj);
  }

  private write(def: ResourceDef, obj: KubeObject, type: WatchEventType): KubeObject {
    this.rv += 1;
    obj.metadata.resourceVersion = String(this.rv);
    const kind = kindKey(def);
    this.objects.set(Store.key(kind, obj.metadata.namespace, obj.metadata.name), { kind, obj });
    this.emit({ type, kind, object: obj, rv: this.rv });
    return structuredClone(obj);
  }

  private emit(ev: StoreEvent): void {
    this.history.push(ev);
    if (this.history.length > HISTORY) this.history.shift();
    for (const l of this.listeners) l(ev);
  }

  /** Events after `rv` still in history, or undefined when `rv` is too old to resume from. */
  since(rv: number): StoreEvent[] | undefined {
    if (rv < this.oldestResumable) return undefined;
    return this.history.filter((e) => e.rv > rv).map((e) => ({ ...e, object: structuredClone(e.object) }));
  }

  /** Subscribes to every change; returns the unsubscribe function. */
  subscribe(fn: (ev: StoreEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Allocates the next value of a named counter (starting at `start`). */
  next(counter: string, start: number): number {
    const v = (this.counters[counter] ?? start - 1) + 1;
    this.counters[counter] = v;
    return v;
  }

  snapshot(): StoreSnapshot {
    const objects: KubeObject[] = [];
    const kinds: string[] = [];
    for (const { kind, obj } of this.objects.values()) {
      objects.push(obj);
      kinds.push(kind);
    }
    return { resourceVersion: this.rv, objects, kinds, counters: this.counters };
  }

  /** Loads a snapshot without emitting events (used once at start-up). */
  restore(snap: StoreSnapshot): void {
    this.rv = snap.resourceVersion;
    this.counters = { ...snap.counters };
    snap.objects.forEach((obj, i) => {
      const kind = snap.kinds[i] ?? '';
      this.objects.set(Store.key(kind, obj.metadata.namespace, obj.metadata.name), { kind, obj });
    });
  }
}

/** RFC 3339 timestamp at second precision, as the API server writes them. */
export function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
