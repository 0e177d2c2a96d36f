import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BotWorld, buttonIds, startBotWorld } from '../support/bot-harness.js';
import { printerPing } from '../support/bot-recipes.js';
import type { DispatchedInteraction } from '../support/discord/index.js';

let w: BotWorld;
let redis: Redis;

beforeAll(async () => {
  w = await startBotWorld({ recipes: { ping: printerPing }, env: { LABOPS_CONFIRM_TTL_MS: '60000' } });
  redis = new Redis(w.redis.url);
});
afterAll(async () => {
  redis?.disconnect();
  await w?.close();
});
afterEach(() => {
  w.standIn.assertNoViolations();
});

/** Dispatches a command and resolves with the bot's (first) answer message once it has text. */
async function answered(opts: Parameters<BotWorld['standIn']['dispatchCommand']>[0]) {
  const s = w.standIn;
  const d = await s.dispatchCommand(opts);
  const original = await s.waitFor(() => {
    const o = s.interactionResponse(d.id)?.original;
    return o?.message.content ? o : undefined;
  }, 10_000);
  return { d, original };
}

describe('labops bot: every interaction is acknowledged before any Redis call', () => {
  it('with Redis paused for 5 s, commands, Confirm, Cancel, Cancel job, autocomplete and a refusal are all answered within 3 s', async () => {
    const s = w.standIn;
    const p1 = await answered({
      name: 'scale',
      options: { deployment: 'hello-node', replicas: 2 },
      user: 'instructor',
    });
    const p2 = await answered({
      name: 'scale',
      options: { deployment: 'hello-node', replicas: 3 },
      user: 'instructor',
    });
    const job = await answered({ name: 'ping', options: { message: 'lines=0 ms=20000' }, user: 'student' });
    const jobId = /#([\w-]+)/.exec(job.original.message.content)![1]!;
    const status = await s.waitFor(
      () => s.messagesIn().find((m) => m.message.embeds?.[0]?.footer?.text?.includes(`#${jobId}`)),
      10_000,
    );
    const okId = buttonIds(p1.original.message.components).find((b) => b.startsWith('lo:ok:'))!;
    const noId = buttonIds(p2.original.message.components).find((b) => b.startsWith('lo:no:'))!;
    const cancelId = buttonIds(status.message.components).find((b) => b.startsWith('lo:cancel:'))!;

    await redis.call('CLIENT', 'PAUSE', '5000', 'ALL');
    const sent: { what: string; at: number; d: DispatchedInteraction }[] = [];
    const go = async (what: string, send: () => Promise<DispatchedInteraction>) => {
      const at = Date.now();
      sent.push({ what, at, d: await send() });
    };
    await Promise.all([
      go('slash command', () => s.dispatchCommand({ name: 'ping', options: { message: 'paused' } })),
      go('refused command', () =>
        s.dispatchCommand({ name: 'scale', options: { deployment: 'hello-node', replicas: 4 } }),
      ),
      go('local command', () => s.dispatchCommand({ name: 'jobs', user: 'student' })),
      go('Confirm', () => s.clickButton({ messageId: p1.original.id, customId: okId, user: 'instructor' })),
      go('Cancel', () => s.clickButton({ messageId: p2.original.id, customId: noId, user: 'instructor' })),
      go('Cancel job', () => s.clickButton({ messageId: status.id, customId: cancelId, user: 'instructor' })),
      go('autocomplete', () =>
        s.autocomplete({
          name: 'scale',
          options: { deployment: 'hel', replicas: 1 },
          focused: 'deployment',
          user: 'instructor',
        }),
      ),
    ]);
    await new Promise((r) => setTimeout(r, 3_500));
    const late = sent
      .map(({ what, at, d }) => ({ what, at: s.interactionResponse(d.id)?.callbackAt ?? null, sent: at }))
      .filter((x) => x.at === null || x.at - x.sent > 3_000)
      .map((x) => x.what);
    expect(late).toEqual([]);
    // Once Redis answers again, the work done after the acknowledgement completes.
    const confirm = sent.find((x) => x.what === 'Confirm')!.d;
    await s.waitFor(() => s.message(p1.original.id)?.message.content.includes('queued as'), 15_000);
    await s.waitFor(() => s.message(p2.original.id)?.message.content.includes('nothing was run'), 15_000);
    const cancel = sent.find((x) => x.what === 'Cancel job')!.d;
    const cancelled = await s.waitFor(
      () => s.interactionResponse(cancel.id)?.original?.message.content || undefined,
      15_000,
    );
    expect(cancelled).toMatch(/being stopped|removed|already finished/);
    expect(s.interactionResponse(confirm.id)?.callbackType).toBe(6);
  });
});
