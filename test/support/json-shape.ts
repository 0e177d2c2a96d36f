/**
 * The shape of real tools' JSON (keys and value types, recursively), learnt from captured
 * outputs, and the differences of a stand-in's output from it: a parser tested against the
 * captures then works on the simulation too.
 */

export interface ShapeOpts {
  /** fields the real output may lack (vendor-specific, or absent when unset) */
  optional?: string[];
  /** fields real output has but the captures happen not to show */
  extra?: string[];
  /** the stand-in may add fields (newer client columns) */
  superset?: boolean;
  /** Objects whose keys are names (apps, units, labels…), not fields. */
  dicts?: ReadonlySet<string>;
}

interface Shape {
  types: Set<string>;
  fields?: Map<string, Shape>;
  required?: Set<string>;
  dict?: Shape;
  items?: Shape;
}

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Merges the shape of `value` into `shape` (several samples or entries make one shape). */
function learn(
  value: unknown,
  dicts: ReadonlySet<string>,
  shape: Shape = { types: new Set() },
  isDict = false,
): Shape {
  shape.types.add(typeOf(value));
  if (Array.isArray(value)) {
    for (const item of value) shape.items = learn(item, dicts, shape.items);
  } else if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (isDict) {
      for (const [, v] of entries) shape.dict = learn(v, dicts, shape.dict);
    } else {
      const keys = new Set(entries.map(([k]) => k));
      shape.required = shape.required ? new Set([...shape.required].filter((k) => keys.has(k))) : keys;
      shape.fields ??= new Map();
      for (const [k, v] of entries) shape.fields.set(k, learn(v, dicts, shape.fields.get(k), dicts.has(k)));
    }
  }
  return shape;
}

/** Lists every difference between `value` and `shape`; nulls match any type (unset fields). */
function check(value: unknown, shape: Shape, path: string, problems: string[], opts: ShapeOpts): void {
  const t = typeOf(value);
  if (t === 'null' || shape.types.has('null')) return;
  if (!shape.types.has(t)) {
    problems.push(`${path}: ${t}, real output has ${[...shape.types].join('|')}`);
    return;
  }
  if (Array.isArray(value)) {
    const items = shape.items;
    if (items) {
      for (const [i, v] of value.entries()) check(v, items, `${path}[${i}]`, problems, opts);
    }
    return;
  }
  if (t !== 'object') return;
  const obj = value as Record<string, unknown>;
  if (shape.dict) {
    for (const [k, v] of Object.entries(obj)) check(v, shape.dict, `${path}.${k}`, problems, opts);
    return;
  }
  if (!shape.fields) return;
  for (const [k, v] of Object.entries(obj)) {
    const field = shape.fields.get(k);
    if (!field) {
      if (!opts.superset && !opts.extra?.includes(k)) problems.push(`${path}.${k}: key not in real output`);
      continue;
    }
    check(v, field, `${path}.${k}`, problems, opts);
  }
  for (const k of shape.required ?? []) {
    if (!(k in obj) && !opts.optional?.includes(k)) problems.push(`${path}.${k}: missing`);
  }
}

/** The differences of `value` from the shape of the real `samples` (none: the same shape). */
export function shapeProblems(value: unknown, samples: readonly unknown[], opts: ShapeOpts = {}): string[] {
  const dicts = opts.dicts ?? new Set<string>();
  let shape: Shape | undefined;
  for (const s of samples) shape = learn(s, dicts, shape);
  const problems: string[] = [];
  check(value, shape as Shape, '$', problems, opts);
  return problems;
}
