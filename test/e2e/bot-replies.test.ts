import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LabClient } from '../../src/client/lab-client.js';
import { jobs } from '../../src/jobs/definitions.js';
import { AUDIT_STREAM, type AuditEntry, appendAudit, readAudit } from '../../src/services/audit.js';
import { type BotWorld, buttonIds, startBotWorld } from '../support/bot-harness.js';
import type { CommandOptions, RecordedCall } from '../support/discord/index.js';
import { testClient } from '../support/pipeline.js';

/** A class of 30 teams: team-1 and team-2 have the stand-in's team roles, team-2 skips confirmations. */
const TEAMS = 30;
const extraTeams = Array.from({ length: TEAMS - 2 }, (_, k) => `team-${String(k + 3).padStart(2, '0')}`);
/** A short duplicate window, so a request pair straddling a window boundary is quick to set up. */
const WINDOW_MS = 3_000;

let w: BotWorld;
let lab: LabClient;
let redis: Redis;

beforeAll(async () => {
  w = await startBotWorld({
    recipes: {},
    runner: false,
    config: (s) => `
teams:
  - name: team-1
    roles: ["${s.roles.team1.id}"]
  - name: team-2
    roles: ["${s.roles.team2.id}"]
    confirm: false
${extraTeams.map((n) => `  - name: ${n}\n`).join('')}instructorRoles: ["${s.roles.instructor.id}"]
`,
    env: { LABOPS_DUPLICATE_WINDOW_MS: String(WINDOW_MS) },
  });
  lab = testClient(w.redis.url, w.keys);
  redis = new Redis(w.redis.url);
});
afterAll(async () => {
  redis?.disconnect();
  await lab?.close();
  await w?.close();
});
afterEach(() => {
  w.standIn.assertNoViolations();
});

/** Dispatches a command; resolves with the interaction's token and its answer once it has text. */
async function answer(opts: CommandOptions, match?: RegExp) {
  const s = w.standIn;
  const { id, token } = await s.dispatchCommand(opts);
  const original = await s.waitFor(() => {
    const o = s.interactionResponse(id)?.original;
    const c = o?.message.content;
    return c && (!match || match.test(c)) ? o : undefined;
  }, 15_000);
  return { id, token, original, content: original.message.content };
}

/** The last edit of an interaction's original response, with the files it uploaded. */
function lastEdit(token: string): RecordedCall {
  const edits = w.standIn.calls({
    method: 'PATCH',
    status: 200,
    route: (c) => c.path.includes(`/${token}/messages/@original`),
  });
  expect(edits.length).toBeGreaterThan(0);
  return edits.at(-1)!;
}

const fences = (s: string) => s.split('```').length - 1;

