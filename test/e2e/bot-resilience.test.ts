import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BotWorld, buttonIds, startBotWorld } from '../support/bot-harness.js';
import { printerPing } from '../support/bot-recipes.js';
import type { DispatchedInteraction } from '../support/discord/index.js';
import { tempDir } from '../support/procs.js';

let w: BotWorld;

beforeAll(async () => {
  w = await startBotWorld({
    recipes: { ping: printerPing },
    // Discord's hour shrunk to 6 s: status messages must be replaced before that age.
    standIn: { editWindowMs: 6_000, lateEditLimit: 0 },
    env: { LABOPS_STATUS_MAX_AGE_MS: '3000' },
  });
});
afterAll(async () => {
  await w?.close();
});
afterEach(() => {
  w.standIn.faults.clear();
  w.standIn.assertNoViolations();
});

let n = 0;
/** Starts a scripted ping job and resolves with its job id once the bot answered "queued as". */
async function ping(message: string, extra: { tokenLifetimeMs?: number } = {}) {
  const s = w.standIn;
  const d: DispatchedInteraction = await s.dispatchCommand({
    name: 'ping',
    options: { message: `${message} n=${n++}` },
    user: 'student',
    ...extra,
  });
  const content = await s.waitFor(() => {
    const c = s.interactionResponse(d.id)?.original?.message.content;
    return c?.includes('#') ? c : undefined;
  }, 10_000);
  return { jobId: /#([\w-]+)/.exec(content)![1]!, interaction: d };
}

const finals = (jobId: string) =>
  w.standIn.messagesIn().filter((m) => !m.ephemeral && m.message.content.includes(`#${jobId}`));
const statuses = (jobId: string) =>
  w.standIn.messagesIn().filter((m) => m.message.embeds?.[0]?.footer?.text?.includes(`#${jobId}`));
const settle = (ms = 2_000) => new Promise((r) => setTimeout(r, ms));

describe('labops bot: jobs that outlive tokens, messages and the bot itself', () => {
  it('/cancel mid-job stops the step and kills its process; the result says cancelled', async () => {
    const s = w.standIn;
    const pidfile = join(tempDir('labops-cancel-'), 'pid');
    const { jobId } = await ping(`lines=0 ms=60000 pidfile=${pidfile}`);
    await s.waitFor(() => existsSync(pidfile) && readFileSync(pidfile, 'utf8').length > 0, 15_000);
    const pid = Number(readFileSync(pidfile, 'utf8'));
    const c = await s.dispatchCommand({ name: 'cancel', options: { id: jobId }, user: 'instructor' });
    const answer = await s.waitFor(() => s.interactionResponse(c.id)?.original?.message.content, 10_000);
    expect(answer).toMatch(/being stopped|removed/);
    const final = await s.waitFor(() => finals(jobId)[0], 30_000);
    expect(final.message.embeds?.[0]?.title).toMatch(/cancelled/);
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await s.waitFor(() => !alive(), 10_000);
  });

  it('the Cancel button on the status message works for a manager, not for a plain member', async () => {
    const s = w.standIn;
    const { jobId } = await ping('lines=10 ms=60000');
    const status = await s.waitFor(() => statuses(jobId)[0], 10_000);
    const cancel = buttonIds(status.message.components).find((c) => c.startsWith('lo:cancel:'))!;
    const denied = await s.clickButton({ messageId: status.id, customId: cancel, user: 'student2' });
    const no = await s.waitFor(() => s.interactionResponse(denied.id)?.original, 5_000);
    expect(no.ephemeral).toBe(true);
    expect(no.message.content).toMatch(/Administrator or Manage Server/);
    const latest = statuses(jobId).at(-1)!;
    const click = await s.clickButton({ messageId: latest.id, customId: cancel, user: 'instructor' });
    await s.waitFor(() => s.interactionResponse(click.id)?.original?.message.content, 5_000);
    const final = await s.waitFor(() => finals(jobId)[0], 30_000);
    expect(final.message.embeds?.[0]?.title).toMatch(/cancelled/);
  });

  it('/cancel of a job still waiting removes it; its status and result say so', async () => {
    const s = w.standIn;
    // The runner takes two jobs at a time: two long ones keep the third waiting.
    const busy = [await ping('lines=1 ms=60000'), await ping('lines=1 ms=60000 b=2')];
    const { jobId } = await ping('lines=1 ms=100');
    await s.waitFor(() => statuses(jobId)[0], 10_000);
    const c = await s.dispatchCommand({ name: 'cancel', options: { id: jobId }, user: 'instructor' });
    const answer = await s.waitFor(() => s.interactionResponse(c.id)?.original?.message.content, 10_000);
    expect(answer).toMatch(/removed, nothing ran/);
    const final = await s.waitFor(() => finals(jobId)[0], 15_000);
    expect(final.message.embeds?.[0]?.title).toMatch(/cancelled/);
    for (const b of busy) {
      await s.dispatchCommand({ name: 'cancel', options: { id: b.jobId }, user: 'instructor' });
      await s.waitFor(() => finals(b.jobId)[0], 15_000);
    }
  });

  it('a bot killed with SIGKILL mid-job and restarted posts the final result exactly once', async () => {
    const s = w.standIn;
    const { jobId } = await ping('lines=60 ms=7000 steps=3');
    await s.waitFor(() => statuses(jobId)[0]?.history.length ?? 0 > 1, 10_000);
    await w.stopBot('SIGKILL');
    await settle(2_500);
    await w.startBot();
    const final = await s.waitFor(() => finals(jobId)[0], 30_000);
    expect(final.message.embeds?.[0]?.title).toMatch(/printed/);
    await settle(3_000);
    expect(finals(jobId)).toHaveLength(1);
  });

  it('the final result of a job that ended while the bot was down is posted once on restart', async () => {
    const s = w.standIn;
    // Longer than LABOPS_STATUS_DELAY_MS (2 s), so it has a status message before the bot dies.
    const { jobId } = await ping('lines=5 ms=3500');
    await s.waitFor(() => statuses(jobId)[0], 10_000);
    await w.stopBot('SIGKILL');
    await settle(3_000);
    expect(finals(jobId)).toHaveLength(0);
    await w.startBot();
    await s.waitFor(() => finals(jobId)[0], 15_000);
    await settle(2_000);
    expect(finals(jobId)).toHaveLength(1);
  });

  it('a 429 burst on channel messages delays posts but loses none', async () => {
    const s = w.standIn;
    s.faults.rateLimit('POST /channels/{channel_id}/messages', 3, 1_000);
    s.faults.rateLimit('PATCH /channels/{channel_id}/messages/{message_id}', 3, 500);
    // Longer than LABOPS_STATUS_DELAY_MS (2 s): a status message and its edits meet the 429s too.
    const { jobId } = await ping('lines=20 ms=4000');
    const final = await s.waitFor(() => finals(jobId)[0], 30_000);
    expect(final).toBeDefined();
    expect(statuses(jobId).length).toBeGreaterThanOrEqual(1);
    expect(s.calls({ fault: true }).length).toBeGreaterThanOrEqual(4);
    await settle(1_000);
    expect(finals(jobId)).toHaveLength(1);
  });

  it('a job longer than the interaction token still reports, through channel messages only', async () => {
    const s = w.standIn;
    const { jobId, interaction } = await ping('lines=40 ms=6000 steps=2', { tokenLifetimeMs: 2_000 });
    const final = await s.waitFor(() => finals(jobId)[0], 30_000);
    expect(final.message.content).toContain(`<@${s.users.student.id}>`);
    const webhookCalls = s.calls((c) => c.path.includes(interaction.token));
    expect(webhookCalls.every((c) => c.status < 400)).toBe(true);
    expect(s.calls({ status: 401 })).toHaveLength(0);
  });

  it('replaces a status message before it is too old to edit (no 30046)', async () => {
    const s = w.standIn;
    const since = Date.now();
    const { jobId } = await ping('lines=100 ms=8000 steps=4');
    await s.waitFor(() => finals(jobId)[0], 30_000);
    // Replaced messages point at their successor and drop their embed; the latest shows the end.
    expect(statuses(jobId).at(-1)?.message.embeds?.[0]?.description).toMatch(/done/);
    expect(
      s.calls().filter((c) => c.at >= since && JSON.stringify(c.response ?? '').includes('30046')),
    ).toHaveLength(0);
    const older = s.messagesIn().filter((m) => m.message.content.includes('continued in a newer message'));
    expect(older.length).toBeGreaterThanOrEqual(1);
  });
});
