/**
 * Button custom ids (≤ 100 characters): `lo:<action>:<queue>:<id>`. They carry the queue so
 * a click after a bot restart still finds its state in Redis.
 */
/** Confirm / Cancel of a prompt, Cancel job, and Run: the next command under `/next`'s result. */
export type ButtonAction = 'ok' | 'no' | 'cancel' | 'run';

export function customId(action: ButtonAction, queue: string, id: string): string {
  return `lo:${action}:${queue}:${id}`;
}

export function parseCustomId(s: string): { action: ButtonAction; queue: string; id: string } | null {
  const m = /^lo:(ok|no|cancel|run):([a-z0-9][a-z0-9-]{0,30}):([A-Za-z0-9_.-]{1,60})$/.exec(s);
  return m ? { action: m[1] as ButtonAction, queue: m[2]!, id: m[3]! } : null;
}

/** One row of buttons as Discord's API JSON (style 1 primary, 2 secondary, 4 danger). */
export function buttonRow(buttons: { id: string; label: string; style: 1 | 2 | 4 }[]) {
  return {
    type: 1 as const,
    components: buttons.map((b) => ({ type: 2 as const, custom_id: b.id, label: b.label, style: b.style })),
  };
}
