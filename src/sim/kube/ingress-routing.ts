/**
 * How ingress-nginx picks a backend for a request, as pure functions: which Ingresses it
 * serves (by IngressClass), which server block a Host header lands in, and which path of
 * that server wins.
 *
 * Semantics followed:
 * - Classes: ingress-nginx serves an Ingress whose `spec.ingressClassName` names an
 *   IngressClass with `spec.controller: k8s.io/ingress-nginx` (its `--controller-class`
 *   default), or one without a class carrying the deprecated annotation
 *   `kubernetes.io/ingress.class: nginx` (its `--ingress-class` default). Ingresses with no
 *   class at all are ignored (`--watch-ingress-without-class` is false by default); the
 *   API server's DefaultIngressClass admission normally fills the class in on create.
 * - Hosts: a rule with a host makes an nginx `server` for that name; `*.foo.com` matches
 *   exactly one more label; rules without a host go to the catch-all server `_`
 *   (`default_server`). nginx tries exact names, then wildcards, then the default server.
 * - Paths (networking.k8s.io/v1 HTTPIngressPath): `Exact` matches the whole path; `Prefix`
 *   matches element by element (`/foo` matches `/foo`, `/foo/` and `/foo/bar`, not
 *   `/foobar`; a trailing slash is ignored); ingress-nginx treats `ImplementationSpecific`
 *   as an nginx prefix location (plain string prefix). The longest path wins, `Exact`
 *   before `Prefix` on a tie, then the oldest Ingress.
 * - Nothing matches: the Ingress's `spec.defaultBackend` when it has one, else ingress-nginx's
 *   own default backend, which answers 404 (see ingress-pages.ts).
 */
import type { Ingress, IngressBackend, IngressClass } from './types.js';

/** `spec.controller` of the IngressClasses ingress-nginx serves. */
export const NGINX_CONTROLLER = 'k8s.io/ingress-nginx';
/** The deprecated class annotation and the value ingress-nginx answers to. */
export const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
export const NGINX_CLASS = 'nginx';
/** The annotation that makes an IngressClass the default one. */
export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

/** Where a matched request goes: the service backend and the Ingress that routed it. */
export interface Route {
  ns: string;
  ingress: string;
  backend: IngressBackend;
  /** The matching path (`undefined` for a defaultBackend). */
  path?: string;
}

/** Whether ingress-nginx serves this Ingress, given the cluster's IngressClasses. */
export function servedByNginx(ing: Ingress, classes: readonly IngressClass[]): boolean {
  const name = ing.spec?.ingressClassName;
  if (name) return classes.some((c) => c.metadata.name === name && c.spec?.controller === NGINX_CONTROLLER);
  return ing.metadata.annotations?.[CLASS_ANNOTATION] === NGINX_CLASS;
}

/** Lower-case host of a Host header, without its port and trailing dot. */
export function requestHost(header: string | undefined): string {
  let h = (header ?? '').trim().toLowerCase();
  if (h.startsWith('[')) h = h.slice(0, h.indexOf(']') + 1);
  else if (h.includes(':')) h = h.slice(0, h.indexOf(':'));
  return h.replace(/\.$/, '');
}

/** Whether `rulePath` of `pathType` matches the request path. */
export function pathMatches(
  pathType: string | undefined,
  rulePath: string | undefined,
  reqPath: string,
): boolean {
  const p = rulePath || '/';
  if (pathType === 'Exact') return reqPath === p;
  if (pathType === 'Prefix') {
    const base = p.length > 1 ? p.replace(/\/+$/, '') : p;
    return base === '/' || reqPath === base || reqPath.startsWith(`${base}/`);
  }
  return reqPath.startsWith(p);
}

const TYPE_RANK: Record<string, number> = { Exact: 0, Prefix: 1 };

interface Candidate {
  route: Route;
  length: number;
  rank: number;
  created: string;
}

function byPrecedence(a: Candidate, b: Candidate): number {
  return b.length - a.length || a.rank - b.rank || a.created.localeCompare(b.created);
}

function oldestFirst(a: Ingress, b: Ingress): number {
  return (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '');
}

/** The server block a host lands in: its exact name, else a matching wildcard, else `_`. */
function serverFor(host: string, hosts: ReadonlySet<string>): string {
  if (hosts.has(host)) return host;
  const dot = host.indexOf('.');
  if (dot > 0 && hosts.has(`*${host.slice(dot)}`)) return `*${host.slice(dot)}`;
  return '_';
}

/**
 * The backend for a request to `host` + `path` over the Ingresses ingress-nginx serves, or
 * undefined when its default backend must answer (404).
 */
export function routeRequest(ingresses: readonly Ingress[], host: string, path: string): Route | undefined {
  const sorted = [...ingresses].sort(oldestFirst);
  const hosts = new Set<string>();
  for (const ing of sorted)
    for (const r of ing.spec?.rules ?? []) if (r.host) hosts.add(r.host.toLowerCase());
  const server = serverFor(host, hosts);
  const candidates: Candidate[] = [];
  let fallback: Route | undefined;
  for (const ing of sorted) {
    const ns = ing.metadata.namespace ?? 'default';
    let inServer = false;
    for (const rule of ing.spec?.rules ?? []) {
      if ((rule.host?.toLowerCase() || '_') !== server) continue;
      inServer = true;
      for (const p of rule.http?.paths ?? []) {
        if (!pathMatches(p.pathType, p.path, path)) continue;
        candidates.push({
          route: { ns, ingress: ing.metadata.name, backend: p.backend, path: p.path || '/' },
          length: (p.path || '/').length,
          rank: TYPE_RANK[p.pathType ?? ''] ?? 2,
          created: ing.metadata.creationTimestamp ?? '',
        });
      }
    }
    // A host's own Ingress default backend, or for `_` the first Ingress that has one.
    if (!fallback && ing.spec?.defaultBackend && (inServer || server === '_'))
      fallback = { ns, ingress: ing.metadata.name, backend: ing.spec.defaultBackend };
  }
  return candidates.sort(byPrecedence)[0]?.route ?? fallback;
}
