/** Label and field selectors, in the string forms clients put in `labelSelector=` / `fieldSelector=`. */
import { badRequest } from './status.js';
import type { KubeObject, LabelSelector } from './types.js';

type Requirement = (labels: Record<string, string>) => boolean;

/** Splits on commas that are not inside `in (a,b)` parentheses. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((t) => t.trim()).filter((t) => t.length > 0);
}

function parseTerm(term: string): Requirement {
  const set = /^([^\s!=]+)\s+(in|notin)\s+\((.*)\)$/.exec(term);
  if (set) {
    const [, key, op, list] = set as unknown as [string, string, string, string];
    const values = list.split(',').map((v) => v.trim());
    return op === 'in'
      ? (l) => key in l && values.includes(l[key] ?? '')
      : (l) => !(key in l) || !values.includes(l[key] ?? '');
  }
  const cmp = /^([^\s!=]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
  if (cmp) {
    const [, key, op, value] = cmp as unknown as [string, string, string, string];
    return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
  }
  const exists = /^(!?)([^\s!=(),]+)$/.exec(term);
  if (exists) {
    const [, not, key] = exists as unknown as [string, string, string];
    return not ? (l) => !(key in l) : (l) => key in l;
  }
  throw badRequest(`unable to parse requirement: found '${term}', expected: identifier`);
}

/** Parses `app=hello-node,tier!=db,env in (a,b)` into a predicate on labels. */
export function parseLabelSelector(
  s: string | null | undefined,
): (labels: Record<string, string> | undefined) => boolean {
  if (!s) return () => true;
  const reqs = splitTerms(s).map(parseTerm);
  return (labels) => reqs.every((r) => r(labels ?? {}));
}

/** Parses a field selector; supports metadata.name, metadata.namespace, status.phase, spec.nodeName, spec.type. */
export function parseFieldSelector(s: string | null | undefined): (obj: KubeObject) => boolean {
  if (!s) return () => true;
  const terms = splitTerms(s).map((t) => {
    const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(t);
    if (!m) throw badRequest(`invalid selector: '${s}'; can't understand '${t}'`);
    const [, field, op, value] = m as unknown as [string, string, string, string];
    return { field, neg: op === '!=', value };
  });
  return (obj) =>
    terms.every(({ field, neg, value }) => {
      const actual = fieldValue(obj, field);
      return neg ? actual !== value : actual === value;
    });
}

function fieldValue(obj: KubeObject, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur === undefined || cur === null ? '' : String(cur);
}

/** Matches a structured `LabelSelector` (matchLabels + matchExpressions). An empty selector matches all. */
export function matchesSelector(
  sel: LabelSelector | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of sel?.matchExpressions ?? []) {
    const has = e.key in l;
    const vals = e.values ?? [];
    if (e.operator === 'In' && !(has && vals.includes(l[e.key] ?? ''))) return false;
    if (e.operator === 'NotIn' && has && vals.includes(l[e.key] ?? '')) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** `app=hello-node` form of a selector, as in Scale.status.selector and kubectl output. */
export function selectorString(sel: LabelSelector | Record<string, string> | undefined): string {
  if (!sel) return '';
  const ml =
    'matchLabels' in sel || 'matchExpressions' in sel
      ? (sel as LabelSelector).matchLabels
      : (sel as Record<string, string>);
  const parts = Object.entries(ml ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of (sel as LabelSelector).matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else parts.push(`!${e.key}`);
  }
  return parts.join(',');
}
