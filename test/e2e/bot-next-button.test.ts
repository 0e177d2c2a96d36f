import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LabClient } from '../../src/client/lab-client.js';
import type { JobData } from '../../src/jobs/definitions.js';
import type { Recipe } from '../../src/runners/recipe.js';
import { type BotWorld, buttonIds, startBotWorld } from '../support/bot-harness.js';
import { testClient } from '../support/pipeline.js';

// `/next` in Discord: its result carries the next command as a button; pressing it goes through
// the same pipeline as typing the command (the presser's permissions, Confirm for a command
// that changes the lab), for the team whose `/next` it was.

/** A `/next` whose lab says the next command is `/scale hello-node 5` (the guide path itself has unit tests). */
const nextStub = {
  job: 'next',
  steps: [{ name: 'read', apply: async () => 'read', timeoutMs: 5_000 }],
  result: (d) => ({
    summary: 'next: `/scale hello-node 5` (step 7)',
    fields: [{ name: 'passed', value: d.passed.join(',') || 'none' }],
    data: { next: '/scale hello-node 5' },
  }),
} satisfies Recipe<JobData<'next'>>;

let w: BotWorld;
let lab: LabClient;
let posted: Awaited<ReturnType<typeof nextResult>> | undefined;

beforeAll(async () => {
  w = await startBotWorld({
    recipes: { next: nextStub },
    team: 'team-1',
    config: (s) => `
teams:
  - name: team-1
    roles: ["${s.roles.team1.id}"]
  - name: team-2
    roles: ["${s.roles.team2.id}"]
instructorRoles: ["${s.roles.instructor.id}"]
`,
  });
  lab = testClient(w.redis.url, w.keys);
  // The bot's first interaction also loads its command modules: one answered /help first, so
  // the 3-second deadline of the commands under test measures them, not a cold start.
  const s = w.standIn;
  const help = await s.dispatchCommand({ name: 'help', user: 'student' });
  await s.waitFor(() => s.interactionResponse(help.id)?.original, 15_000).catch(() => undefined);
});
afterAll(async () => {
  await lab?.close();
  await w?.close();
});
afterEach(() => {
  w.standIn.assertNoViolations();
});

/** Types `/next` as the student and returns the channel message with its result. */
async function nextResult() {
  const s = w.standIn;
  const before = s.messagesIn().length;
  await s.dispatchCommand({ name: 'next', user: 'student' });
  return s.waitFor(
    () =>
      s
        .messagesIn()
        .slice(before)
        .find((m) => buttonIds(m.message.components).some((c) => c.startsWith('lo:run:'))),
    30_000,
  );
}

describe('/next in Discord', () => {
  it('the result carries the next command as a button; pressing it asks Confirm, then queues it for the team', async () => {
    const s = w.standIn;
    const result = await nextResult();
    posted = result;
    const run = buttonIds(result.message.components).find((c) => c.startsWith('lo:run:'))!;
    expect(run).toBe('lo:run:team-1:scale.hello-node.5');
    expect(JSON.stringify(result.message.components)).toContain('▶ /scale hello-node 5');
    const before = (await lab.list('team-1', 100)).filter((j) => j.name === 'scale').length;
    const press = await s.clickButton({ messageId: result.message.id, customId: run, user: 'student' });
    const prompt = await s.waitFor(() => {
      const o = s.interactionResponse(press.id)?.original;
      return o?.message.content?.includes('will change your lab') ? o : undefined;
    }, 10_000);
    // Nothing is queued before Confirm.
    expect((await lab.list('team-1', 100)).filter((j) => j.name === 'scale').length).toBe(before);
    const ok = buttonIds(prompt.message.components).find((c) => c.startsWith('lo:ok:'))!;
    const click = await s.clickButton({ messageId: prompt.id, customId: ok, user: 'student' });
    await s.waitFor(
      () => s.interactionResponse(click.id)?.original?.message.content?.includes('queued as'),
      10_000,
    );
    const scale = (await lab.list('team-1', 100)).filter((j) => j.name === 'scale');
    expect(scale.length).toBe(before + 1);
  });

  it("a member of another team pressing it is refused, as for the typed command with that team's option", async () => {
    const s = w.standIn;
    // The same /next again within the duplicate window would be the same job: its post is reused.
    const result = posted ?? (await nextResult());
    const run = buttonIds(result.message.components).find((c) => c.startsWith('lo:run:'))!;
    const before = (await lab.list('team-1', 100)).length;
    const press = await s.clickButton({ messageId: result.message.id, customId: run, user: 'student2' });
    const answer = await s.waitFor(() => s.interactionResponse(press.id)?.original?.message.content, 10_000);
    expect(answer).not.toMatch(/will change your lab|queued as/);
    expect(answer).toMatch(/team-1/);
    expect((await lab.list('team-1', 100)).length).toBe(before);
  });
});
