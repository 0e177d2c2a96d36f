import {
  type ConfigurationOptions,
  Observable,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import type { UserError } from '../../../shared/errors.js';
import type { Clock } from '../../clock.js';
import { type Applied, alreadyExists, done } from '../common/applied.js';
import { sleep, throwIfAborted, withTimeout } from '../common/poll.js';
import type { KubeDeps, WaitOptions } from './api.js';
import { apiStatus, translateKubeError } from './errors.js';

/** The content type of a JSON patch (RFC 6902). */
export const JSON_PATCH = 'application/json-patch+json';
/** The content type of a merge patch (RFC 7386). */
export const MERGE_PATCH = 'application/merge-patch+json';

/**
 * How the Kubernetes adapter makes its requests: each with the caller's signal and a timeout,
 * API errors turned into the student's terms, 404 read as "none", 409 on create as "already
 * there", and polling on the clock until a value or the deadline.
 */
export function kubeRequests(deps: KubeDeps, clock: Clock) {
  const pollMs = deps.pollMs ?? 1000;
  /** Per request: the caller's signal plus a timeout, and the patch content type. */
  const opts = (contentType?: string): ConfigurationOptions => ({
    middleware: [
      {
        pre: (ctx: RequestContext) => {
          ctx.setSignal(withTimeout(deps.requestTimeoutMs ?? 30_000, deps.signal));
          if (contentType) ctx.setHeaderParam('Content-Type', contentType);
          return new Observable(Promise.resolve(ctx));
        },
        post: (r: ResponseContext) => new Observable(Promise.resolve(r)),
      },
    ],
    middlewareMergeStrategy: 'append',
  });

  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    throwIfAborted(deps.signal);
    try {
      return await fn();
    } catch (err) {
      throw translateKubeError(err, what, deps.kubeconfigPath);
    }
  };
  const orNull = async <T>(what: string, fn: () => Promise<T>): Promise<T | null> => {
    try {
      return await call(what, fn);
    } catch (err) {
      if (apiStatus(err) === 404) return null;
      throw err;
    }
  };
  const create = async <T>(what: string, fn: () => Promise<T>): Promise<Applied<T>> => {
    try {
      return done(await call(what, fn));
    } catch (err) {
      if (apiStatus(err) === 409) return alreadyExists(what, `${what} already exists`);
      throw err;
    }
  };
  /** Polls `step` until it returns a value, or the time is up. */
  const poll = async <T>(
    o: WaitOptions,
    step: () => Promise<T | undefined>,
    onTimeout: () => Promise<UserError>,
  ): Promise<T> => {
    const signal = o.signal ?? deps.signal;
    const start = clock.now();
    for (;;) {
      throwIfAborted(signal);
      const v = await step();
      if (v !== undefined) return v;
      if (clock.now() - start >= o.timeoutMs) throw await onTimeout();
      await sleep(Math.min(pollMs, Math.max(0, o.timeoutMs - (clock.now() - start))), signal, clock);
    }
  };
  return { opts, call, orNull, create, poll };
}
