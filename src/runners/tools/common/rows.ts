/**
 * OpenStack's `-f json` list output keys rows by the table's column titles ("ID",
 * "IP Protocol", "Port Range"); `show` output uses snake_case field names. Normalising
 * both to snake_case lets one reader serve old and new client versions.
 */
export function snakeKeys(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row))
    out[
      k
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_')
    ] = v;
  return out;
}

/** Reads a string field, treating null and absent alike. */
export function str(row: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = row[k];
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
  }
  return undefined;
}

/**
 * A list field as an array: OSC prints some lists as arrays and others (listeners, pools,
 * members of `loadbalancer show`) as one newline-joined string, "" when empty.
 */
export function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String).filter(Boolean);
  if (typeof v === 'string')
    return v
      .split(/[\n,]/)
      .map((s) => s.trim())
      .filter(Boolean);
  return [];
}

/** Parses JSON output, naming the command when it is not JSON (a tool printed a warning). */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const start = text.search(/^[[{]/m);
    if (start > 0) {
      try {
        return JSON.parse(text.slice(start));
      } catch {
        /* fall through */
      }
    }
    throw new Error(`${what}: output is not JSON: ${text.slice(0, 200)}`);
  }
}
