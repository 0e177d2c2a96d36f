import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import type { LabClient } from '../../src/client/lab-client.js';
import type { ProgressEvent } from '../../src/jobs/events.js';
import { parseVaultKeys } from '../../src/runners/recipes/deploy-octavia/vault.js';
import { recipes } from '../../src/runners/recipes/index.js';
import type { RunnerHandle } from '../../src/runners/worker.js';
import { initCloud, isVaultSealed, sealVault, vaultKeysFile } from '../../src/sim/cloud/index.js';
import { readState } from '../../src/sim/cloud/state/store.js';
import { MUTATING } from '../support/lab-walk.js';
import { enqueue, freshTeam, simCloudRunner, testClient, testKeys } from '../support/pipeline.js';
import { startTestRedis } from '../support/redis.js';

// `/deploy octavia` on a sealed Vault through the real pipeline (BullMQ on a real Redis, the
// runner's exec) against the stand-in juju / openstack / vault of the simulated cloud: the
// step "Vault unsealed and authorised" with no keys file, with the sim's keys file, and with
// keys of another Vault. The cloud is the `ready` preset (Octavia already there), so the Vault
// step is the one with work to do.

const BIN = fileURLToPath(new URL('../../bin/sim/', import.meta.url));
const VAULT_ADDR = 'http://172.16.15.108:8200';
let redis: EmbeddedRedis;
let client: LabClient;
let dir: string;
const keys = testKeys();
const runners: RunnerHandle[] = [];
const commands = new Map<string, string[][]>();
const env = () => ({ LABOPS_SIM_DIR: dir, OS_AUTH_URL: 'https://172.16.15.113:5000/v3' });

/** A runner of its own team, with `config` (LABOPS_VAULT_KEYS_FILE or not). */
async function runnerFor(config: Record<string, string>) {
  const team = freshTeam();
  runners.push(
    await simCloudRunner({
      redisUrl: redis.url,
      team,
      keys,
      recipes,
      simDir: dir,
      commands,
      env: { OS_PASSWORD: 'pw' },
      config,
    }),
  );
  return team;
}

async function run(team: string) {
  const jobId = await enqueue(client, team, 'deploy-octavia', {});
  const progress: ProgressEvent[] = [];
  const o = await client.follow(team, jobId, { onProgress: (e) => progress.push(e) });
  return {
    state: o.state,
    result: o.state === 'completed' ? o.result : undefined,
    failedReason: o.state === 'failed' ? `[${o.code}] ${o.message}` : undefined,
    outcome: o,
    progress,
    argv: commands.get(jobId) ?? [],
  };
}

const line = (argv: string[]) => argv.join(' ');
const mutating = (argv: string[]) => MUTATING.test(line(argv));

async function vaultStatus() {
  const r = await execa(join(BIN, 'vault'), ['status'], {
    env: { ...env(), VAULT_ADDR },
    reject: false,
  });
  return { code: r.exitCode, progress: /Unseal Progress\s+(\S+)/.exec(r.stdout)?.[1] };
}

beforeAll(async () => {
  redis = await startTestRedis();
  dir = mkdtempSync(join(tmpdir(), 'recipes-vault-'));
  writeFileSync(join(dir, 'sim.json'), JSON.stringify({ timeScale: 0.01 }));
  await initCloud(dir, 'ready');
  await sealVault(dir);
  client = testClient(redis.url, keys);
}, 60_000);

