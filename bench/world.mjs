// The pieces the end-to-end benchmarks share: the Discord stand-in (TypeScript test support,
// bundled to a temp .mjs with esbuild at first use), a real `labops bot` process, and
// in-process runners built from dist/ with the benchmark's own recipes.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { execa } from 'execa';
import { Redis } from 'ioredis';
import { startRunner } from '../dist/runners/worker.js';
import { artifactStore } from '../dist/services/artifacts.js';
import { readConfig } from '../dist/shared/config.js';
import { silentLogger } from '../dist/shared/logger.js';
import { createRedactor } from '../dist/shared/redact.js';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const labopsBin = join(root, 'bin', 'labops.js');
export const tmp = (prefix) => mkdtempSync(join(tmpdir(), prefix));

let standInModule;
/** The Discord stand-in module (test/support/discord), bundled once per bench run. */
export function loadStandIn() {
  standInModule ??= (async () => {
    // Inside node_modules so that its external imports (discord-api-types, ws) resolve.
    const outfile = join(root, 'node_modules', '.cache', 'labops-bench', `discord-${process.pid}.mjs`);
    await build({
      entryPoints: [join(root, 'test/support/discord/index.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile,
      logLevel: 'warning',
    });
    const mod = await import(pathToFileURL(outfile).href);
    rmSync(outfile, { force: true });
    return mod;
  })();
  return standInModule;
}

/** A started Discord stand-in (REST + gateway on a loopback port). */
export async function startStandIn(opts = {}) {
  const { startDiscordStandIn } = await loadStandIn();
  return startDiscordStandIn(opts);
}

/** A fresh Ed25519 key pair, and the PEM texts the processes take from the environment. */
export function benchKeys() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    signing: privateKey,
    verify: publicKey,
    signingPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    verifyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Starts a long-lived process and resolves once its output matches `ready`. */
export async function daemon(argv, env, ready, timeoutMs = 60_000) {
  const proc = execa(argv[0], argv.slice(1), {
    env,
    extendEnv: false,
    reject: false,
    all: true,
    buffer: false,
  });
  let out = '';
  proc.all?.on('data', (c) => {
    out = (out + c.toString()).slice(-200_000);
  });
  const until = Date.now() + timeoutMs;
  while (!ready.test(out)) {
    if (proc.exitCode !== null || Date.now() > until) {
      proc.kill('SIGKILL');
      throw new Error(`${argv.join(' ')} did not get ready:\n${out.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    proc,
    output: () => out,
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await proc;
      clearTimeout(t);
    },
  };
}

/**
 * A real `labops bot` process against the stand-in and Redis: registers the commands, then
 * starts the bot and waits for "bot ready". Rate limits are off (a benchmark floods on purpose).
 */
export async function startBotProcess({ standIn, redisUrl, keys, env = {} }) {
  const home = tmp('labops-bench-bot-');
  const base = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    REDIS_URL: redisUrl,
    DISCORD_TOKEN: standIn.token,
    DISCORD_APP_ID: standIn.appId,
    DISCORD_GUILD_ID: standIn.guildId,
    DISCORD_API_BASE: standIn.apiBase,
    LABOPS_SIGNING_KEY: keys.signingPem,
    LABOPS_HTTP_PORT: '0',
    LABOPS_HTTP_HOST: '127.0.0.1',
    LABOPS_RATE_USER_PER_MIN: '0',
    LABOPS_RATE_TEAM_WAITING: '0',
    LOG_LEVEL: 'warn',
    ...env,
  };
  const deployed = await execa(process.execPath, [labopsBin, 'commands', 'deploy'], {
    env: base,
    extendEnv: false,
    reject: false,
  });
  if (deployed.exitCode !== 0) throw new Error(`commands deploy failed: ${deployed.stderr}`);
  return daemon([process.execPath, labopsBin, 'bot'], { ...base, LOG_LEVEL: 'info' }, /bot ready/);
}

/** An in-process runner (the real worker and processor from dist/) with the given recipes. */
export async function startBenchRunner({
  redisUrl,
  team = 'default',
  keys,
  recipes,
  concurrency = 1,
  env = process.env,
}) {
  const conn = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const handle = await startRunner({
    team,
    config: readConfig({ LABOPS_TEAM: team }),
    redisUrl,
    verifyKey: keys.verify,
    recipes,
    log: silentLogger,
    redact: createRedactor([]),
    artifacts: artifactStore(conn, team, { ttlS: 600, maxBytes: 8 << 20 }),
    env,
    logDir: tmp('labops-bench-logs-'),
    concurrency,
    shutdownTimeoutMs: 5_000,
  });
  return {
    ...handle,
    async close() {
      await handle.close();
      conn.disconnect();
    },
  };
}

/** Writes a small file and returns its path. */
export function writeTemp(prefix, name, text) {
  const path = join(tmp(prefix), name);
  writeFileSync(path, text);
  return path;
}

/**
 * Resolves interaction callbacks as the stand-in records them: one 2 ms poller for every
 * waiting interaction, so measuring many at once costs little and adds at most ~2 ms.
 */
export function callbackWatcher(standIn) {
  const waiting = new Map();
  const timer = setInterval(() => {
    for (const [id, w] of waiting) {
      const at = standIn.interactionResponse(id)?.callbackAt;
      if (at) {
        waiting.delete(id);
        w(at);
      }
    }
  }, 2);
  return {
    wait: (id) => new Promise((resolve) => waiting.set(id, resolve)),
    stop: () => clearInterval(timer),
  };
}
