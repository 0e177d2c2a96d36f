import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultPlan, PlannedFault } from './faults.js';
import { discordError, invalidFormBody, json, type RateLimitHeaders, type Reply, send } from './http-kit.js';
import type { InvalidRequests } from './invalid-requests.js';
import { validateRequestBody } from './openapi-validator.js';
import type { Recorder } from './recorder.js';
import { parseBody, readRaw } from './request-body.js';
import { bestMatch, compileTemplate, splitPath } from './route-template.js';
import type { RouteContext, RouteDef, StandInState } from './route-types.js';
import type { Violation, ViolationError } from './types.js';

const PREFIX = '/api/v10';

/** What the pipeline needs: routes, state, faults, the recorder and the header tracker. */
export interface PipelineDeps {
  routes: RouteDef[];
  state: StandInState;
  faults: FaultPlan;
  recorder: Recorder;
  rateLimits: RateLimitHeaders;
  invalid: InvalidRequests;
}

function faultReply(
  fault: Exclude<PlannedFault, { kind: 'no-answer' }>,
  method: string,
  route: string,
  rl: RateLimitHeaders,
): Reply {
  if (fault.kind === 'server-error' || fault.kind === 'lost-answer') {
    return { status: fault.status, body: { message: `${fault.status}: stand-in server error`, code: 0 } };
  }
  const seconds = fault.retryAfterMs / 1000;
  return {
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: seconds, global: fault.global },
    headers: {
      ...rl.exhausted(method, route, fault.retryAfterMs),
      'retry-after': String(seconds),
      'x-ratelimit-scope': fault.global ? 'global' : 'user',
      ...(fault.global ? { 'x-ratelimit-global': 'true' } : {}),
    },
  };
}

