import { describe, expect, it } from 'vitest';
import { startBotWorld } from '../support/bot-harness.js';
import { printerPing } from '../support/bot-recipes.js';

describe('Redis restarted mid-job with the bot (AOF on, same dir and port)', () => {
  it('the bot and the runner reconnect by themselves; the result is posted exactly once', async () => {
    const w = await startBotWorld({ recipes: { ping: printerPing } });
    try {
      const s = w.standIn;
      const { id } = await s.dispatchCommand({
        name: 'ping',
        options: { message: 'lines=60 ms=8000 steps=4' },
        user: 'student',
      });
      const content = await s.waitFor(() => {
        const c = s.interactionResponse(id)?.original?.message.content;
        return c?.includes('#') ? c : undefined;
      }, 10_000);
      const jobId = /#([\w-]+)/.exec(content)![1]!;
      const finals = () =>
        s.messagesIn().filter((m) => !m.ephemeral && m.message.content.includes(`#${jobId}`));
      const status = () =>
        s.messagesIn().find((m) => m.message.embeds?.[0]?.footer?.text?.includes(`#${jobId}`));
      // Down while the job runs its steps (after the status message showed a step).
      await s.waitFor(() => /step 1 of 4/.test(status()?.message.embeds?.[0]?.description ?? ''), 15_000);
      await w.restartRedis(1_500);
      const final = await s.waitFor(() => finals()[0], 45_000);
      expect(final.message.embeds?.[0]?.title).toMatch(/printed/);
      // The status message went on past the outage to its end.
      expect(status()?.message.embeds?.[0]?.description).toMatch(/done/);
      await new Promise((r) => setTimeout(r, 3_000));
      expect(finals()).toHaveLength(1);
      expect(w.bot.proc.exitCode).toBeNull();
      expect(w.bot.output()).not.toMatch(/following the job failed/);
      // A new command after the outage is served too.
      const again = await s.dispatchCommand({
        name: 'ping',
        options: { message: 'lines=1 ms=10' },
        user: 'student',
      });
      await s.waitFor(() => s.interactionResponse(again.id)?.original?.message.content.includes('#'), 15_000);
      s.assertNoViolations();
    } finally {
      await w.close();
    }
  });
});
