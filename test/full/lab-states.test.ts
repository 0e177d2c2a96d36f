import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import { recordCheckpoint } from '../../src/evidence/checkpoints/store.js';
import { connectRedis } from '../../src/shared/redis.js';
import { type LineRun, mapDiff, STAGES, StageLab } from '../support/lab-stages.js';
import { startTestRedis } from '../support/redis.js';

/**
 * Every slash command in every state of the guide. The simulated lab is walked once and its
 * state directory copied at each stage (fresh, then after each of the 13 steps); at each stage
 * every command runs with typical options, and either completes or is refused with a code a
 * student can act on, naming the command to run. No internal error, no file-system or
 * connection error text, no stack frame; a refused command changes nothing in the lab.
 * In the full tier (`npm run test:full`): the walk and its 14 × 34 runs take 5–10 minutes.
 */

// One person runs several hundred commands in a few minutes: the per-user rate limit would refuse them.
process.env.LABOPS_RATE_USER_PER_MIN = '0';

const TIME_SCALE = 0.005;
const MATRIX_FILE = '/tmp/labops-lab-states-matrix.txt';

/**
 * Every slash command with typical options. Those that change the lab, and the checkpoints
 * (pictures and probes take a while), run as `--dry-run`, which checks the same requirements
 * before anything runs; the walk itself runs each step for real at its stage.
 */
const LINES: { line: string; dry?: boolean }[] = [
  { line: '/status' },
  { line: '/next' },
  ...[
    '/deploy octavia',
    '/quota',
    '/deploy webserver',
    '/image build v1',
    '/image push v1',
    '/image run v1',
    '/deploy k8s',
    '/deploy hello-node',
    '/scale hello-node 5',
    '/expose loadbalancer',
    '/expose nodeport',
    '/expose ingress',
    '/image build v2',
    '/image push v2',
    '/rollout v2',
    '/rollback',
    '/chaos delete-pod',
  ].map((line) => ({ line, dry: true })),
  { line: '/lb probe' },
  ...[1, 2, 3, 4, 5, 6].map((n) => ({ line: `/checkpoint ${n}`, dry: true })),
  ...[
    '/ping',
    '/jobs',
    '/job nope',
    '/cancel nope',
    '/runners',
    '/audit',
    '/help',
    '/progress',
    '/dashboard',
  ].map((line) => ({ line })),
];

