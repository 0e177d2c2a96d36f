import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createExec, type JobExec } from '../../../src/shared/exec.js';
import { fixturesDir } from './fixtures.js';

const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bin');

export interface Rule {
  match: string[];
  fixture?: string;
  section?: string;
  /** Literal output, only for one-line answers such as `juju version`. */
  text?: string;
  stream?: 'stdout' | 'stderr';
  exit?: number;
}

export interface Recorded {
  tool: string;
  argv: string[];
  env: Record<string, string>;
}

/**
 * A private HOME with the stand-ins' rules, and a real `createExec` whose PATH starts with
 * the stand-in scripts. `calls()` reads back every argv the stand-ins received.
 */
export function standIns(
  rules: Partial<Record<'juju' | 'openstack' | 'docker', Rule[]>>,
  o: { dryRun?: boolean; env?: Record<string, string> } = {},
) {
  const home = mkdtempSync(path.join(tmpdir(), 'labops-tools-'));
  writeFileSync(path.join(home, 'standin.json'), JSON.stringify({ fixtures: fixturesDir, ...rules }));
  writeFileSync(path.join(home, 'argv.jsonl'), '');
  const exec: JobExec = createExec({
    redact: (s) => s,
    dryRun: o.dryRun,
    baseEnv: { PATH: `${bin}:${process.env.PATH}`, HOME: home, ...o.env },
  });
  return {
    home,
    exec,
    calls: (): Recorded[] =>
      readFileSync(path.join(home, 'argv.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Recorded),
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}
