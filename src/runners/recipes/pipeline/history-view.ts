import type { RecipeContext } from '../../context.js';
import { labTools } from '../../lab-tools.js';
import type { HistoryEntry } from '../../pipeline/history.js';
import { secs } from './state.js';

/** Pure: one line per run, newest first: when, commit, outcome, who pushed, how long. */
export function historyText(rows: readonly HistoryEntry[]): string {
  return rows
    .map((r) => {
      const when = new Date(r.at).toISOString().slice(5, 16).replace('T', ' ');
      const commit = r.commit ? r.commit.slice(0, 7) : r.ref;
      const subject = r.subject ? ` "${r.subject.slice(0, 60)}"` : '';
      return `${when} ${commit}${subject} · ${r.outcome} · ${r.pushedBy} (${r.source}) · ${secs(r.durationMs)}`;
    })
    .join('\n');
}

/** The image hello-node runs now, read from the cluster (or why it cannot be told). */
export async function liveImage(ctx: RecipeContext, name = 'hello-node'): Promise<string> {
  try {
    const d = await labTools(ctx).kube.getDeployment(name);
    return d?.spec?.template.spec?.containers[0]?.image ?? `no ${name} deployment`;
  } catch {
    return 'unknown (the cluster did not answer)';
  }
}
