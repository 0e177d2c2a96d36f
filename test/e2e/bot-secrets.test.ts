import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretEnvValues } from '../../src/shared/redact.js';
import { type BotWorld, startBotWorld } from '../support/bot-harness.js';
import type { RecordedCall } from '../support/discord/index.js';
import { leaksIn, plantSecrets } from '../support/secret-plant.js';

const plant = plantSecrets();
let w: BotWorld;

beforeAll(async () => {
  w = await startBotWorld({
    recipes: { ping: plant.recipe },
    runnerEnv: plant.env,
    // A runner redacts the values of the secrets in its own environment.
    runnerSecrets: secretEnvValues(plant.env),
  });
});
afterAll(async () => {
  await w?.close();
});

/** Everything one recorded call carried either way: path, query, body, every file's bytes, the answer. */
function callText(c: RecordedCall): string {
  const files = c.files.map((f) => `${f.filename}\n${f.data.toString('utf8')}\n${f.data.toString('latin1')}`);
  return [c.path, JSON.stringify(c.query), JSON.stringify(c.body), ...files, JSON.stringify(c.response)].join(
    '\n',
  );
}

describe('planted secrets never reach Discord', () => {
  it('not in any call to Discord (bodies, attached logs, message contents) nor in the bot log', async () => {
    const s = w.standIn;
    const jobs: string[] = [];
    for (const message of ['ok', 'user-error', 'internal', 'exec-fails']) {
      const { id } = await s.dispatchCommand({ name: 'ping', options: { message }, user: 'student' });
      const content = await s.waitFor(() => {
        const c = s.interactionResponse(id)?.original?.message.content;
        return c?.includes('#') ? c : undefined;
      }, 10_000);
      jobs.push(/#([\w-]+)/.exec(content)![1]!);
    }
    const finals = await Promise.all(
      jobs.map((jobId) =>
        s.waitFor(
          () => s.messagesIn().find((m) => !m.ephemeral && m.message.content.includes(`#${jobId}`)),
          45_000,
        ),
      ),
    );
    expect(finals.map((f) => f.message.embeds?.[0]?.title?.slice(0, 1))).toEqual(['✅', '❌', '❌', '❌']);
    // The full log of every job went out as an attachment: the check below covers it.
    const logs = s
      .calls({ method: 'POST' })
      .flatMap((c) => c.files.filter((f) => f.filename.endsWith('.log')));
    expect(logs.length).toBeGreaterThanOrEqual(4);
    expect(logs.every((f) => f.data.toString('utf8').includes('[REDACTED]'))).toBe(true);

    const sent = s.calls().map(callText).join('\n');
    const stored = JSON.stringify(s.messagesIn().map((m) => [m.message, m.history]));
    const botLog = w.bot.output();
    expect(sent).toContain('[REDACTED]');
    expect(leaksIn(sent, plant.secrets)).toEqual([]);
    expect(leaksIn(stored, plant.secrets)).toEqual([]);
    expect(leaksIn(botLog, plant.secrets)).toEqual([]);
    w.standIn.assertNoViolations();
  });
});
