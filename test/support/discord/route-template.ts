/** A path template such as `/channels/{channel_id}/messages`, split for matching. */
export interface CompiledTemplate {
  template: string;
  segments: string[];
  /** Literal segments count more, so `/messages/@original` beats `/messages/{message_id}`. */
  specificity: number;
}

/** Splits a path into decoded segments (`%40original` becomes `@original`). */
export function splitPath(path: string): string[] {
  return path
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

function isParam(segment: string): boolean {
  return (segment.startsWith('{') && segment.endsWith('}')) || segment.startsWith(':');
}

function paramName(segment: string): string {
  return segment.startsWith(':') ? segment.slice(1) : segment.slice(1, -1);
}

/** Prepares a template; accepts both `{name}` and `:name` parameters. */
export function compileTemplate(template: string): CompiledTemplate {
  const segments = splitPath(template);
  return { template, segments, specificity: segments.filter((s) => !isParam(s)).length };
}

/** The parameters of `segments` under `tpl`, or null when it does not match. */
export function matchTemplate(tpl: CompiledTemplate, segments: string[]): Record<string, string> | null {
  if (tpl.segments.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const t = tpl.segments[i] as string;
    const s = segments[i] as string;
    if (isParam(t)) params[paramName(t)] = s;
    else if (t !== s) return null;
  }
  return params;
}

/** The most specific matching template among `templates`. */
export function bestMatch(
  templates: CompiledTemplate[],
  path: string,
): { tpl: CompiledTemplate; params: Record<string, string> } | null {
  const segments = splitPath(path);
  let best: { tpl: CompiledTemplate; params: Record<string, string> } | null = null;
  for (const tpl of templates) {
    const params = matchTemplate(tpl, segments);
    if (params && (!best || tpl.specificity > best.tpl.specificity)) best = { tpl, params };
  }
  return best;
}

/** Whether two templates describe the same route, whatever their parameter names. */
export function sameShape(a: string, b: string): boolean {
  const sa = splitPath(a);
  const sb = splitPath(b);
  return (
    sa.length === sb.length && sa.every((s, i) => (isParam(s) && isParam(sb[i] as string)) || s === sb[i])
  );
}
