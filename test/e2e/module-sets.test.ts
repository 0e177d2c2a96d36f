import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ping } from '../../src/runners/recipes/ping.js';
import { type BotWorld, startBotWorld } from '../support/bot-harness.js';
import { labops, repoRoot, tempDir } from '../support/procs.js';

/**
 * What a command loads, read from the built bin run with a module hook (bench/module-log.mjs):
 * every ES module it resolves and every CommonJS module it requires.
 */
const hook = join(repoRoot, 'bench', 'module-log.mjs');
const logEnv = (file: string) => ({ NODE_OPTIONS: `--import=${hook}`, LABOPS_MODULE_LOG: file });

/** The packages (node_modules/<name>) in a module log. */
function packagesIn(file: string): Set<string> {
  const out = new Set<string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line);
    if (m?.[1]) out.add(m[1]);
  }
  return out;
}

const HEAVY = ['playwright-core', '@kubernetes/client-node'];

let w: BotWorld;
let dir: string;

beforeAll(async () => {
  w = await startBotWorld({ recipes: { ping } });
  dir = tempDir('labops-modules-');
});
afterAll(async () => {
  await w?.close();
});

describe('a command loads what it uses', () => {
  it('labops run "/ping" loads neither the browser, nor the Kubernetes client, nor the subprocess library', async () => {
    const log = join(dir, 'run.txt');
    const r = await labops(['run', '/ping'], { ...w.env, ...logEnv(log) });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/pong from/);
    const loaded = packagesIn(log);
    // The hook saw the modules the command does use.
    expect(loaded).toContain('bullmq');
    expect(loaded).toContain('ioredis');
    for (const p of [...HEAVY, 'execa', 'discord.js', 'pino-pretty', 'prom-client'])
      expect(loaded).not.toContain(p);
  });

  it('labops bot, started and answering a /ping, loads neither the browser, nor the Kubernetes client, nor execa', async () => {
    const log = join(dir, 'bot.txt');
    await w.stopBot();
    await w.startBot(logEnv(log));
    const s = w.standIn;
    await s.dispatchCommand({ name: 'ping', options: { message: 'modules' }, user: 'student' });
    await s.waitFor(
      () => s.messagesIn().find((m) => !m.ephemeral && JSON.stringify(m.message).includes('pong from')),
      30_000,
    );
    await w.stopBot();
    const loaded = packagesIn(log);
    expect(loaded).toContain('discord.js');
    expect(loaded).toContain('bullmq');
    for (const p of [...HEAVY, 'execa', 'pino-pretty']) expect(loaded).not.toContain(p);
  });
});
