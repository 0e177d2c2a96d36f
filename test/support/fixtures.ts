import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Real tool outputs (see test/fixtures/real/SOURCES.md), kept in the repository. */
export const fixturesDir = fileURLToPath(new URL('../fixtures/real/', import.meta.url));

export function fixturePath(name: string): string {
  return `${fixturesDir}${name}`;
}

export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}
