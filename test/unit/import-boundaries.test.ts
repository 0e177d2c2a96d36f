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

  it('src/client imports nothing of the bot', () => {
    expect(forbiddenImports((from, to) => !under('client', from) || !under('bot', to))).toEqual([]);
  });

  it('in src/cli only the entry point that starts the bot or registers its commands imports it', () => {
    const entry = new Set(['cli/cmd-bot.ts']);
    expect(
      forbiddenImports((from, to) => !under('cli', from) || !under('bot', to) || entry.has(from)),
    ).toEqual([]);
  });

  it('src/commands imports nothing of the bot, the console or the runners', () => {
    const transport = (to: string) => ['bot', 'cli', 'runners'].some((f) => under(f, to));
    expect(forbiddenImports((from, to) => !under('commands', from) || !transport(to))).toEqual([]);
  });
});
