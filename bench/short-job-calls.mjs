// Discord REST calls per short job: N `/ping` typed in the Discord stand-in one after another,
// through a real bot process and a runner, each until its result is posted; the calls by kind.
// Interaction callbacks and webhook calls (the "queued" edit, followups) are not counted by
// Discord's global limit (50/s); channel messages and their edits are. Baseline: the same bot
// posting each job's status message at once (LABOPS_STATUS_DELAY_MS=0), as it did before.
import { ping } from '../dist/runners/recipes/ping.js';
import { round } from './lib.mjs';
import { benchKeys, startBenchRunner, startBotProcess, startStandIn } from './world.mjs';

/** The kind of a recorded REST call. */
export function callKind(c) {
  const route = c.route ?? c.path;
  if (route.startsWith('/interactions/')) return 'interactionCallbacks';
  if (route.startsWith('/webhooks/')) return 'webhookCalls';
  if (c.method === 'POST' && route === '/channels/{channel_id}/messages') return 'channelMessages';
  if (c.method === 'PATCH' && route.startsWith('/channels/{channel_id}/messages/')) return 'channelEdits';
  return 'other';
}

export async function shortJobCalls(redisUrl, { n = 20 } = {}) {
  const labops = await measure(redisUrl, n, {});
  const baseline = await measure(redisUrl, n, { LABOPS_STATUS_DELAY_MS: '0' });
  return { labops, baseline };
}

async function measure(redisUrl, n, env) {
  const keys = benchKeys();
  const standIn = await startStandIn();
  const runner = await startBenchRunner({ redisUrl, keys, recipes: { ping } });
  const bot = await startBotProcess({ standIn, redisUrl, keys, env });
  const results = () => standIn.messagesIn().filter((m) => JSON.stringify(m.message).includes('pong from'));
  try {
    const t0 = Date.now();
    for (let i = 0; i < n; i++) {
      await standIn.dispatchCommand({ name: 'ping', options: { message: `s${i}` }, user: 'student' });
      await standIn.waitFor(() => results().length > i, 30_000);
    }
    // Anything still on its way (a last edit) is counted too.
    await new Promise((r) => setTimeout(r, 1_000));
    const byKind = {
      interactionCallbacks: 0,
      webhookCalls: 0,
      channelMessages: 0,
      channelEdits: 0,
      other: 0,
    };
    for (const c of standIn.calls((x) => x.at >= t0)) byKind[callKind(c)]++;
    const total = Object.values(byKind).reduce((a, b) => a + b, 0);
    const perJob = Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, round(v / n, 2)]));
    return {
      jobs: n,
      perJob: round(total / n, 2),
      globalLimitedPerJob: round((byKind.channelMessages + byKind.channelEdits + byKind.other) / n, 2),
      ...perJob,
    };
  } finally {
    await bot.stop();
    await runner.close();
    await standIn.close();
  }
}