/** Builds the HTTP request handler: record → faults → auth → body checks → route. */
export function createPipeline(deps: PipelineDeps) {
  const compiled = deps.routes.map((r) => ({ def: r, tpl: compileTemplate(r.template) }));
  const { state, recorder } = deps;

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const at = Date.now();
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length) || '/' : url.pathname;
    const parsed = await parseBody(await readRaw(req), req.headers['content-type']);
    const auth = typeof req.headers.authorization === 'string';
    const candidates = compiled.filter((c) => c.def.method === method);
    const hit = url.pathname.startsWith(PREFIX)
      ? bestMatch(
          candidates.map((c) => c.tpl),
          path,
        )
      : null;
    const def = hit ? compiled.find((c) => c.tpl === hit.tpl)?.def : undefined;
    const decoded = `/${splitPath(path).join('/')}`;
    const errorsOf: Violation[] = [];
    const violate = (kind: Violation['kind'], errors: ViolationError[], route: string | null) => {
      if (errors.length === 0) return;
      const v = { at, method, path: decoded, route, kind, errors, body: parsed.body };
      errorsOf.push(v);
      recorder.violations.push(v);
    };

    const serve = async (): Promise<{
      reply: Reply;
      route: string | null;
      fault?: 'rate-limit' | 'server-error' | 'no-answer';
    }> => {
      const banned = deps.invalid.ban(at);
      if (banned) {
        violate(
          'invalid-request-ban',
          [{ path: decoded, message: 'banned: too many 401/403/429 answers in 10 minutes' }],
          null,
        );
        return { reply: banned, route: null };
      }
      const schema =
        parsed.body !== undefined
          ? validateRequestBody(method, path, parsed.body)
          : { template: null, errors: [] };
      const route = def?.template ?? schema.template;
      const fault = deps.faults.take({ method, route, path: decoded, body: parsed.body });
      if (fault?.kind === 'no-answer') {
        if (!res.closed) await new Promise((r) => res.once('close', r));
        return { reply: { status: 0, body: null }, route, fault: 'no-answer' };
      }
      if (fault?.kind === 'lost-answer') {
        const served = await serveRoute(route, schema.errors);
        if (served.reply.status >= 400) return served;
        const status = fault.status;
        const reply = { status, body: { message: `${status}: stand-in lost answer`, code: 0 } };
        return { reply, route, fault: 'server-error' };
      }
      if (fault)
        return {
          reply: faultReply(fault, method, route ?? decoded, deps.rateLimits),
          route,
          fault: fault.kind,
        };
      return serveRoute(route, schema.errors);
    };

    const serveRoute = async (
      route: string | null,
      schemaErrors: ViolationError[],
    ): Promise<{ reply: Reply; route: string | null; fault?: 'rate-limit' | 'server-error' }> => {
      if (!def || !hit) {
        violate(
          'unsupported',
          [{ path: decoded, message: `the stand-in does not serve ${method} ${route ?? decoded}` }],
          route,
        );
        return { reply: discordError(404, 0, '404: Not Found'), route };
      }
      if (def.auth === 'bot' && req.headers.authorization !== `Bot ${state.opts.token}`) {
        // Never 401 here: @discordjs/rest drops its token on any 401 of an authenticated request.
        violate(
          'auth',
          [{ path: 'Authorization', message: auth ? 'wrong bot token' : 'missing bot token' }],
          route,
        );
        return { reply: discordError(403, 40001, 'Unauthorized'), route };
      }
      if (parsed.error) {
        violate('protocol', [{ path: '(body)', message: parsed.error }], route);
        return { reply: discordError(400, 50109, 'The request body contains invalid JSON.'), route };
      }
      const ctx: RouteContext = {
        method,
        path: decoded,
        params: hit.params,
        query: url.searchParams,
        body: parsed.body,
        files: parsed.files,
        auth,
        state,
        violate: (kind, errors) => violate(kind, errors, route),
      };
      violate('schema', schemaErrors, route);
      violate('limit', def.limits?.(ctx) ?? [], route);
      const maxFile = def.fileLimit?.(ctx);
      const tooBig = maxFile === undefined ? [] : parsed.files.filter((f) => f.size > maxFile);
      violate(
        'limit',
        tooBig.map((f) => ({ path: f.field, message: `${f.filename}: ${f.size} bytes; limit ${maxFile}` })),
        route,
      );
      if (state.opts.strict && tooBig.length > 0)
        return { reply: discordError(413, 40005, 'Request entity too large'), route };
      if (state.opts.strict && errorsOf.length > 0)
        return { reply: invalidFormBody(errorsOf.flatMap((v) => v.errors)), route };
      return { reply: await def.handle(ctx), route };
    };

    let outcome: Awaited<ReturnType<typeof serve>>;
    try {
      outcome = await serve();
    } catch (err) {
      violate(
        'protocol',
        [{ path: decoded, message: `stand-in error: ${(err as Error).stack ?? String(err)}` }],
        null,
      );
      outcome = { reply: json({ message: 'stand-in internal error', code: 0 }, 500), route: null };
    }
    const { reply, route, fault } = outcome;
    if (fault === 'no-answer') {
      recorder.add({
        method,
        path: decoded,
        route,
        params: hit?.params ?? {},
        query: Object.fromEntries(url.searchParams),
        body: parsed.body,
        files: parsed.files,
        auth,
        at,
        status: 0,
        response: null,
        fault,
      });
      return;
    }
    const major = /^\/(?:channels|guilds|webhooks)\/(\d+)/.exec(decoded)?.[1] ?? '';
    const base = fault ? {} : deps.rateLimits.next(method, route ?? decoded, major);
    send(res, reply, base);
    deps.invalid.record(reply.status, reply.headers, at);
    recorder.add({
      method,
      path: decoded,
      route,
      params: hit?.params ?? {},
      query: Object.fromEntries(url.searchParams),
      body: parsed.body,
      files: parsed.files,
      auth,
      at,
      status: reply.status,
      response: reply.body,
      ...(fault ? { fault } : {}),
    });
    if (state.opts.log)
      process.stderr.write(
        `[discord-stand-in] ${method} ${decoded} → ${reply.status}${fault ? ` (${fault})` : ''}\n`,
      );
  };
}
