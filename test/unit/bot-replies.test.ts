import { describe, expect, it } from 'vitest';
import { t } from '../../src/bot/i18n.js';
import { CONTENT_MAX, fitText } from '../../src/bot/long-reply.js';
import { deterministicJobId, JOB_ID_WINDOW_MS, requestJobId } from '../../src/jobs/envelope.js';
import { confirmsOf, parseAccessConfig } from '../../src/services/access-config.js';

const MiB = 1024 * 1024;
const fences = (s: string) => s.split('```').length - 1;

describe('long answers: never cut silently', () => {
  const table = Array.from(
    { length: 40 },
    (_, k) => `team-${String(k + 1).padStart(2, '0')}  ${'- '.repeat(36)}`,
  );

  it('a text that fits goes whole, with no file', () => {
    const f = fitText(
      t('en'),
      { head: '**x**', lines: ['a', 'b'], code: true, file: 'x.txt', kind: 'list' },
      MiB,
    );
    expect(f).toEqual({ content: '**x**\n```\na\nb\n```', files: [] });
  });

  it('a table too long for one message: whole lines that fit, the fence closed, the whole table attached', () => {
    const f = fitText(
      t('en'),
      { head: '**checkpoints**', lines: table, code: true, file: 'progress.txt', kind: 'table' },
      MiB,
    );
    expect(f.content.length).toBeLessThanOrEqual(CONTENT_MAX);
    expect(fences(f.content)).toBe(2);
    const block = f.content.split('```')[1]!.split('\n').filter(Boolean);
    expect(block).toEqual(table.slice(0, block.length));
    expect(block.length).toBeGreaterThan(10);
    expect(f.content).toContain(
      `${table.length - block.length} more lines not shown here: full table attached (progress.txt)`,
    );
    expect(f.files).toHaveLength(1);
    expect(f.files[0]!.name).toBe('progress.txt');
    expect(f.files[0]!.data.toString('utf8')).toBe(`${table.join('\n')}\n`);
  });

  it('says so in Portuguese too', () => {
    const f = fitText(t('pt-BR'), { head: '', lines: table, file: 'progress.txt', kind: 'table' }, MiB);
    expect(f.content).toMatch(
      /mais \d+ linhas não mostradas aqui: tabela completa em anexo \(progress\.txt\)$/,
    );
  });

  it('a long line is shortened in the message only, and then the whole text is attached', () => {
    const long = `2025-01-01 team-1 x [bot] /scale ${'y'.repeat(500)}`;
    const f = fitText(
      t('en'),
      { head: '**audit**', lines: ['short', long], lineMax: 300, file: 'audit.txt', kind: 'list' },
      MiB,
    );
    expect(f.content).toContain(`${long.slice(0, 299)}…`);
    expect(f.content).toContain('long lines shortened here: full list attached (audit.txt)');
    expect(f.files[0]!.data.toString('utf8')).toContain(long);
  });

  it('a file over the upload limit is not sent, and the message says what is missing and why', () => {
    const f = fitText(
      t('en'),
      { head: '**checkpoints**', lines: table, code: true, file: 'progress.txt', kind: 'table' },
      500,
    );
    expect(f.files).toEqual([]);
    expect(f.content.length).toBeLessThanOrEqual(CONTENT_MAX);
    expect(fences(f.content)).toBe(2);
    expect(f.content).toMatch(
      /\d+ more lines not shown here: progress\.txt \(\d+ bytes\) is over this channel's upload limit of 500 bytes/,
    );
  });

  it('a text inside a code block cannot close it early', () => {
    const f = fitText(
      t('en'),
      { head: '', lines: ['a ``` b'], code: true, file: 'x.txt', kind: 'list' },
      MiB,
    );
    expect(fences(f.content)).toBe(2);
  });
});

describe('job ids: a double click makes one job', () => {
  const parts = { team: 'team-1', name: 'ping', data: { message: 'x' }, requesterId: '200000000000000001' };
  const W = JOB_ID_WINDOW_MS;

  /** A queue stand-in: job id → creation time, filled as requests create jobs. */
  function jobsAt() {
    const created = new Map<string, number>();
    return {
      created,
      async request(now: number) {
        const id = await requestJobId(parts, async (jid) => created.get(jid) ?? null, now);
        if (!created.has(id)) created.set(id, now);
        return id;
      },
    };
  }

  it('two requests 1 s apart on either side of a window boundary make one job', async () => {
    const boundary = 1_000 * W;
    const first = boundary - 500;
    const second = boundary + 500;
    // The fixed windows alone split them:
    expect(deterministicJobId(parts, first)).not.toBe(deterministicJobId(parts, second));
    const q = jobsAt();
    expect(await q.request(first)).toBe(await q.request(second));
    expect(q.created.size).toBe(1);
  });

  it('any two identical requests less than the window apart after the first make one job; later ones a new job', async () => {
    for (const offset of [0, 1, W / 2, W - 1]) {
      const q = jobsAt();
      const start = 777 * W + offset;
      const id = await q.request(start);
      for (const later of [1, 1_000, W / 3, W - 1]) expect(await q.request(start + later)).toBe(id);
      const next = await q.request(start + W);
      expect(next).not.toBe(id);
      expect(q.created.size).toBe(2);
    }
  });

  it("an earlier window's job older than the window is not joined", async () => {
    const created = new Map([[deterministicJobId(parts, 10 * W), 10 * W]]);
    const id = await requestJobId(parts, async (jid) => created.get(jid) ?? null, 11 * W + W / 2);
    expect(id).toBe(deterministicJobId(parts, 11 * W));
    expect(created.has(id)).toBe(false);
  });

  it('different requests never share an id', async () => {
    const a = await requestJobId(parts, async () => null, 5 * W);
    const b = await requestJobId({ ...parts, data: { message: 'y' } }, async () => null, 5 * W);
    const c = await requestJobId({ ...parts, requesterId: '200000000000000002' }, async () => null, 5 * W);
    expect(new Set([a, b, c]).size).toBe(3);
  });
});

describe('team config: confirm', () => {
  const yaml = (extra: string) => `
teams:
  - name: team-a
    roles: ["200000000000000001"]
  - name: team-b
    roles: ["200000000000000002"]
${extra}`;

  it('defaults to asking; `confirm: false` turns it off for that team only', () => {
    const plain = parseAccessConfig(yaml(''));
    expect(plain.teams.map(confirmsOf)).toEqual([true, true]);
    const off = parseAccessConfig(`
teams:
  - { name: team-a, roles: ["200000000000000001"], confirm: true }
  - { name: team-b, roles: ["200000000000000002"], confirm: false }
`);
    expect(off.teams.map(confirmsOf)).toEqual([true, false]);
  });

  it('refuses a confirm that is not a boolean, naming the entry', () => {
    expect(() =>
      parseAccessConfig(`
teams:
  - { name: team-a, confirm: "no" }
`),
    ).toThrow(/teams\.0\.confirm/);
  });
});
