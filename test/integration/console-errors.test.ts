import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../src/cli/console.js';
import { compactLine, consoleLogger } from '../../src/cli/console-log.js';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import { outcomeText } from '../../src/cli/render.js';
import type { LabClient } from '../../src/client/lab-client.js';
import type { JobData } from '../../src/jobs/definitions.js';
import type { Recipe } from '../../src/runners/recipe.js';
import { type RunnerHandle, startRunner } from '../../src/runners/worker.js';
import { artifactStore } from '../../src/services/artifacts.js';
import { readConfig } from '../../src/shared/config.js';
import { UserError } from '../../src/shared/errors.js';
import { createRedactor } from '../../src/shared/redact.js';
import { connectRedis } from '../../src/shared/redis.js';
import { freshTeam, testClient, testKeys } from '../support/pipeline.js';
import { startTestRedis } from '../support/redis.js';

// The local console of `labops start` prints errors as the bot does: one line, the code, the
// message. The stack of an internal error is in the job's log file and in the process log
// (a file), and the console shows the process log only at warn and above, one line a record.

/** A `ping` that fails with a bug (a TypeError) or, with message `refuse`, with a UserError. */
const brokenPing = {
  job: 'ping',
  steps: [
    {
      name: 'answer',
      apply: async (d) => {
        if (d.message === 'refuse')
          throw new UserError(
            'NOT_READY',
            'Kubernetes is not deployed yet (no kubeconfig). Run `/deploy k8s` first (step 6).',
          );
        const o = undefined as unknown as { x: { y: number } };
        return String(o.x.y);
      },
      timeoutMs: 10_000,
    },
  ],
  result: () => ({ summary: 'never', fields: [] }),
} satisfies Recipe<JobData<'ping'>>;

const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|<anonymous>\)?)$/m;

let redis: EmbeddedRedis;
let runner: RunnerHandle;
let client: LabClient;
let consoleErr = '';
const team = freshTeam();
const logDir = mkdtempSync(join(tmpdir(), 'labops-console-errors-'));
const processLog = join(logDir, 'labops-console.log');

beforeAll(async () => {
  redis = await startTestRedis();
  const keys = testKeys();
  const log = consoleLogger({
    file: processLog,
    out: new Writable({
      write(c, _e, done) {
        consoleErr += String(c);
        done();
      },
    }),
  });
  const config = readConfig({ LABOPS_TEAM: team });
  runner = await startRunner({
    team,
    config,
    redisUrl: redis.url,
    verifyKey: keys.verify,
    recipes: { ping: brokenPing },
    log,
    redact: createRedactor([]),
    artifacts: artifactStore(connectRedis(redis.url, 'blocking'), team, { ttlS: 600, maxBytes: 1 << 20 }),
    env: { PATH: process.env.PATH },
    logDir,
    concurrency: 1,
    shutdownTimeoutMs: 5_000,
    cache: false,
  });
  client = testClient(redis.url, keys);
});

afterAll(async () => {
  await runner?.close();
  await client?.close();
  await redis?.stop();
});

/** Types `lines` into the console and returns what it printed. */
async function typeInto(lines: string[]): Promise<string> {
  const input = new PassThrough();
  let printed = '';
  const output = new Writable({
    write(c, _e, done) {
      printed += String(c);
      done();
    },
  });
  const done = runConsole(client, team, input, output);
  input.end(`${lines.join('\n')}\n`);
  await done;
  return printed;
}

describe('the local console prints errors the way the bot does', () => {
  it('an internal error: one line with its code and reference; the stack in the job log and the process log', async () => {
    const printed = await typeInto(['/ping hello']);
    const failed = printed.split('\n').filter((l) => l.startsWith('✗'));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(
      /^✗ ping-\S+ failed \[INTERNAL\]: failed \(ref: ([0-9a-f]{8})\) \(full log: artifact \S+\)$/,
    );
    expect(printed).not.toMatch(STACK_FRAME);
    expect(printed).not.toMatch(/TypeError/);
    const ref = /ref: ([0-9a-f]{8})/.exec(failed[0] ?? '')?.[1];
    const jobId = /^✗ (\S+) failed/.exec(failed[0] ?? '')?.[1];
    const jobLog = readFileSync(join(logDir, `${jobId}.log`), 'utf8');
    expect(jobLog).toContain(`! internal error (ref: ${ref}): TypeError`);
    expect(jobLog).toMatch(STACK_FRAME);
    const proc = readFileSync(processLog, 'utf8');
    expect(proc).toContain(`"ref":"${ref}"`);
    expect(proc).toMatch(/"stack":"TypeError[^"]*\\n\s+at /);
    // The console's own view of the process log: one compact line per warning or error, no stack.
    const shown = consoleErr.split('\n').filter(Boolean);
    expect(
      shown.some(
        (l) => l.startsWith('labops error: job failed with an internal error') && l.includes(`ref ${ref}`),
      ),
    ).toBe(true);
    expect(consoleErr).not.toMatch(STACK_FRAME);
  });

  it('a refusal of the lab: one line with NOT_READY and the command to run', async () => {
    const printed = await typeInto(['/ping refuse']);
    const failed = printed.split('\n').filter((l) => l.startsWith('✗'));
    expect(failed).toEqual([
      expect.stringMatching(
        /^✗ ping-\S+ failed \[NOT_READY\]: Kubernetes is not deployed yet \(no kubeconfig\)\. Run `\/deploy k8s` first \(step 6\)\.( \(full log: artifact \S+\))?$/,
      ),
    ]);
  });

  it('a refused input: one line with its code', async () => {
    const printed = await typeInto(['/checkpoint 9']);
    expect(printed.split('\n').filter((l) => l.startsWith('✗'))).toEqual([
      expect.stringMatching(/^✗ \[BAD_INPUT\] \/checkpoint: .+$/),
    ]);
  });
});

describe('terminal rendering', () => {
  it('a failed outcome with a multi-line message stays on one line', () => {
    const text = outcomeText({
      state: 'failed',
      jobId: 'j1',
      code: 'TOOL_FAILED',
      message: 'juju failed\nERROR x\n',
      artifacts: [],
    } as never);
    expect(text).toBe('✗ j1 failed [TOOL_FAILED]: juju failed · ERROR x');
  });

  it('a process-log record is shown as one line without its stack', () => {
    const line = JSON.stringify({
      level: 50,
      msg: 'job failed',
      ref: 'ab12cd34',
      jobId: 'j2',
      err: { type: 'TypeError', message: 'x is undefined\nmore', stack: 'TypeError: x\n    at f (a.js:1:2)' },
    });
    expect(compactLine(line)).toBe(
      'labops error: job failed (ref ab12cd34, job j2, TypeError: x is undefined)',
    );
  });
});
