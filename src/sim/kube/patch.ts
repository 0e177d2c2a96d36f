/**
 * The three patch formats clients send: JSON merge patch (RFC 7386), JSON patch (RFC 6902)
 * and Kubernetes strategic merge patch (lists merged by key, `$patch` / `$setElementOrder` /
 * `$retainKeys` / `$deleteFromPrimitiveList` directives).
 */
import { badRequest } from './status.js';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** RFC 7386: objects merge recursively, null deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return structuredClone(patch);
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw badRequest(`invalid JSON pointer: ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: unknown, parts: string[], path: string): { parent: Obj | unknown[]; last: string } {
  let cur: unknown = doc;
  for (const p of parts.slice(0, -1)) {
    cur = Array.isArray(cur) ? cur[Number(p)] : isObj(cur) ? cur[p] : undefined;
    if (cur === undefined)
      throw badRequest(
        `the server rejected our request due to an error in our request: doc is missing path: "${path}"`,
      );
  }
  if (!isObj(cur) && !Array.isArray(cur)) throw badRequest(`doc is missing path: "${path}"`);
  return { parent: cur, last: parts[parts.length - 1] ?? '' };
}

function getAt(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const p of pointer(path)) cur = Array.isArray(cur) ? cur[Number(p)] : isObj(cur) ? cur[p] : undefined;
  return cur;
}

/** RFC 6902 operations applied in order to a copy of `doc`. */
export function jsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops))
    throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let out = structuredClone(doc);
  for (const raw of ops) {
    if (!isObj(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string')
      throw badRequest('invalid JSON patch operation');
    const { op, path } = raw;
    const parts = pointer(path);
    if (parts.length === 0) {
      if (op === 'add' || op === 'replace') out = structuredClone(raw.value);
      continue;
    }
    const remove = (p: string): unknown => {
      const { parent, last } = parentOf(out, pointer(p), p);
      if (Array.isArray(parent)) return parent.splice(Number(last), 1)[0];
      if (!(last in parent))
        throw badRequest(
          `the server rejected our request due to an error in our request: unable to remove nonexistent key: ${last}`,
        );
      const v = parent[last];
      delete parent[last];
      return v;
    };
    const add = (p: string, value: unknown, replace: boolean): void => {
      const { parent, last } = parentOf(out, pointer(p), p);
      if (Array.isArray(parent)) {
        const i = last === '-' ? parent.length : Number(last);
        if (replace) parent[i] = value;
        else parent.splice(i, 0, value);
      } else {
        if (replace && !(last in parent))
          throw badRequest(
            `the server rejected our request due to an error in our request: replace operation does not apply: doc is missing key: ${p}`,
          );
        parent[last] = value;
      }
    };
    if (op === 'add') add(path, structuredClone(raw.value), false);
    else if (op === 'replace') add(path, structuredClone(raw.value), true);
    else if (op === 'remove') remove(path);
    else if (op === 'move') add(path, remove(String(raw.from)), false);
    else if (op === 'copy') add(path, structuredClone(getAt(out, String(raw.from))), false);
    else if (op === 'test') {
      if (JSON.stringify(getAt(out, path)) !== JSON.stringify(raw.value))
        throw badRequest(`testing value ${path} failed`);
    } else throw badRequest(`Unexpected kind: ${op}`);
  }
  return out;
}

/** The merge key of a list at `path` (field names only), as in the Kubernetes API types. */
export function mergeKeyFor(path: string[]): string | undefined {
  const field = path[path.length - 1] ?? '';
  const prev = path[path.length - 2] ?? '';
  if (field === 'ports')
    return ['containers', 'initContainers', 'ephemeralContainers'].includes(prev) ? 'containerPort' : 'port';
  const keys: Record<string, string> = {
    containers: 'name',
    initContainers: 'name',
    ephemeralContainers: 'name',
    env: 'name',
    volumes: 'name',
    volumeMounts: 'mountPath',
    imagePullSecrets: 'name',
    conditions: 'type',
    ownerReferences: 'uid',
    hostAliases: 'ip',
    envFrom: 'prefix',
    topologySpreadConstraints: 'topologyKey',
    containerStatuses: 'name',
  };
  return keys[field];
}

/** Lists of primitives that merge as sets instead of being replaced. */
const PRIMITIVE_MERGE = new Set(['finalizers']);

function mergeList(orig: unknown, patch: unknown[], path: string[]): unknown[] {
  const key = mergeKeyFor(path);
  const field = path[path.length - 1] ?? '';
  if (patch.some((p) => isObj(p) && p.$patch === 'replace'))
    return patch.filter((p) => !(isObj(p) && p.$patch === 'replace'));
  if (!Array.isArray(orig)) return patch.filter((p) => !(isObj(p) && p.$patch === 'delete'));
  if (!key) {
    if (PRIMITIVE_MERGE.has(field)) return [...orig, ...patch.filter((p) => !orig.includes(p))];
    return patch;
  }
  const out = [...orig];
  for (const item of patch) {
    if (!isObj(item)) continue;
    const idx = out.findIndex((o) => isObj(o) && o[key] === item[key]);
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
    } else if (idx >= 0) out[idx] = strategicMerge(out[idx], item, path);
    else out.push(strategicMerge(undefined, item, path));
  }
  return out;
}

function applyOrder(list: unknown[], order: unknown[], key: string | undefined): unknown[] {
  const id = (v: unknown): unknown => (key && isObj(v) ? v[key] : v);
  const wanted = order.map((o) => id(o));
  const ranked = list.map((v, i) => ({ v, rank: wanted.indexOf(id(v)), i }));
  return ranked
    .sort((a, b) => (a.rank < 0 ? 1e9 + a.i : a.rank) - (b.rank < 0 ? 1e9 + b.i : b.rank))
    .map((r) => r.v);
}

/** Strategic merge patch of `patch` into `orig` (which is not modified). */
export function strategicMerge(orig: unknown, patch: unknown, path: string[] = []): unknown {
  if (!isObj(patch)) return structuredClone(patch);
  if (patch.$patch === 'delete') return undefined;
  const base: Obj = patch.$patch === 'replace' || !isObj(orig) ? {} : structuredClone(orig);
  const orders: [string, unknown[]][] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys') continue;
    if (k.startsWith('$setElementOrder/')) {
      if (Array.isArray(v)) orders.push([k.slice('$setElementOrder/'.length), v]);
      continue;
    }
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const f = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(base[f]) && Array.isArray(v))
        base[f] = (base[f] as unknown[]).filter((x) => !v.includes(x));
      continue;
    }
    if (v === null) delete base[k];
    else if (Array.isArray(v)) base[k] = mergeList(base[k], v, [...path, k]);
    else if (isObj(v)) {
      const merged = strategicMerge(base[k], v, [...path, k]);
      if (merged === undefined) delete base[k];
      else base[k] = merged;
    } else base[k] = v;
  }
  for (const [f, order] of orders) {
    if (Array.isArray(base[f])) base[f] = applyOrder(base[f] as unknown[], order, mergeKeyFor([...path, f]));
  }
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys as string[]);
    for (const k of Object.keys(base)) if (!keep.has(k)) delete base[k];
  }
  return base;
}

/** Applies a patch body of the given content type. */
export function applyPatch(contentType: string, orig: unknown, body: unknown): unknown {
  const type = contentType.split(';')[0]?.trim() ?? '';
  if (type === 'application/json-patch+json') return jsonPatch(orig, body);
  if (type === 'application/merge-patch+json') return mergePatch(orig, body);
  if (type === 'application/strategic-merge-patch+json') return strategicMerge(orig, body);
  throw new UnsupportedPatch(type);
}

/** Thrown for a Content-Type that names no supported patch format. */
export class UnsupportedPatch extends Error {
  override readonly name = 'UnsupportedPatch';
  constructor(readonly type: string) {
    super(
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`,
    );
  }
}
