import { describe, expect, it } from 'vitest';
import { MUTATING } from '../support/lab-walk.js';
import { walkArgv } from './walk-argv.js';

/**
 * The guide's whole walk (and the walk again) on a simulated lab whose juju is 2.9: the
 * stand-in then takes 2.9's command lines only (src/sim/cloud/juju/flags.ts) and refuses
 * 3.x's, so every juju argv the runner builds for a 2.9 client is held to 2.9's flags.
 * The 3.6 walk is test/e2e/lab-walk.test.ts.
 */
describe('the whole walk at Juju 2.9 (full tier)', () => {
  it('every step completes; the walk again changes nothing; 2.9 syntax only', async () => {
    const steps = await walkArgv({ jujuVersion: '2.9', again: true });
    const failed = steps.filter((s) => s.state !== 'completed');
    expect(failed.map((s) => `${s.pass} ${s.line}: ${s.message}`)).toEqual([]);
    expect(steps.filter((s) => s.pass === 2).length).toBeGreaterThan(0);
    // The walk again finds everything done: it runs no command that changes the lab.
    const again = steps.filter((s) => s.pass === 2).flatMap((s) => s.argv.map((a) => a.join(' ')));
    expect(again.filter((l) => MUTATING.test(l))).toEqual([]);
    const juju = steps.flatMap((s) => s.argv).filter((a) => a[0] === 'juju');
    const lines = juju.map((a) => a.join(' '));
    const sub = new Set(juju.map((a) => a[1]));
    // 3.x names and flags never reach a 2.9 client.
    for (const name of ['integrate', 'exec']) expect(sub.has(name), name).toBe(false);
    expect(lines.filter((l) => /--base|--bootstrap-constraints|set-model-constraints/.test(l))).toEqual([]);
    // 2.9's own forms: run-action --wait, add-relation, add-credential --replace, use-floating-ip.
    expect(sub.has('run-action')).toBe(true);
    expect(sub.has('add-relation')).toBe(true);
    expect(lines).toContainEqual(expect.stringMatching(/^juju run-action -m \S+ --wait --format=yaml /));
    expect(lines).toContainEqual(
      expect.stringMatching(/^juju add-credential --client \S+ -f \S+ --replace$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^juju bootstrap .* --model-default external-network=\S+ --model-default use-floating-ip=true$/,
      ),
    );
  }, 600_000);
});
