import type { DiscordStandIn } from './discord/index.js';

/** The two routes a job's status and results use. */
export const POST_MESSAGE = 'POST /channels/{channel_id}/messages';
export const PATCH_MESSAGE = 'PATCH /channels/{channel_id}/messages/{message_id}';

/**
 * Keeps planting fault bursts on `routes` until stopped, alternating 429 bursts, 5xx bursts
 * and mixed ones. A new burst on a route is planted only once the previous one was used up
 * and a later call on that route succeeded, so no single request meets more than two 5xx in a
 * row (@discordjs/rest retries a 5xx three times, then gives up).
 */
export function driveBursts(s: DiscordStandIn, routes: string[], opts = { pauseMs: 200 }) {
  let stopped = false;
  const kinds = ['rate-limit', 'server-error', 'mixed'] as const;
  const statuses = [500, 502, 503];
  const loop = async (route: string) => {
    for (let round = 0; !stopped; round++) {
      const kind = kinds[round % kinds.length]!;
      const before = s.calls({ route, fault: true }).length;
      const planted = 2;
      if (kind === 'rate-limit') s.faults.rateLimit(route, 2, 300);
      else if (kind === 'server-error') s.faults.serverError(route, 2, statuses[round % statuses.length]);
      else {
        s.faults.rateLimit(route, 1, 250);
        s.faults.serverError(route, 1, 503);
      }
      // Used up, then a success on the route: the request that met the burst got through.
      while (!stopped && s.calls({ route, fault: true }).length < before + planted) await pause(20);
      const lastFault = s.calls({ route, fault: true }).at(-1)?.seq ?? 0;
      while (!stopped && !s.calls({ route, fault: false }).some((c) => c.seq > lastFault && c.status < 300))
        await pause(20);
      await pause(opts.pauseMs);
    }
  };
  const loops = routes.map(loop);
  return {
    async stop() {
      stopped = true;
      s.faults.clear();
      await Promise.all(loops);
    },
  };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
