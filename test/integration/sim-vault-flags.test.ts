import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { initCloud, isVaultSealed, sealVault } from '../../src/sim/cloud/index.js';

// The stand-in `vault` (bin/sim/vault) refuses what Vault 1.14's CLI refuses, with its words
// and exit codes: Go's flag errors, the commands' arity texts, the output-format check of
// command/main.go, and the warning for flags written after the arguments. The argv the recipes
// build is accepted. The simulated Vault stays sealed throughout: a refused command changes nothing.

const BIN = fileURLToPath(new URL('../../bin/sim/', import.meta.url));
const ADDR = 'http://172.16.15.108:8200';
let dir: string;

async function vault(argv: string[], input?: string) {
  const r = await execa(join(BIN, 'vault'), argv, {
    env: { PATH: process.env.PATH ?? '', LABOPS_SIM_DIR: dir, VAULT_ADDR: ADDR },
    extendEnv: false,
    reject: false,
    stripFinalNewline: false,
    input,
    stdin: input === undefined ? 'ignore' : undefined,
  });
  return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

/** A refusal: exit 1, nothing on stdout, exactly `text` on stderr. */
async function refused(argv: string[], text: string) {
  const r = await vault(argv);
  expect({ argv, ...r }).toEqual({ argv, code: 1, stdout: '', stderr: text });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sim-vault-flags-'));
  await initCloud(dir, 'fresh');
  await sealVault(dir);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vault stand-in: flags and arguments of Vault 1.14', () => {
  it('accepts the argv the recipes build (status exits 2 while sealed)', async () => {
    const status = await vault(['status', '-format=json']);
    expect(status.code).toBe(2);
    expect(JSON.parse(status.stdout)).toMatchObject({ sealed: true });
    expect((await vault(['operator', 'unseal', '-reset'])).code).toBe(0);
    // A malformed key is refused by the server (exit 2), not by the parser.
    const write = await vault(['write', 'sys/unseal', 'key=-'], 'not-a-key');
    expect(write.code).toBe(2);
    expect(write.stderr).toContain("'key' must be a valid hex or base64 string");
    const token = await vault(['token', 'create', '-ttl=10m', '-field=token']);
    expect(token.code).toBe(2);
    expect(token.stderr).toContain('Vault is sealed');
  });

  it('accepts the HTTP options every command has (command/base.go)', async () => {
    const r = await vault([
      'status',
      '-tls-skip-verify',
      '-disable-redirects',
      '-non-interactive',
      '-header=X-Lab=1',
      '-wrap-ttl=30s',
      '--namespace',
      'admin',
      `-address=${ADDR}`,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('');
  });

  it("refuses an unknown flag with Go's text, exit 1", async () => {
    await refused(['status', '-x'], 'flag provided but not defined: -x\n');
    await refused(['operator', 'unseal', '--key=abc'], 'flag provided but not defined: -key\n');
    await refused(['write', '-reset', 'sys/unseal', 'key=a'], 'flag provided but not defined: -reset\n');
    await refused(['token', 'create', '-policies=default'], 'flag provided but not defined: -policies\n');
  });

  it('refuses bad flag values and a missing value', async () => {
    await refused(['token', 'create', '-ttl'], 'flag needs an argument: -ttl\n');
    await refused(
      ['token', 'create', '-ttl=10x'],
      'invalid value "10x" for flag -ttl: strconv.ParseInt: parsing "10x": invalid syntax\n',
    );
    await refused(
      ['token', 'create', '-ttl=1q5m'],
      'invalid value "1q5m" for flag -ttl: time: invalid duration "1q5m"\n',
    );
    await refused(
      ['operator', 'unseal', '-reset=maybe'],
      'invalid boolean value "maybe" for -reset: strconv.ParseBool: parsing "maybe": invalid syntax\n',
    );
    await refused(
      ['token', 'create', '-use-limit=two'],
      'invalid value "two" for flag -use-limit: strconv.ParseInt: parsing "two": invalid syntax\n',
    );
    await refused(
      ['status', '-header=X-Lab'],
      'invalid value "X-Lab" for flag -header: missing = in KV pair: "X-Lab"\n',
    );
    await refused(['status', '---x'], 'bad flag syntax: ---x\n');
  });

  it("checks the arguments with each command's text", async () => {
    await refused(['status', 'extra'], 'Too many arguments (expected 0, got 1)\n');
    await refused(['operator', 'unseal', 'a', 'b'], 'Too many arguments (expected 1, got 2)\n');
    await refused(['write'], 'Not enough arguments (expected 1, got 0)\n');
    await refused(['write', 'sys/unseal'], 'Must supply data or use -force\n');
    await refused(['token', 'create', 'default'], 'Too many arguments (expected 0, got 1)\n');
    await refused(
      ['write', 'sys/unseal', 'key'],
      "Failed to parse K=V data: Invalid key/value pair 'key': format must be key=value\n",
    );
  });

  it('checks the output format before any command runs', async () => {
    await refused(['status', '-format=xml'], 'Invalid output format: xml\n');
    await refused(['token', 'create', '-format', 'XML'], 'Invalid output format: xml\n');
    await refused(['status', '-format=raw'], 'This command does not support the -format=raw option.\n');
    // The format is read from the whole line and lower-cased (command/main.go setupEnv).
    const yaml = await vault(['status', '-format=YAML']);
    expect(yaml.code).toBe(2);
    expect(parse(yaml.stdout)).toMatchObject({ sealed: true, t: 3, n: 5 });
    expect(JSON.parse((await vault(['status', '-format', 'JSON'])).stdout)).toMatchObject({ sealed: true });
  });

  it('takes a flag after the arguments as an argument, and warns', async () => {
    const r = await vault(['write', 'sys/unseal', 'key=abc', '-force']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Command flags must be provided before positional arguments. The following arguments will not be parsed as flags: [-force]\n' +
        "Failed to parse K=V data: Invalid key/value pair '-force': format must be key=value\n",
    );
  });

  it('-f is -force, and `--` ends the flags', async () => {
    const forced = await vault(['write', '-f', 'sys/unseal']);
    expect(forced.stderr).toContain(
      "'key' must be specified in request body as JSON, or 'reset' set to true",
    );
    const key = await vault(['operator', 'unseal', '--', '-reset']);
    expect(key.code).toBe(2);
    expect(key.stderr).toContain("'key' must be a valid hex or base64 string");
    expect(await isVaultSealed(dir)).toBe(true);
  });
});
