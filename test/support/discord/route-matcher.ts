import { sameShape } from './route-template.js';
import type { RouteMatcher } from './types.js';

/** A request as matchers see it. */
export interface MatchableRequest {
  method: string;
  route: string | null;
  path: string;
  /** The parsed JSON body (of a multipart request, its `payload_json`), when there is one. */
  body?: unknown;
}

/**
 * Tests a {@link RouteMatcher}: strings are `'[METHOD ]/template'` (either `{param}` or `:param`),
 * compared by shape with the request's OpenAPI template; RegExps see `'METHOD /path'`.
 */
export function matchesRoute(matcher: RouteMatcher, req: MatchableRequest): boolean {
  if (typeof matcher === 'function') return matcher(req);
  if (matcher instanceof RegExp) return matcher.test(`${req.method} ${req.path}`);
  const trimmed = matcher.trim();
  const space = trimmed.indexOf(' ');
  const method = space > 0 ? trimmed.slice(0, space).toUpperCase() : null;
  const template = space > 0 ? trimmed.slice(space + 1).trim() : trimmed;
  if (method && method !== req.method) return false;
  return sameShape(template, req.route ?? req.path) || sameShape(template, req.path);
}