afterAll(async () => {
  for (const r of runners) await r.close();
  await client?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('/deploy octavia on a sealed Vault', () => {
  it('without LABOPS_VAULT_KEYS_FILE: fails with the unseal guidance and changes nothing', async () => {
    const r = await run(await runnerFor({}));
    expect(r.state).toBe('failed');
    expect(r.failedReason).toMatch(/^\[VAULT_SEALED\] Vault is sealed /);
    expect(r.failedReason).toContain(`export VAULT_ADDR="${VAULT_ADDR}"`);
    expect(r.argv.length).toBeGreaterThan(0);
    expect(r.argv.filter(mutating)).toEqual([]);
    expect(await isVaultSealed(dir)).toBe(true);
  }, 120_000);

  it('with keys of another Vault: a clear failure, Vault still sealed with nothing pending', async () => {
    const other = join(dir, 'other-vault-keys.txt');
    const fake = Array.from({ length: 5 }, () => randomBytes(33).toString('base64'));
    writeFileSync(other, `${fake.join('\n')}\ntoken: s.${randomBytes(12).toString('hex')}\n`);
    const r = await run(await runnerFor({ LABOPS_VAULT_KEYS_FILE: other }));
    expect(r.state).toBe('failed');
    expect(r.failedReason).toMatch(
      /^\[VAULT_SEALED\] Vault at http:\/\/172\.16\.15\.108:8200 refused the unseal keys of LABOPS_VAULT_KEYS_FILE \(.*unable to retrieve stored keys.*\); it is still sealed/,
    );
    // Three shares were tried (the third one makes Vault combine them), none on argv.
    expect(r.argv.filter((a) => line(a) === 'vault write sys/unseal key=-')).toHaveLength(3);
    for (const k of fake) expect(JSON.stringify(r.argv)).not.toContain(k);
    expect(r.argv.some((a) => a[0] === 'juju' && a.includes('authorize-charm'))).toBe(false);
    expect(await isVaultSealed(dir)).toBe(true);
    expect(await vaultStatus()).toEqual({ code: 2, progress: '0/3' });
  }, 120_000);

  it("with the sim's vault-keys.txt: unsealed, authorised, converged; no key or root token shown", async () => {
    const file = vaultKeysFile(dir);
    const { keys: unsealKeys, token: root } = parseVaultKeys(readFileSync(file, 'utf8'));
    expect(unsealKeys).toHaveLength(5);
    expect(root).toBeDefined();
    // Someone typed one key of another Vault at the console: the runner must start over.
    await execa(join(BIN, 'vault'), ['operator', 'unseal', randomBytes(33).toString('base64')], {
      env: { ...env(), VAULT_ADDR },
    });
    expect((await vaultStatus()).progress).toBe('1/3');

    const team = await runnerFor({ LABOPS_VAULT_KEYS_FILE: file });
    const r = await run(team);
    expect(r.state, r.failedReason).toBe('completed');
    expect(r.result?.steps.find((s) => s.name === 'Vault unsealed and authorised')).toMatchObject({
      outcome: 'done',
    });
    expect(await isVaultSealed(dir)).toBe(false);
    expect((await vaultStatus()).code).toBe(0);

    const lines = r.argv.map(line);
    expect(lines).toContain('vault operator unseal -reset');
    expect(lines.filter((l) => l === 'vault write sys/unseal key=-')).toHaveLength(3);
    expect(lines).toContain('vault token create -ttl=10m -field=token');
    // The charm got a token the simulated Vault made (not the root token, not a placeholder).
    const authorize = r.argv.find((a) => a[0] === 'juju' && a.includes('authorize-charm'));
    const given = authorize?.find((a) => a.startsWith('token='))?.slice('token='.length);
    const vault = readState(dir)?.vault;
    expect(vault?.tokens.map((t) => t.token)).toContain(given);
    expect(given).not.toBe(root);
    expect(
      readState(dir)?.juju.controllers['maas-controller']?.models.openstack?.applications.vault?.flags,
    ).toMatchObject({ sealed: false, authorized: true });

    // No unseal key or root token on any argv, in the result or in the progress.
    const shown = JSON.stringify({ argv: r.argv, result: r.result, progress: r.progress });
    for (const secret of [...unsealKeys, root as string]) expect(shown).not.toContain(secret);
    // The 10-minute token is on juju's argv by necessity, but the logs hide it.
    expect(JSON.stringify(r.progress)).not.toContain(given);

    // A second run finds Vault ready and changes nothing.
    const again = await run(team);
    expect(again.state, again.failedReason).toBe('completed');
    expect(again.argv.filter(mutating)).toEqual([]);
  }, 300_000);
});
