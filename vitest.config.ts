import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The fault scenarios (test/e2e/faults-*.test.ts) run in `npm run test:full`, each in a loop of
 * its own (scripts/slow-tier.sh, which names the file, or LABOPS_FAULTS=1), not in `npm test`:
 * they kill and restart processes on timings that other files running beside them would skew.
 */
const FAULTS = 'test/e2e/faults-*.test.ts';
const withFaults =
  process.env.LABOPS_FAULTS === '1' || process.argv.some((a) => /(^|\/)faults-[\w-]+\.test\.ts$/.test(a));

/**
 * Every project: test/support/global-setup.ts stops the run at once, in one line naming the
 * Debian packages, when redis-server, kubectl, chromium or openssl is missing, and drops the
 * caller's REDIS_URL / LABOPS_* settings; test/support/worker-env.ts does the same in each
 * worker and gives it a floating IP block of its own for the simulated labs it starts.
 */
const shared = {
  globalSetup: ['test/support/global-setup.ts'],
  setupFiles: ['test/support/worker-env.ts'],
};

/**
 * The `full` project (test/full): slow checks against real tools and whole walks, run by
 * `npm run test:full` (scripts/test-full.sh). It exists when LABOPS_FULL=1, or when the command
 * line names a file under test/full, so `npm test` never collects it. Its tests use
 * test/full/gate.ts: a missing real tool fails the run under CI or LABOPS_FULL=1, else skips.
 */
const full = {
  test: {
    ...shared,
    name: 'full',
    include: ['test/full/**/*.test.ts'],
    testTimeout: 900_000,
    hookTimeout: 300_000,
    pool: 'forks' as const,
    poolOptions: { forks: { singleFork: true } },
  },
};

export default defineConfig({
  test: {
    // Most test files wait on processes, sockets and Redis rather than compute: several at once
    // (each with its own Redis, team and lab) keep a 2-core machine busy.
    maxWorkers: 4,
    projects: [
      { test: { ...shared, name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 10_000 } },
      {
        test: {
          ...shared,
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        test: {
          ...shared,
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          exclude: withFaults ? configDefaults.exclude : [...configDefaults.exclude, FAULTS],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      ...(process.env.LABOPS_FULL === '1' || process.argv.some((a) => /(^|\/)test\/full\//.test(a))
        ? [full]
        : []),
    ],
  },
});