/** Codes that tell the student what to do: the lab is not ready for it, or the input was wrong. */
const ACTIONABLE = /^(NOT_READY|BAD_INPUT|UNKNOWN_COMMAND)$/;
/** A file-system or connection error, or a stack frame, leaking into what the student sees. */
const LEAK = /ENOENT|ECONNREFUSED|^\s+at .+(:\d+:\d+\)?|<anonymous>\)?)$/m;
/** A command to run, quoted in a message: `/deploy k8s`, `labops audit --help`. */
const NAMES_COMMAND = /`(\/|labops |juju |docker |openstack )[^`]*`/;

/** Stages whose `/next` picture is kept: fresh, half-way (Kubernetes deployed). */
const PICTURE_STAGES = [0, 6];
const pictures: string[] = [];

/** Writes the `/next` picture of a run under /tmp and lists it in the test output. */
async function keepPicture(r: LineRun, label: string) {
  const png = await lab.picture(r, 'guide-path.png');
  expect(png?.subarray(1, 4).toString(), `${label}: /next attached no picture`).toBe('PNG');
  const file = `/tmp/labops-next-${label}.png`;
  writeFileSync(file, png as Buffer);
  pictures.push(`${label}: ${file} — ${r.doc.result?.summary}`);
}

/** Records checkpoints 1–6 as passed for the team, as a passing `/checkpoint n` run does. */
async function passAllCheckpoints(l: StageLab) {
  const redis = connectRedis(l.redisUrl, 'producer');
  try {
    for (let n = 1; n <= 6; n++)
      await recordCheckpoint(redis, l.team, {
        n,
        passed: true,
        at: new Date().toISOString(),
        team: l.team,
        criteria: [],
        items: [],
      } as never);
  } finally {
    redis.disconnect();
  }
}

let redis: EmbeddedRedis;
let lab: StageLab;
const walkTimes: string[] = [];
const cells = new Map<string, LineRun>();
const problems: string[] = [];
let startedAt = 0;

beforeAll(async () => {
  startedAt = Date.now();
  redis = await startTestRedis();
  lab = new StageLab(redis.url, TIME_SCALE);
  await lab.start();
  await lab.walk((r) => walkTimes.push(`${r.line}: ${r.state}`));
}, 600_000);

afterAll(async () => {
  await lab?.close();
  await redis?.stop();
});

/** `done` or the code a cell was refused with (a trailing `!` marks a cell that broke the contract). */
function cellText(r: LineRun | undefined, bad: boolean): string {
  if (!r) return '-';
  const base = r.state === 'completed' || r.state === 'local' ? 'done' : (r.code ?? r.state);
  return bad ? `${base}!` : base;
}

function printMatrix(bad: Set<string>, ms: number): string {
  const head = [
    'command (* dry run)'.padEnd(22),
    ...STAGES.map((_, i) => String(i).padStart(10)),
    '     s',
  ].join(' ');
  const rows = LINES.map(({ line }) =>
    [
      `${line}${LINES.find((l) => l.line === line)?.dry ? ' *' : ''}`.padEnd(22),
      ...STAGES.map((_, i) => {
        const key = `${i} ${line}`;
        return cellText(cells.get(key), bad.has(key)).slice(0, 10).padStart(10);
      }),
      (STAGES.reduce((t, _, i) => t + (cells.get(`${i} ${line}`)?.ms ?? 0), 0) / 1000).toFixed(0).padStart(6),
    ].join(' '),
  );
  const legend = STAGES.map((s, i) => `  ${i}: ${s}`).join('\n');
  const text = [
    `lab states × commands (a trailing ! breaks the contract); ${(ms / 1000).toFixed(0)} s in all`,
    legend,
    head,
    ...rows,
    '',
    ...problems,
  ].join('\n');
  writeFileSync(MATRIX_FILE, `${text}\n`);
  return text;
}

/** What breaks the contract in one run, if anything. */
function verdict(r: LineRun, changed: string[]): string | undefined {
  if (LEAK.test(r.text)) return `leaks ${LEAK.exec(r.text)?.[0].trim()}`;
  // Every run here only reads (or is a dry run): none may change the lab.
  if (changed.length) return `changed the lab: ${changed.slice(0, 3).join('; ')}`;
  if (r.state === 'completed' || r.state === 'local')
    return r.exitCode === 0 ? undefined : `exit ${r.exitCode}`;
  if (!r.code || !ACTIONABLE.test(r.code)) return `refused with ${r.code ?? r.state}: ${r.message}`;
  if (!NAMES_COMMAND.test(r.message ?? '')) return `refusal names no command: ${r.message}`;
  return undefined;
}

describe('every command at every stage of the guide', () => {
  it('completes, or is refused with what to run first, and a refusal changes nothing', async () => {
    const bad = new Set<string>();
    for (const [i] of STAGES.entries()) {
      await lab.restore(i);
      for (const { line, dry } of LINES) {
        const files = lab.stateHashes();
        const versions = await lab.resourceVersions();
        const r = await lab.run(line, dry);
        cells.set(`${i} ${line}`, r);
        if (line === '/next' && PICTURE_STAGES.includes(i)) await keepPicture(r, `stage-${i}`);
        const changed = [
          ...mapDiff(files, lab.stateHashes()),
          ...mapDiff(versions, await lab.resourceVersions()),
        ];
        const why = verdict(r, changed);
        if (why) {
          bad.add(`${i} ${line}`);
          problems.push(`stage ${i} ${line}: ${why}`);
        }
        // A run that moved the lab on (a defect, reported above): the next one starts from the stage again.
        if (changed.length) await lab.restore(i);
      }
      printMatrix(bad, Date.now() - startedAt);
    }
    // The whole guide done: every step (stage 13) and checkpoints 1–6 on the team's record.
    await lab.restore(STAGES.length - 1);
    await passAllCheckpoints(lab);
    const done = await lab.run('/next');
    expect(done.doc.result?.summary).toBe('next: the whole guide is done: every step and checkpoint 1–6');
    await keepPicture(done, 'done');
    const text = printMatrix(bad, Date.now() - startedAt);
    console.log(`${text}\n/next pictures:\n${pictures.join('\n')}`);
    expect(problems).toEqual([]);
  }, 3_600_000);
});
