import { parse as parseYaml } from 'yaml';

/** The outcome of one action on one unit. */
export interface ActionResult {
  unit?: string;
  id?: string;
  /**
   * `completed`, `failed`, `cancelled`…; `completed` when juju printed plain results;
   * `unscheduled` when juju printed nothing at all (or an empty map): no task ran.
   */
  status: string;
  /** The action's own result keys (e.g. `token`, `tmate-config`), without juju's bookkeeping. */
  results: Record<string, unknown>;
  returnCode?: number;
  message?: string;
}

/** Lines juju 3 prints before the result while it waits (`Running operation 1 with 1 task`…). */
const progress =
  /^(Running operation \d+ with \d+ tasks?|\s*- task \d+ on unit-\S+|Waiting for task \d+\.\.\.|Scheduled operation \d+.*)$/;

/**
 * Parses the output of `juju run <unit> <action>` (Juju 3, plain or `--format=yaml`) and of
 * `juju run-action --wait` (Juju 2.9, YAML keyed by `unit-<app>-<n>` with `UnitId`).
 */
export function parseActionOutput(text: string): ActionResult {
  const body = text
    .split('\n')
    .filter((l) => !progress.test(l))
    .join('\n')
    .trim();
  // Juju 3 exits 0 and prints no result when nothing was scheduled (no leader, an unknown
  // action, bad parameters); with --format=yaml its empty result map is `{}`
  // (cmd/juju/action/common.go: waitForTasks writes `info`, which holds one entry per task).
  // A completed task always prints something: its results or "Task N completed".
  if (!body || body === '{}') return { status: 'unscheduled', results: {} };
  let doc: unknown;
  try {
    doc = parseYaml(body);
  } catch {
    return { status: 'completed', results: { output: body } };
  }
  if (!isRecord(doc)) return { status: 'completed', results: { output: body } };
  if (Object.keys(doc).length === 0) return { status: 'unscheduled', results: {} };
  const entries = Object.entries(doc);
  const structured = entries.find(([, v]) => isRecord(v) && ('status' in v || 'results' in v));
  if (structured) {
    const [key, v] = structured as [string, Record<string, unknown>];
    const raw = isRecord(v.results) ? { ...v.results } : {};
    const rc = raw['return-code'] ?? raw.Code;
    delete raw['return-code'];
    delete raw.Code;
    return {
      unit: str(v.unit) ?? str(v.UnitId) ?? unitFromTag(key),
      id: str(v.id),
      status: str(v.status) ?? 'completed',
      results: raw,
      returnCode: rc === undefined ? undefined : Number(rc),
      message: str(v.message),
    };
  }
  // Juju 3's default output: the results map itself.
  return { status: 'completed', results: doc };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** `unit-traefik-k8s-0` → `traefik-k8s/0`; a plain unit name passes through. */
function unitFromTag(key: string): string {
  const m = /^unit-(.+)-(\d+)$/.exec(key);
  return m ? `${m[1]}/${m[2]}` : key;
}
