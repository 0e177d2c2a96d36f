import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { labClock, manualClock, realClock, scaledClock } from '../../src/runners/clock.js';
import type { RecipeContext } from '../../src/runners/context.js';
import { createLabTools } from '../../src/runners/lab-tools.js';
import type { Recipe } from '../../src/runners/recipe.js';
import { Reporter } from '../../src/runners/reporter.js';
import { converge, runSteps } from '../../src/runners/steps.js';
import { readConfig } from '../../src/shared/config.js';
import type { Exec, ExecSpec } from '../../src/shared/exec.js';

// The recipe context's clock and tools: polls wait on the lab's clock (scaled on the simulated
// lab, moved by hand in tests), and the tools run their commands through the running step.

function context<S extends object>(state: S, clock = manualClock(), seen: ExecSpec[] = []) {
  const signal = new AbortController().signal;
  const exec: Exec = async (spec) => {
    seen.push(spec);
    return { argv: [...spec.argv], exitCode: 0, stdout: '3.6.1-genericlinux-amd64', tail: [] } as never;
  };
  const config = readConfig({});
  const ctx: RecipeContext<S> = {
    jobId: 'j1',
    team: 't',
    requestedBy: { id: 'test:1', name: 'tester', via: 'cli' },
    dryRun: false,
    signal,
    exec,
    log: pino({ level: 'silent' }),
    config,
    artifacts: {} as RecipeContext['artifacts'],
    say: () => {},
    secret: () => {},
    state,
    produced: [],
    tools: createLabTools({ config, env: {}, dryRun: false, clock }, { exec, signal }),
    clock,
    env: {},
  };
  return { ctx, clock, seen };
}

describe('the lab clock', () => {
  it('is real time on a real lab and the time scale on the simulated lab', () => {
    expect(labClock('real', 0.02)).toBe(realClock);
    expect(labClock(undefined, 0.02)).toBe(realClock);
    expect(labClock('simulated', 0.02).scale).toBe(0.02);
    expect(scaledClock(1)).toBe(realClock);
    expect(() => scaledClock(-1)).toThrow(RangeError);
  });

  it('a scaled sleep of an hour of lab time ends after a fraction of it (the test would time out otherwise)', async () => {
    await scaledClock(0.00001).sleep(3_600_000);
  });

  it('a sleep rejects with the signal reason as soon as it aborts', async () => {
    const ac = new AbortController();
    const p = scaledClock(0.5).sleep(3_600_000, ac.signal);
    ac.abort(new Error('step timeout'));
    await expect(p).rejects.toThrow('step timeout');
    await expect(realClock.sleep(10, ac.signal)).rejects.toThrow('step timeout');
  });

  it('converge polls at the interval of the clock it is given', async () => {
    const clock = manualClock();
    let n = 0;
    const v = await converge(async () => ++n === 4 && 'ready', {
      signal: new AbortController().signal,
      clock,
      intervalMs: 10 * 60_000,
    });
    expect(v).toBe('ready');
    expect(clock.now()).toBe(30 * 60_000);
  });
});

describe('a recipe context', () => {
  it("hands typed state between steps, waits on ctx.clock, and runs the tools through the running step's signal", async () => {
    interface S {
      polls?: number;
      version?: string;
    }
    const { ctx, clock, seen } = context<S>({});
    const recipe: Recipe<Record<string, never>, S> = {
      job: 'ping',
      steps: [
        {
          name: 'poll',
          apply: async (_d, c) => {
            c.state.polls = 0;
            await converge(async () => ++(c.state.polls as number) === 3, {
              signal: c.signal,
              clock: c.clock,
              intervalMs: 60_000,
            });
          },
          timeoutMs: 5_000,
        },
        {
          name: 'tools',
          apply: async (_d, c) => {
            c.state.version = (await c.tools.juju.version()).raw;
            expect(seen.at(-1)?.signal).toBe(c.signal);
          },
          timeoutMs: 5_000,
        },
      ],
      result: (_d, c) => ({ summary: `${c.state.polls} polls`, fields: [] }),
    };
    const outcomes = await runSteps(recipe, {}, ctx, new Reporter(() => {}));
    expect(outcomes.map((o) => o.outcome)).toEqual(['done', 'done']);
    expect(ctx.state.polls).toBe(3);
    expect(clock.now()).toBe(120_000);
    expect(seen.map((s) => s.argv.join(' '))).toEqual(['juju version']);
    // The step's signal (its own timeout) was used during the step, not the job's.
    expect(seen[0]?.signal).not.toBe(ctx.signal);
    // After the steps, the tools are bound to the job again.
    await ctx.tools.openstack.projectId('admin', 'admin_domain').catch(() => undefined);
    expect(seen.at(-1)?.signal).toBe(ctx.signal);
  });
});
