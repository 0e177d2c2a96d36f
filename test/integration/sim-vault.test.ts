import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVaultKeys } from '../../src/runners/recipes/deploy-octavia/vault.js';
import { initCloud, isVaultSealed, sealVault, vaultKeysFile } from '../../src/sim/cloud/index.js';
import { readState } from '../../src/sim/cloud/state/store.js';

// The stand-in `vault` through its shim (bin/sim/vault, as a runner calls it) against the
// simulated cloud: table rows, error blocks and exit codes as in fixtures/real/vault-*.txt.

const BIN = fileURLToPath(new URL('../../bin/sim/', import.meta.url));
const FIXTURES = new URL('../fixtures/real/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const ADDR = 'http://172.16.15.108:8200';

let dir: string;
let keys: string[];
let root: string;

async function vault(argv: string[], o: { addr?: string | null; token?: string; input?: string } = {}) {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', LABOPS_SIM_DIR: dir };
  if (o.addr !== null) env.VAULT_ADDR = o.addr ?? ADDR;
  if (o.token) env.VAULT_TOKEN = o.token;
  const r = await execa(join(BIN, 'vault'), argv, {
    env,
    extendEnv: false,
    reject: false,
    input: o.input,
    stdin: o.input === undefined ? 'ignore' : undefined,
  });
  return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

/** The `Key  Value` tables of a text: their rows, and whether every value starts at key width + 4. */
function tables(text: string): Array<{ rows: Array<[string, string]>; aligned: boolean }> {
  const lines = text.split('\n');
  const found: Array<{ rows: Array<[string, string]>; aligned: boolean }> = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^Key\s+Value$/.test(lines[i] ?? '') || !/^---\s+-----$/.test(lines[i + 1] ?? '')) continue;
    const width = (lines[i] as string).indexOf('Value');
    const rows: Array<[string, string]> = [];
    let aligned = true;
    for (let j = i + 2; j < lines.length; j++) {
      const m = /^(\S+(?: \S+)*) {2,}(\S.*)$/.exec(lines[j] as string);
      if (!m) break;
      rows.push([m[1] as string, m[2] as string]);
      if ((lines[j] as string).indexOf(m[2] as string, (m[1] as string).length) !== width) aligned = false;
    }
    const longest = Math.max(3, ...rows.map(([k]) => k.length));
    found.push({ rows, aligned: aligned && width === longest + 4 });
  }
  return found;
}
const keysOf = (t: { rows: Array<[string, string]> }) => t.rows.map(([k]) => k);
const value = (t: { rows: Array<[string, string]> }, key: string) => t.rows.find(([k]) => k === key)?.[1];

/** The real 1.8.7 tables: sealed with progress (first unseal), and unsealed (last unseal). */
const real = tables(fixture('vault-operator-unseal-progress-1.8.7.txt'));
const realSealed = real.find((t) => value(t, 'Sealed') === 'true');
const realUnsealed = real.find((t) => value(t, 'Sealed') === 'false');

