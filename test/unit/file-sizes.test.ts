import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph, srcRoot } from '../support/import-graph.js';

/** Most lines a source file may have: past that, it holds more than one idea. */
const MAX_LINES = 300;

describe('source files', () => {
  it(`have at most ${MAX_LINES} lines each`, () => {
    const files = [...importGraph().keys()];
    expect(files.length).toBeGreaterThan(100);
    const long = files
      .map((f) => ({ f, n: readFileSync(join(srcRoot, f), 'utf8').split('\n').length - 1 }))
      .filter(({ n }) => n > MAX_LINES)
      .map(({ f, n }) => `${f}: ${n} lines`);
    expect(long).toEqual([]);
  });
});
