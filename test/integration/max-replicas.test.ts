import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { maxReplicasSetting } from '../../src/jobs/names.js';
import { ConfigError, readConfig } from '../../src/shared/config.js';

// LABOPS_MAX_REPLICAS moves the bound of /scale (20 by default) in every process that reads it;
// run `npm run build` first: each case is a fresh Node process importing the built contract.

const DEFINITIONS = fileURLToPath(new URL('../../dist/jobs/definitions.js', import.meta.url));

async function scaleCheck(replicas: number, env: Record<string, string>) {
  const code = `const { jobs } = await import(${JSON.stringify(DEFINITIONS)});
const r = jobs.scale.data.safeParse({ deployment: 'hello-node', replicas: ${replicas} });
console.log(JSON.stringify(r.success ? 'ok' : r.error.issues[0].message));`;
  const r = await execa(process.execPath, ['--input-type=module', '-e', code], {
    env: { PATH: process.env.PATH ?? '', ...env },
    extendEnv: false,
  });
  return JSON.parse(r.stdout) as string;
}

describe('the replicas bound', () => {
  it('is 20 unless LABOPS_MAX_REPLICAS says otherwise', async () => {
    expect(await scaleCheck(20, {})).toBe('ok');
    expect(await scaleCheck(25, {})).toBe('replicas must be at most 20');
    expect(await scaleCheck(25, { LABOPS_MAX_REPLICAS: '30' })).toBe('ok');
    expect(await scaleCheck(31, { LABOPS_MAX_REPLICAS: '30' })).toBe('replicas must be at most 30');
  });

  it('a bad value stops start-up with its name, and never widens the bound', () => {
    for (const bad of ['0', '501', '2.5', 'many']) {
      expect(() => readConfig({ LABOPS_MAX_REPLICAS: bad })).toThrow(ConfigError);
      expect(() => readConfig({ LABOPS_MAX_REPLICAS: bad })).toThrow(/LABOPS_MAX_REPLICAS/);
      expect(maxReplicasSetting(bad)).toBeUndefined();
    }
    expect(readConfig({ LABOPS_MAX_REPLICAS: '40' }).LABOPS_MAX_REPLICAS).toBe(40);
    expect(maxReplicasSetting(undefined)).toBe(20);
  });
});
