import { describe, expect, it } from 'vitest';
import { forbiddenImports, importGraph } from '../support/import-graph.js';

const under = (folder: string, path: string) => path.startsWith(`${folder}/`);

describe('what each folder of src may import', () => {
  it('sees the whole tree (the graph is not empty and finds imports of shared)', () => {
    const g = importGraph();
    expect(g.size).toBeGreaterThan(100);
    expect(g.get('bot/dispatch.ts')?.some((d) => under('shared', d))).toBe(true);
  });

  it('src/shared imports nothing of ours outside itself', () => {
    expect(forbiddenImports((from, to) => !under('shared', from) || under('shared', to))).toEqual([]);
  });
});