describe('labops bot: long answers are never cut silently', () => {
  it('/progress for a class of 30 teams: the table as far as it fits, fence closed, the whole table attached', async () => {
    const { token, original, content } = await answer({ name: 'progress', user: 'instructor' });
    expect(content.length).toBeLessThanOrEqual(2000);
    expect(fences(content)).toBe(2);
    expect(content.trimEnd().endsWith('```')).toBe(false);
    const shown = content.split('```')[1]!.split('\n').filter(Boolean);
    const hidden = Number(
      /(\d+) more lines not shown here: full table attached \(progress\.txt\)/.exec(content)?.[1],
    );
    expect(hidden).toBeGreaterThan(0);
    const call = lastEdit(token);
    expect(call.files.map((f) => f.filename)).toEqual(['progress.txt']);
    const table = call.files[0]!.data.toString('utf8').trimEnd().split('\n');
    expect(table[0]).toMatch(/^team\s+CP1\s+CP2/);
    for (const n of ['team-1', 'team-2', ...extraTeams])
      expect(table.some((l) => l.startsWith(`${n} `))).toBe(true);
    expect(table.at(-1)).toMatch(/0 of 180 passed/);
    expect(table.slice(0, shown.length)).toEqual(shown);
    expect(shown.length + hidden).toBe(table.length);
    expect(original.message.attachments?.map((a) => a.filename)).toEqual(['progress.txt']);
  });

  it('/progress with an upload limit too small for the table says it is not attached and why', async () => {
    const { token, content } = await answer({
      name: 'progress',
      user: 'instructor',
      attachmentSizeLimit: 1024,
    });
    expect(content.length).toBeLessThanOrEqual(2000);
    expect(fences(content)).toBe(2);
    expect(content).toMatch(
      /\d+ more lines not shown here: progress\.txt \(\d+ bytes\) is over this channel's upload limit of 1024 bytes; get it with `labops` from a terminal/,
    );
    expect(lastEdit(token).files).toEqual([]);
  });

  it('/audit with 120 long entries: the newest that fit, every entry (whole) attached, the cap named', async () => {
    const at = Date.now() - 60_000;
    for (let k = 0; k < 120; k++) {
      const e: AuditEntry = {
        at: at + k,
        who: `discord:${w.standIn.users.student.id}`,
        whoName: 'student1',
        team: 'team-1',
        by: 'bot',
        command: 'deploy',
        options: { entry: k, note: `seeded entry ${k} ${'n'.repeat(300)}` },
        decision: 'enqueued',
        jobId: `deploy-seed${k}`,
      };
      await appendAudit(redis, AUDIT_STREAM, e);
    }
    const { token, content } = await answer({
      name: 'audit',
      options: { since: '1h', team: 'team-1' },
      user: 'instructor',
    });
    expect(content.length).toBeLessThanOrEqual(2000);
    expect(content).toMatch(/\d+ more lines not shown here: full list attached \(audit\.txt\)/);
    expect(content).toContain(
      'only the latest 100 entries of the period; `labops audit --since 1h -n 100000`',
    );
    const file = lastEdit(token).files.find((f) => f.filename === 'audit.txt')!;
    const lines = file.data.toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(100);
    // The newest seeded entry is in the file, whole.
    expect(lines.some((l) => l.includes(`seeded entry 119 ${'n'.repeat(300)}`))).toBe(true);
    // The message keeps the newest entries, not the oldest of the 100 read.
    expect(content).toContain('"entry":119');
    expect(content).not.toContain('"entry":20,');
  });

  it('/jobs with 20 jobs of long requester names: the list attached', async () => {
    for (let k = 0; k < 20; k++) {
      await lab.enqueue({
        team: 'team-07',
        jobId: `ping-list${k}`,
        def: jobs.ping,
        data: jobs.ping.data.parse({ message: `m${k}` }) as Record<string, unknown>,
        requestedBy: {
          id: 'test:1',
          name: `a-rather-long-requester-name-${k}-${'r'.repeat(70)}`,
          via: 'cli',
        },
      });
    }
    const { token, content } = await answer({
      name: 'jobs',
      options: { limit: 20, team: 'team-07' },
      user: 'instructor',
    });
    expect(content.length).toBeLessThanOrEqual(2000);
    expect(content).toMatch(/Recent jobs of team team-07/);
    expect(content).toMatch(/\d+ more lines not shown here: full list attached \(jobs\.txt\)/);
    const file = lastEdit(token).files.find((f) => f.filename === 'jobs.txt')!;
    expect(file.data.toString('utf8').trimEnd().split('\n')).toHaveLength(20);
  });

  it('a short answer stays one plain message with no file; /help marks confirmations per team', async () => {
    const mine = await answer({ name: 'help', user: 'student' });
    expect(mine.content).toMatch(/\/scale` — .*\(asks for confirmation\)/);
    expect(lastEdit(mine.token).files).toEqual([]);
    const other = await answer({ name: 'help', user: 'student2' });
    expect(other.content).toMatch(/\/scale` — /);
    expect(other.content).not.toMatch(/asks for confirmation/);
  });
});