/** An error block of the fixtures, minus the host-specific URL line. */
function errorBlock(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('URL: '));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sim-vault-'));
  await initCloud(dir, 'fresh');
  await sealVault(dir);
  const parsed = parseVaultKeys(readFileSync(vaultKeysFile(dir), 'utf8'));
  keys = parsed.keys;
  root = parsed.token ?? '';
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('simulated vault', () => {
  it('writes 5 keys and a root token, once, in the keys-file format the runner reads', async () => {
    expect(keys).toHaveLength(5);
    for (const k of keys) expect(Buffer.from(k, 'base64')).toHaveLength(33);
    expect(new Set(keys).size).toBe(5);
    // The root token has the form of the real `-field=token` output.
    const realToken = /^s\.[A-Za-z0-9]{24}$/m.exec(fixture('vault-token-create-field-token.txt'));
    expect(realToken).not.toBeNull();
    expect(root).toMatch(/^s\.[A-Za-z0-9]{24}$/);
    expect(statSync(vaultKeysFile(dir)).mode & 0o777).toBe(0o600);
    // The shares have the size of real ones, and the runner also reads `vault operator init` output.
    const init = parseVaultKeys(fixture('vault-operator-init-1.8.7.txt'));
    expect(init.keys).toHaveLength(5);
    expect(init.token).toMatch(/^s\.[A-Za-z0-9]{24}$/);
    for (const k of init.keys) expect(Buffer.from(k, 'base64')).toHaveLength(33);
    // A second initCloud keeps them.
    await initCloud(dir, 'fresh');
    expect(parseVaultKeys(readFileSync(vaultKeysFile(dir), 'utf8')).keys).toEqual(keys);
    expect(readState(dir)?.vault?.keys).toEqual(keys);
  });

  it('status: the real table rows, exit 2 while sealed', async () => {
    expect(realSealed).toBeDefined();
    const r = await vault(['status']);
    expect(r.code).toBe(2);
    const [t] = tables(r.stdout);
    expect(t).toBeDefined();
    expect(keysOf(t!)).toEqual(keysOf(realSealed!));
    expect(t!.aligned).toBe(true);
    expect(
      realSealed && tables(fixture('vault-operator-unseal-progress-1.8.7.txt')).every((x) => x.aligned),
    ).toBe(true);
    expect(value(t!, 'Sealed')).toBe('true');
    expect(value(t!, 'Total Shares')).toBe('5');
    expect(value(t!, 'Threshold')).toBe('3');
    expect(value(t!, 'Unseal Progress')).toBe('0/3');
    // An empty nonce reads n/a, as in the real sealed status.
    const realNa = tables(fixture('vault-status-sealed-nonce-na-1.13.2.txt'))[0];
    expect(value(realNa!, 'Unseal Nonce')).toBe('n/a');
    expect(value(t!, 'Unseal Nonce')).toBe('n/a');
  });

  it('wrong VAULT_ADDR: the real connection errors, exit 1', async () => {
    const realRefused = fixture('vault-connection-errors.txt')
      .split('\n')
      .filter((l) => l.startsWith('Error checking seal status:'));
    expect(realRefused[0]).toMatch(
      /^Error checking seal status: Get \S+: dial tcp \S+: connect: connection refused$/,
    );
    for (const addr of [null, 'http://172.16.15.109:8200', 'http://172.16.15.108:8201']) {
      const r = await vault(['status'], { addr });
      expect(r.code, String(addr)).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        /^Error checking seal status: Get "https?:\/\/[\d.]+:\d+\/v1\/sys\/seal-status": dial tcp [\d.]+:\d+: connect: connection refused$/,
      );
    }
    expect((await vault(['status'], { addr: null })).stderr).toContain(
      '"https://127.0.0.1:8200/v1/sys/seal-status"',
    );
    const https = await vault(['status'], { addr: 'https://172.16.15.108:8200' });
    expect(https.code).toBe(1);
    expect(https.stderr).toContain(realRefused[1]?.split(': ').slice(-2).join(': '));
    const unseal = await vault(['operator', 'unseal', keys[0] as string], { addr: 'http://10.0.0.1:8200' });
    expect(unseal.code).toBe(2);
    expect(unseal.stderr).toMatch(
      /^Error unsealing: Put "http:\/\/10\.0\.0\.1:8200\/v1\/sys\/unseal": dial tcp/,
    );
    expect(await isVaultSealed(dir)).toBe(true);
    // The refused key counted for nothing.
    expect(value(tables((await vault(['status'])).stdout)[0]!, 'Unseal Progress')).toBe('0/3');
  });

  it('malformed keys are refused with HTTP 400 and do not count; `-` is a key, not stdin', async () => {
    const realTooLong = fixture('vault-unseal-errors.txt').match(
      /Error unsealing: Error making API request\.\n\nURL: PUT \S+\nCode: 400\. Errors:\n\n\* invalid key: key is longer than maximum 33 bytes/,
    );
    expect(realTooLong).not.toBeNull();
    const tooLong = await vault(['operator', 'unseal', randomBytes(48).toString('base64')]);
    expect(tooLong.code).toBe(2);
    expect(errorBlock(tooLong.stderr)).toEqual(errorBlock(realTooLong![0]));
    expect(tooLong.stderr).toContain(`URL: PUT ${ADDR}/v1/sys/unseal`);
    const dash = await vault(['operator', 'unseal', '-'], { input: `${keys[0]}\n` });
    expect(dash.code).toBe(2);
    expect(dash.stderr).toContain("* 'key' must be a valid hex or base64 string");
    // Without an argument the CLI prompts on a terminal; without one it fails.
    const noTty = await vault(['operator', 'unseal'], { input: `${keys[0]}\n` });
    expect(noTty.code).toBe(1);
    expect(noTty.stderr).toMatch(/not a terminal/);
    expect(value(tables((await vault(['status'])).stdout)[0]!, 'Unseal Progress')).toBe('0/3');
  });

  it('a wrong key counts until the threshold, then the attempt fails with HTTP 500 and starts over', async () => {
    const realWrong = fixture('vault-unseal-errors.txt').split('\n');
    const realLine = realWrong.find((l) => l.startsWith('unable to retrieve stored keys'));
    expect(realLine).toBeDefined();
    const wrong = randomBytes(33).toString('base64');
    const first = await vault(['operator', 'unseal', wrong]);
    expect(first.code).toBe(0);
    expect(value(tables(first.stdout)[0]!, 'Unseal Progress')).toBe('1/3');
    expect((await vault(['operator', 'unseal', keys[0] as string])).code).toBe(0);
    const third = await vault(['operator', 'unseal', keys[1] as string]);
    expect(third.code).toBe(2);
    expect(third.stdout).toBe('');
    expect(third.stderr.split('\n').slice(0, 5)).toEqual([
      'Error unsealing: Error making API request.',
      '',
      `URL: PUT ${ADDR}/v1/sys/unseal`,
      'Code: 500. Errors:',
      '',
    ]);
    expect(third.stderr).toContain(`* ${realLine}`);
    expect(await isVaultSealed(dir)).toBe(true);
    const after = await vault(['status']);
    expect(after.code).toBe(2);
    expect(value(tables(after.stdout)[0]!, 'Unseal Progress')).toBe('0/3');
    expect(value(tables(after.stdout)[0]!, 'Unseal Nonce')).toBe('n/a');
  });

  it('progress persists across calls (same nonce, a repeated key ignored, stdin via `vault write`)', async () => {
    const one = await vault(['operator', 'unseal', keys[2] as string]);
    const t1 = tables(one.stdout)[0]!;
    expect(value(t1, 'Unseal Progress')).toBe('1/3');
    const nonce = value(t1, 'Unseal Nonce');
    expect(nonce).toMatch(/^[0-9a-f-]{36}$/);
    const again = await vault(['operator', 'unseal', keys[2] as string]);
    expect(value(tables(again.stdout)[0]!, 'Unseal Progress')).toBe('1/3');
    const viaWrite = await vault(['write', 'sys/unseal', 'key=-'], { input: keys[4] });
    expect(viaWrite).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const two = tables((await vault(['status'])).stdout)[0]!;
    expect(value(two, 'Unseal Progress')).toBe('2/3');
    expect(value(two, 'Unseal Nonce')).toBe(nonce);
    expect(await isVaultSealed(dir)).toBe(true);
    const last = await vault(['operator', 'unseal', keys[0] as string]);
    expect(last.code).toBe(0);
    const t3 = tables(last.stdout)[0]!;
    expect(keysOf(t3)).toEqual(keysOf(realUnsealed!));
    expect(t3.aligned).toBe(true);
    expect(value(t3, 'Sealed')).toBe('false');
    expect(await isVaultSealed(dir)).toBe(false);
    expect((await vault(['status'])).code).toBe(0);
    const juju = await execa(join(BIN, 'juju'), ['status', 'vault', '--format=json'], {
      env: { LABOPS_SIM_DIR: dir },
    });
    const units = JSON.parse(juju.stdout).applications.vault.units as Record<string, any>;
    expect(units['vault/0']['workload-status']).toMatchObject({ current: 'active' });
  });

  it('token create: a good token makes a token (-field prints it bare), a bad one is refused', async () => {
    const made = await vault(['token', 'create', '-ttl=10m', '-field=token'], { token: root });
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/^s\.[A-Za-z0-9]{24}$/);
    expect(made.stdout).not.toBe(root);
    const child = await vault(['token', 'create'], { token: made.stdout });
    expect(child.code).toBe(0);
    const t = tables(child.stdout)[0]!;
    expect(keysOf(t)).toEqual([
      'token',
      'token_accessor',
      'token_duration',
      'token_renewable',
      'token_policies',
      'identity_policies',
      'policies',
    ]);
    expect(t.aligned).toBe(true);
    const realDenied = fixture('vault-permission-denied.txt').match(
      /Error making API request\.\n\nURL: GET \S+\nCode: 403\. Errors:\n\n\* permission denied/,
    );
    expect(realDenied).not.toBeNull();
    for (const token of ['s.notatokenvaultmade12345', undefined]) {
      const bad = await vault(['token', 'create', '-field=token'], { token });
      expect(bad.code).toBe(2);
      expect(bad.stdout).toBe('');
      expect(errorBlock(bad.stderr)).toEqual([
        'Error creating token: Error making API request.',
        ...errorBlock(realDenied![0]).slice(1),
      ]);
    }
    // The charm accepts a token Vault made, not another.
    const juju = (args: string[]) =>
      execa(join(BIN, 'juju'), ['run', 'vault/leader', 'authorize-charm', ...args], {
        env: { LABOPS_SIM_DIR: dir },
        reject: false,
      });
    expect((await juju(['token=s.notatokenvaultmade12345'])).exitCode).toBe(1);
    expect((await juju([`token=${made.stdout}`])).exitCode).toBe(0);
  });

  it('sealed again (container restart): 503 for token create, progress forgotten', async () => {
    await vault(['operator', 'unseal', keys[0] as string]);
    await sealVault(dir);
    expect(await isVaultSealed(dir)).toBe(true);
    const st = await vault(['status']);
    expect(st.code).toBe(2);
    expect(value(tables(st.stdout)[0]!, 'Unseal Progress')).toBe('0/3');
    const r = await vault(['token', 'create', '-field=token'], { token: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Code: 503. Errors:\n\n* Vault is sealed');
    // The CLI command seals it the same way.
    await vault(['operator', 'unseal', keys[0] as string]);
    const cli = await execa('node', [
      fileURLToPath(new URL('../../bin/labops.js', import.meta.url)),
      'sim',
      'seal-vault',
      '--state-dir',
      dir,
    ]);
    expect(cli.stdout).toContain(vaultKeysFile(dir));
    expect(value(tables((await vault(['status'])).stdout)[0]!, 'Unseal Progress')).toBe('0/3');
  });
});
