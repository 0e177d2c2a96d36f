import { defineConfig } from 'vitest/config';

/**
 * The `full` project (test/full): slow checks against real tools and whole walks, run by
 * `npm run test:full` (scripts/test-full.sh). It exists when LABOPS_FULL=1, or when the command
 * line names a file under test/full, so `npm test` never collects it. Its tests use
 * test/full/gate.ts: a missing real tool fails the run under CI or LABOPS_FULL=1, else skips.
 */
const full = {
  test: {
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
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 10_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
      ...(process.env.LABOPS_FULL === '1' || process.argv.some((a) => /(^|\/)test\/full\//.test(a))
        ? [full]
        : []),
    ],
  },
});