describe('labops bot: per-team confirmations', () => {
  const scaleAudit = async (team: string) =>
    (await readAudit(redis, { sinceMs: 0, teams: [team] }))
      .filter((e) => e.command === 'scale')
      .map(({ at: _at, id: _id, who: _who, whoName: _name, team: _team, jobId, ...rest }) => ({
        ...rest,
        jobId: typeof jobId === 'string' ? 'a job id' : jobId,
      }));

  it('a team with the default asks for Confirm before enqueuing', async () => {
    const s = w.standIn;
    const before = (await lab.list('team-1', 500)).length;
    const { original, content } = await answer({
      name: 'scale',
      options: { deployment: 'hello-node', replicas: 2 },
      user: 'student',
    });
    expect(content).toMatch(/will change your lab/);
    expect((await lab.list('team-1', 500)).length).toBe(before);
    const ok = buttonIds(original.message.components).find((c) => c.startsWith('lo:ok:'))!;
    const click = await s.clickButton({ messageId: original.id, customId: ok, user: 'student' });
    await s.waitFor(
      () => s.interactionResponse(click.id)?.original?.message.content?.includes('queued as'),
      10_000,
    );
    expect((await lab.list('team-1', 500)).length).toBe(before + 1);
  });

  it('a team with `confirm: false` gets the job enqueued at once, with the same audit entries', async () => {
    const { content, original } = await answer({
      name: 'scale',
      options: { deployment: 'hello-node', replicas: 2 },
      user: 'student2',
    });
    expect(content).toMatch(/queued as \*\*#scale-\w+\*\* \(team team-2\)/);
    expect(buttonIds(original.message.components)).toEqual([]);
    expect(original.history.some((h) => /will change your lab/.test(h.content))).toBe(false);
    const jobId = /#([\w-]+)/.exec(content)![1]!;
    const job = await lab.queue('team-2').getJob(jobId);
    expect(job?.name).toBe('scale');
    expect(await redis.keys('labops:team-2:bot:confirm:*')).toEqual([]);
    const audit2 = await scaleAudit('team-2');
    expect(audit2).toHaveLength(1);
    expect(audit2[0]).toMatchObject({
      by: 'bot',
      command: 'scale',
      options: expect.objectContaining({ deployment: 'hello-node', replicas: 2 }),
      decision: 'enqueued',
      jobId: 'a job id',
    });
    expect(await scaleAudit('team-1')).toEqual(audit2);
  });
});

describe('labops bot: a double click makes one job', () => {
  const windowOf = (ms: number) => Math.floor(ms / WINDOW_MS);

  /** Sends `/ping message` twice, 1 s apart, the first 700 ms before a window boundary. */
  async function doubleClick(message: string) {
    const s = w.standIn;
    const phase = Date.now() % WINDOW_MS;
    await new Promise((r) => setTimeout(r, (2 * WINDOW_MS - 700 - phase) % WINDOW_MS));
    const ask = { name: 'ping', options: { message }, user: 'student' } as const;
    const first = s.dispatchCommand(ask);
    await new Promise((r) => setTimeout(r, 1_000));
    const second = s.dispatchCommand(ask);
    const views = [];
    for (const d of [await first, await second]) {
      views.push(
        await s.waitFor(() => {
          const view = s.interactionResponse(d.id);
          return view?.original?.message.content?.includes('queued as') ? view : undefined;
        }, 10_000),
      );
    }
    const ids = views.map((v) => /#([\w-]+)/.exec(v.original!.message.content)![1]!);
    const job = await lab.queue('team-1').getJob(ids[0]!);
    const all = await lab.queue('team-1').getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
    const made = all.filter((j) => (j.data as { data?: { message?: string } }).data?.message === message);
    // Whether the job was made in one window and the second request answered in the next one.
    const straddled = windowOf(views[1]!.callbackAt!) === windowOf(job!.timestamp) + 1;
    return { ids, made: made.length, straddled };
  }

  it('a second identical /ping 1 s later, in the next duplicate window, answers with the same job id', async () => {
    await answer({ name: 'ping', options: { message: 'warm-up' }, user: 'student' }, /queued as/);
    // A slow first answer can put both requests in one window: try again then (at most 3 times).
    for (let attempt = 1; ; attempt++) {
      const r = await doubleClick(`double click ${attempt}`);
      if (!r.straddled && attempt < 3) continue;
      expect(r.straddled, 'the two requests fell in one window three times').toBe(true);
      expect(r.ids[1]).toBe(r.ids[0]);
      expect(r.made).toBe(1);
      break;
    }
  });
});
