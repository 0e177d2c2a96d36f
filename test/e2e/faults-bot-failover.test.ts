import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotWorld, startBotWorld } from '../support/bot-harness.js';
import { printerPing } from '../support/bot-recipes.js';
import { labopsDaemon } from '../support/procs.js';

/**
 * Two `labops bot` processes on one Redis: the leader works, the standby waits for the
 * leadership lease. The leader is killed with SIGKILL while jobs run; the standby takes
 * over, goes on editing their status messages and posts each final result exactly once.
 */
const LEASE_TTL_MS = 3_000;
let w: BotWorld;

beforeAll(async () => {
  w = await startBotWorld({
    recipes: { ping: printerPing },
    env: { LABOPS_BOT_LEASE_TTL_MS: String(LEASE_TTL_MS), LABOPS_FINAL_CLAIM_STALE_MS: '3000' },
  });
});
afterAll(async () => {
  await w?.close();
});

const finals = (jobId: string) =>
  w.standIn.messagesIn().filter((m) => !m.ephemeral && m.message.content.includes(`#${jobId}`));

describe('a standby bot', () => {
  it('takes over from a leader killed mid-jobs: status edits go on, every result is posted once', async () => {
    const s = w.standIn;
    const standby = await labopsDaemon(
      ['bot'],
      { ...w.env, LABOPS_HTTP_PORT: '0' },
      /waiting for its lease to lapse/,
    );
    try {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const { id } = await s.dispatchCommand({
          name: 'ping',
          options: { message: `lines=40 ms=6000 steps=3 n=${i}` },
          user: 'student',
        });
        const content = await s.waitFor(() => {
          const c = s.interactionResponse(id)?.original?.message.content;
          return c?.includes('#') ? c : undefined;
        }, 15_000);
        ids.push(/#([\w-]+)/.exec(content)?.[1] as string);
      }
      // Every job has its status message before the leader dies.
      const status = await s.waitFor(() => {
        const found = ids.map((id) =>
          s
            .messagesIn()
            .find((m) => !m.ephemeral && JSON.stringify(m.message.embeds).includes(`job #${id} ·`)),
        );
        return found.every(Boolean) ? found : undefined;
      }, 15_000);
      const killedAt = Date.now();
      w.bot.proc.kill('SIGKILL');
      await w.bot.proc;
      await s.waitFor(() => (/bot ready/.test(standby.output()) ? true : undefined), 15_000);
      const tookOverMs = Date.now() - killedAt;
      console.log(`standby took over ${tookOverMs} ms after the leader's death`);
      expect(tookOverMs).toBeLessThan(15_000);
      for (const id of ids) await s.waitFor(() => finals(id)[0], 30_000);
      await new Promise((r) => setTimeout(r, 1_500));
      for (const id of ids) expect(finals(id), `final posts of ${id}`).toHaveLength(1);
      // The new leader went on editing the status messages the old one had posted.
      const editedAfter = status.filter((m) =>
        s.message(m?.id as string)?.history.some((h) => h.at > killedAt + 1),
      );
      expect(editedAfter.length).toBeGreaterThan(0);
      // /healthz names the leader.
      const port = /"port":(\d+)/.exec(standby.output())?.[1];
      if (port) {
        const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as {
          leader?: { leading: boolean; self: string; holder: string };
        };
        expect(health.leader?.leading).toBe(true);
        expect(health.leader?.holder).toBe(health.leader?.self);
      }
    } finally {
      standby.proc.kill('SIGTERM');
      await standby.proc;
    }
  });

  it('a leader paused past its lease wakes up fenced: it posts nothing and stops, the new leader posts once', async () => {
    const s = w.standIn;
    await w.startBot();
    const standby = await labopsDaemon(
      ['bot'],
      { ...w.env, LABOPS_HTTP_PORT: '0' },
      /waiting for its lease to lapse/,
    );
    try {
      const { id } = await s.dispatchCommand({
        name: 'ping',
        options: { message: 'lines=20 ms=5000 steps=2 n=paused' },
        user: 'student',
      });
      const content = await s.waitFor(() => {
        const c = s.interactionResponse(id)?.original?.message.content;
        return c?.includes('#') ? c : undefined;
      }, 15_000);
      const jobId = /#([\w-]+)/.exec(content)?.[1] as string;
      const old = w.bot.proc;
      old.kill('SIGSTOP');
      await s.waitFor(() => (/bot ready/.test(standby.output()) ? true : undefined), 20_000);
      old.kill('SIGCONT');
      const r = await old;
      expect(r.exitCode).toBe(1);
      expect(w.bot.output()).toMatch(/no longer the leader/);
      await s.waitFor(() => finals(jobId)[0], 30_000);
      await new Promise((res) => setTimeout(res, 1_500));
      expect(finals(jobId)).toHaveLength(1);
    } finally {
      standby.proc.kill('SIGTERM');
      await standby.proc;
    }
  });
});
