import { cleanEnv } from './clean-env.js';

/**
 * Vitest setup file, run in each test worker before each test file: drops the caller's product
 * settings (REDIS_URL, LABOPS_*, …), and gives the worker a floating IP block of its own for the
 * simulated labs it starts (LABOPS_SIM_FLOATING_NET), so labs in parallel workers never share an
 * address. The block is 17–253: the worker's number, shifted by the run (the parent's pid) so two
 * runs on one machine seldom meet; the default block 16 is left to labs started by hand.
 */
cleanEnv();
const worker = Number(process.env.VITEST_POOL_ID ?? 1);
process.env.LABOPS_SIM_FLOATING_NET = String(17 + ((worker - 1 + process.ppid * 7) % 237));
