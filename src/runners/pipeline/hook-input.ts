/** One updated ref of a push, as git gives it to `post-receive` (githooks(5)): `<old> <new> <ref>`. */
export interface RefUpdate {
  old: string;
  new: string;
  ref: string;
}

const ZERO = /^0{40}$/;

/** Pure: the updated refs from a post-receive hook's stdin. */
export function parseHookInput(text: string): RefUpdate[] {
  return text
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((p): p is [string, string, string] => p.length === 3 && /^[0-9a-f]{40}$/.test(p[1] ?? ''))
    .map(([o, n, ref]) => ({ old: o, new: n, ref }));
}

/** Pure: the update that starts the pipeline: `main` moved to a commit (not deleted), or none. */
export function deliverable(updates: readonly RefUpdate[], branch = 'main'): RefUpdate | undefined {
  return updates.find((u) => u.ref === `refs/heads/${branch}` && !ZERO.test(u.new));
}
