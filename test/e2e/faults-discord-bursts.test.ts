import { describe, expect, it } from 'vitest';
import { startBotWorld } from '../support/bot-harness.js';
import { printerPing } from '../support/bot-recipes.js';
import { driveBursts, PATCH_MESSAGE, POST_MESSAGE } from '../support/burst-driver.js';
import type { DiscordStandIn, RecordedCall } from '../support/discord/index.js';

type Body = { content?: string; embeds?: { description?: string; footer?: { text?: string } }[] };
const bodyOf = (c: RecordedCall) => (c.body ?? {}) as Body;
const ok = (c: RecordedCall) => !c.fault && c.status < 300;

/** What Discord accepted for one job, in arrival order: its status posts, their edits, its results. */
function accepted(s: DiscordStandIn, jobId: string) {
  const calls = s.calls().filter(ok);
  const statusPosts = calls.filter(
    (c) => c.method === 'POST' && bodyOf(c).embeds?.[0]?.footer?.text?.includes(`#${jobId}`),
  );
  const ids = new Set(statusPosts.map((c) => (c.response as { id: string }).id));
  const edits = calls.filter((c) => c.method === 'PATCH' && ids.has(c.params.message_id ?? ''));
  const finals = calls.filter((c) => c.method === 'POST' && bodyOf(c).content?.includes(`#${jobId}`));
  return { statusPosts, edits, finals };
}

/** The step number an edit shows (`step 2 of 4`), or null for one that shows none. */
const stepOf = (c: RecordedCall) => {
  const m = /step (\d+) of/.exec(bodyOf(c).embeds?.[0]?.description ?? '');
  return m ? Number(m[1]) : null;
};

describe('429 and 5xx bursts on channel messages, two jobs at once', () => {
  it('every status post, edit and result arrives exactly once, in order per job', async () => {
    const w = await startBotWorld({ recipes: { ping: printerPing } });
    const s = w.standIn;
    const bursts = driveBursts(s, [POST_MESSAGE, PATCH_MESSAGE]);
    try {
      const jobIds = await Promise.all(
        ['a', 'b'].map(async (tag) => {
          const { id } = await s.dispatchCommand({
            name: 'ping',
            options: { message: `lines=80 ms=7000 steps=4 job=${tag}` },
            user: tag === 'a' ? 'student' : 'student2',
          });
          const content = await s.waitFor(() => {
            const c = s.interactionResponse(id)?.original?.message.content;
            return c?.includes('#') ? c : undefined;
          }, 15_000);
          return /#([\w-]+)/.exec(content)![1]!;
        }),
      );
      for (const jobId of jobIds)
        await s.waitFor(
          () => s.messagesIn().find((m) => !m.ephemeral && m.message.content.includes(`#${jobId}`)),
          45_000,
        );
      await bursts.stop();
      await new Promise((r) => setTimeout(r, 2_000));

      const faults = s.calls({ fault: true });
      for (const route of [POST_MESSAGE, PATCH_MESSAGE])
        for (const kind of ['rate-limit', 'server-error'])
          expect(
            faults.some((c) => c.fault === kind && `${c.method} ${c.route}` === route),
            `${kind} on ${route}`,
          ).toBe(true);
      for (const jobId of jobIds) {
        const { statusPosts, edits, finals } = accepted(s, jobId);
        expect(statusPosts, `status messages of ${jobId}`).toHaveLength(1);
        expect(finals, `results of ${jobId}`).toHaveLength(1);
        expect(
          s.messagesIn().filter((m) => !m.ephemeral && m.message.content.includes(`#${jobId}`)),
        ).toHaveLength(1);
        // Each accepted edit is in the message's history once, and the last one shows the end.
        const stored = s.message((statusPosts[0]!.response as { id: string }).id)!;
        expect(stored.history).toHaveLength(1 + edits.length);
        expect(edits.at(-1)?.body).toMatchObject({
          embeds: [{ description: expect.stringMatching(/done/) }],
        });
        // Steps only go forward; the result comes after the last edit of the job's status.
        const steps = edits.map(stepOf).filter((n): n is number => n !== null);
        expect(steps.length).toBeGreaterThan(1);
        expect(steps).toEqual([...steps].sort((x, y) => x - y));
        expect(finals[0]!.seq).toBeGreaterThan(edits.at(-1)!.seq);
      }
      // No edit was dropped on the way: none failed for good in the bot.
      expect(w.bot.output()).not.toMatch(/status edit failed|following the job failed/);
      s.assertNoViolations();
    } finally {
      await bursts.stop();
      await w.close();
    }
  });
});
