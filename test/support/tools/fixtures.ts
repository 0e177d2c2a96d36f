import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where the real tool outputs live: `LABOPS_REAL_FIXTURES`, a copy in the repo, or the shared folder. */
export const fixturesDir: string =
  [
    process.env.LABOPS_REAL_FIXTURES,
    path.join(repo, 'test/fixtures/real'),
    path.resolve(repo, '../shared/fixtures/real'),
  ].find((d): d is string => !!d && existsSync(d)) ?? path.resolve(repo, '../shared/fixtures/real');

export function fixture(name: string): string {
  return readFileSync(path.join(fixturesDir, name), 'utf8');
}

export function fixtureJson<T = unknown>(name: string): T {
  return JSON.parse(fixture(name)) as T;
}

/**
 * One output of a fixture file holding several: the lines after the `$ command` prompt
 * or `=== title` separator that starts with `header`, up to the next prompt/separator
 * (a `=== ` section runs to the next `=== `, keeping its own prompts).
 */
export function section(name: string, header: string): string {
  const lines = fixture(name).split('\n');
  const start = lines.findIndex((l) => l.startsWith(header));
  if (start < 0) throw new Error(`no section "${header}" in ${name}`);
  const out: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if ((header.startsWith('=== ') ? /^=== / : /^(\$ |=== |c:\\.*>)/).test(l)) break;
    out.push(l);
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

/** The unit rows of a tabular `juju status` fixture, as the fields the status parser gives. */
export function tabularUnits(
  name: string,
): { name: string; workload: string; agent: string; machine?: string; address?: string; message: string }[] {
  const lines = fixture(name).split('\n');
  const head = lines.findIndex((l) => l.startsWith('Unit '));
  if (head < 0) return [];
  const header = lines[head] ?? '';
  const col = (t: string) => header.indexOf(t);
  const cut = (l: string, a: string, b?: string) => l.slice(col(a), b ? col(b) : undefined).trim();
  const rows = [];
  for (const l of lines.slice(head + 1)) {
    if (!l.trim() || l.startsWith('Machine ')) break;
    rows.push({
      name: cut(l, 'Unit', 'Workload').replace(/\*$/, ''),
      workload: cut(l, 'Workload', 'Agent'),
      agent: cut(l, 'Agent', 'Machine'),
      machine: cut(l, 'Machine', 'Public address') || undefined,
      address: cut(l, 'Public address', 'Ports') || undefined,
      message: cut(l, 'Message'),
    });
  }
  return rows;
}
