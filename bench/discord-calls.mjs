// Discord calls of a long, chatty job: a job printing LINES log lines over SECONDS, typed in the
// Discord stand-in, through a real bot process and a runner; the REST calls the bot made from
// the command to the posted result (+2 s), in all and the most in any one second. The
// baseline is the naive editor that edits the status message once per printed line: LINES
// edits, at LINES / SECONDS a second (computed, not run: it would be rate-limited by Discord).
import { buttonIdsOf, printerRecipe } from './printer.mjs';
import { benchKeys, startBenchRunner, startBotProcess, startStandIn } from './world.mjs';

export async function discordCalls(redisUrl, { lines = 5000, seconds = 120 } = {}) {
  const keys = benchKeys();
  const standIn = await startStandIn();
  const bot = await startBotProcess({ standIn, redisUrl, keys });
  // `quota` is a mutating job with a 5-minute timeout: room for a 2-minute printer.
  const runner = await startBenchRunner({
    redisUrl,
    keys,
    recipes: { quota: printerRecipe('quota', lines, seconds * 1000) },
  });
  try {
    const t0 = Date.now();
    const { id } = await standIn.dispatchCommand({ name: 'quota', user: 'instructor' });
    const prompt = await standIn.waitFor(() => {
      const original = standIn.interactionResponse(id)?.original;
      return original?.message.components?.length ? original : undefined;
    }, 30_000);
    const ok = buttonIdsOf(prompt.message.components).find((c) => c.startsWith('lo:ok:'));
    if (!ok) throw new Error(`no confirmation button: ${JSON.stringify(prompt.message)}`);
    const click = await standIn.clickButton({ messageId: prompt.id, customId: ok, user: 'instructor' });
    const queued = await standIn.waitFor(() => {
      const c = standIn.interactionResponse(click.id)?.original?.message.content;
      return c?.includes('#') ? c : undefined;
    }, 30_000);
    const jobId = /#([\w-]+)/.exec(queued)?.[1];
    const final = await standIn.waitFor(
      () => standIn.messagesIn().find((m) => !m.ephemeral && m.message.content.includes(`#${jobId}`)),
      (seconds + 60) * 1000,
    );
    await new Promise((r) => setTimeout(r, 2_000));
    const calls = standIn.calls().filter((c) => c.at >= t0);
    const perSecond = new Map();
    for (const c of calls)
      perSecond.set(Math.floor(c.at / 1000), (perSecond.get(Math.floor(c.at / 1000)) ?? 0) + 1);
    const edits = calls.filter((c) => c.method === 'PATCH').length;
    // The most edits of channel messages in any one second (a sliding window, not clock seconds).
    const editTimes = calls
      .filter((c) => c.method === 'PATCH' && (c.route ?? c.path).startsWith('/channels/'))
      .map((c) => c.at)
      .sort((a, b) => a - b);
    let maxEditsPerSecond = 0;
    for (let i = 0, j = 0; i < editTimes.length; i++) {
      while (editTimes[i] - editTimes[j] >= 1000) j++;
      maxEditsPerSecond = Math.max(maxEditsPerSecond, i - j + 1);
    }
    return {
      labops: {
        lines,
        jobSeconds: Math.round((final.createdAt - t0) / 100) / 10,
        totalCalls: calls.length,
        edits,
        maxPerSecond: Math.max(...perSecond.values()),
        maxEditsPerSecond,
        rateLimited: calls.filter((c) => c.status === 429).length,
      },
      baseline: {
        lines,
        totalCalls: lines,
        edits: lines,
        maxPerSecond: Math.ceil(lines / seconds),
        maxEditsPerSecond: Math.ceil(lines / seconds),
      },
    };
  } finally {
    await runner.close();
    await bot.stop();
    await standIn.close();
  }
}
