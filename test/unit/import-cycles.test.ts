import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/procs.js';

/**
 * No import cycles in src (what `npx madge --circular --extensions ts src` checks): every
 * static `import … from` / `export … from` between our modules, type-only ones included,
 * because a cycle of types is still a tangle a newcomer has to unpick.
 */
const src = join(repoRoot, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

const SPECIFIER = /^\s*(?:import|export)\s[^;]*?\sfrom\s+['"](\.[^'"]+)['"]/gm;

function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const file of files(src)) {
    const text = readFileSync(file, 'utf8');
    const deps = [...text.matchAll(SPECIFIER)].map((m) =>
      resolve(dirname(file), (m[1] as string).replace(/\.js$/, '.ts')),
    );
    g.set(file, deps);
  }
  return g;
}

/** Every elementary cycle found by a depth-first search, each as a list of paths under src. */
function cycles(g: Map<string, string[]>): string[][] {
  const found = new Map<string, string[]>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string) => {
    state.set(n, 'open');
    stack.push(n);
    for (const d of g.get(n) ?? []) {
      if (!g.has(d)) continue;
      if (state.get(d) === 'open') {
        const cycle = stack.slice(stack.indexOf(d)).map((p) => relative(src, p));
        found.set([...cycle].sort().join(' '), [...cycle, relative(src, d)]);
      } else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of g.keys()) if (!state.has(n)) visit(n);
  return [...found.values()];
}

describe('the import graph of src', () => {
  it('has no cycle', () => {
    expect(cycles(graph()).map((c) => c.join(' → '))).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself)', () => {
    const a = join(src, 'a.ts');
    const b = join(src, 'b.ts');
    expect(
      cycles(
        new Map([
          [a, [b]],
          [b, [a]],
        ]),
      ),
    ).toEqual([['a.ts', 'b.ts', 'a.ts']]);
  });
});
