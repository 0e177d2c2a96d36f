import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goJson } from '../../src/sim/cloud/docker/format.js';
import { imageRow } from '../../src/sim/cloud/docker/rows.js';
import { sealStatusJson } from '../../src/sim/cloud/vault/format.js';
import { newVaultState } from '../../src/sim/cloud/vault/state.js';
import {
  dockerContainerLineSchema,
  dockerImageLineSchema,
  dockerJsonLines,
} from '../../src/tool-output/docker.js';
import { jujuStatusSchema } from '../../src/tool-output/juju-status.js';
import { vaultSealStatusSchema } from '../../src/tool-output/vault.js';
import { fixturesDir, readFixture } from '../support/fixtures.js';

const jujuCaptures = readdirSync(fixturesDir).filter((f) => /^juju-status-.*\.json$/.test(f));

describe('one schema per tool output', () => {
  it('finds the real juju status captures', () => {
    expect(jujuCaptures.length).toBeGreaterThanOrEqual(4);
  });

  it.each(jujuCaptures)('juju status: the real capture %s parses with the schema the runner uses', (name) => {
    const doc = jujuStatusSchema.parse(JSON.parse(readFixture(name)));
    expect(doc.model.name).toMatch(/\S/);
    expect(Object.keys(doc.applications).length).toBeGreaterThan(0);
  });

  it('juju status: a document without a model is refused', () => {
    expect(jujuStatusSchema.safeParse({ applications: {} }).success).toBe(false);
  });

  it('vault status -format=json: what the simulated vault prints, sealed and unsealed, parses', () => {
    const v = newVaultState();
    const sealed = vaultSealStatusSchema.parse(JSON.parse(sealStatusJson(v, true)));
    expect(sealed).toMatchObject({ sealed: true, t: v.threshold, n: v.shares, progress: 0 });
    const open = vaultSealStatusSchema.parse(JSON.parse(sealStatusJson(v, false)));
    expect(open).toMatchObject({ sealed: false, cluster_name: v.clusterName });
  });

  it('vault status: a document without the seal fields is refused', () => {
    expect(vaultSealStatusSchema.safeParse({ sealed: 'no' }).success).toBe(false);
  });

  it('docker images: the simulated JSON line (Go-escaped, keys sorted) parses with the schema the runner uses', () => {
    const image = {
      id: '0123456789abcdef0123',
      repo: 'hello-node',
      tag: 'v1',
      createdAt: 0,
      size: '141MB',
      contextDir: '/x',
    };
    const line = goJson(imageRow(image, 60_000));
    const [row] = dockerJsonLines(`${line}\n`, dockerImageLineSchema);
    expect(row).toMatchObject({ Repository: 'hello-node', Tag: 'v1', ID: '0123456789ab', Digest: '<none>' });
  });

  it('docker container ls: a line without the fields the runner reads is refused', () => {
    expect(() => dockerJsonLines('{"ID":"abc"}\n', dockerContainerLineSchema)).toThrow();
  });
});
