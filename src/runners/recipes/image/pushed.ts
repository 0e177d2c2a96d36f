import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { RecipeContext } from '../../context.js';

/**
 * What this runner pushed: `{ "<user>/hello-node:v1": { id, digest } }`. Docker Hub cannot be
 * asked cheaply whether a tag holds a given local image, so the runner remembers the image id
 * it pushed under each reference; the same id again means the push has nothing to do.
 */
type Pushed = Record<string, { id: string; digest?: string; at: number }>;

export function pushedFile(ctx: Pick<RecipeContext, 'env' | 'team'>): string {
  const base = ctx.env.XDG_STATE_HOME || join(ctx.env.HOME || homedir(), '.local', 'state');
  return join(base, 'labops', ctx.team, 'pushed.json');
}

export function readPushed(file: string): Pushed {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Pushed;
  } catch {
    return {};
  }
}

export function recordPushed(file: string, ref: string, id: string, digest?: string): void {
  const all = readPushed(file);
  all[ref] = { id, digest, at: Date.now() };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(all, null, 1)}\n`, { mode: 0o600 });
}
