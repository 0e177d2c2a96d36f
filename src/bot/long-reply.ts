import type { AttachmentPayload } from 'discord.js';
import type { LocalText } from '../commands/types.js';
import type { OutFile } from './channel-port.js';
import type { Texts } from './i18n.js';
import { textFile } from './result-view.js';

/** Discord's limit on a message's content (characters). */
export const CONTENT_MAX = 2000;
const FENCE = '```';

/**
 * A text answer that may be longer than one message: a local answer's text
 * ({@link LocalText}) with its title line, shown first as it is (not in the attached file).
 */
export type LongText = LocalText & { head: string };

/** What to send: content within Discord's limit, and the files to attach (none when it all fits). */
export interface FittedText {
  content: string;
  files: OutFile[];
}

/**
 * One message for a text of any length, never cut silently. When it all fits, the whole text.
 * Else the whole lines that fit (a code block closed after them) with a note saying how many
 * lines are not shown and that the whole text is attached as `file` — or, when the file is over
 * the interaction's upload limit (`attachmentLimit`, bytes), that it is not and how to get it.
 */
export function fitText(tx: Texts, text: LongText, attachmentLimit: number): FittedText {
  const lineMax = Math.max(20, Math.min(text.lineMax ?? 1000, 1000));
  const unfence = (l: string) => (text.code ? l.replaceAll(FENCE, '`\u200b``') : l);
  const shown = text.lines.map((l) =>
    l.length > lineMax ? `${unfence(l.slice(0, lineMax - 1))}…` : unfence(l),
  );
  const shortened = text.lines.some((l) => l.length > lineMax);
  const compose = (lines: readonly string[], note?: string) =>
    [
      ...(text.head ? [text.head] : []),
      ...(text.code ? [FENCE, ...lines, FENCE] : lines),
      ...(text.foot ? [text.foot] : []),
      ...(note ? [note] : []),
    ].join('\n');
  const whole = compose(shown);
  if (!shortened && whole.length <= CONTENT_MAX) return { content: whole, files: [] };

  const file = textFile(text.file, `${text.lines.join('\n')}\n`);
  const attach = file.data.length <= attachmentLimit;
  const note = (hidden: number) =>
    attach
      ? tx.moreAttached(hidden, file.name, text.kind)
      : tx.notAttached(hidden, tx.tooBig(file.name, file.data.length, attachmentLimit));
  const take = (k: number) => (text.keep === 'last' ? shown.slice(shown.length - k) : shown.slice(0, k));
  let n = 0;
  while (n < shown.length && compose(take(n + 1), note(shown.length - n - 1)).length <= CONTENT_MAX) n++;
  return { content: compose(take(n), note(shown.length - n)), files: attach ? [file] : [] };
}

/** An interaction reply (editReply) of a fitted text, its files attached. */
export function replyOf(f: FittedText): { content: string; files?: AttachmentPayload[] } {
  if (!f.files.length) return { content: f.content };
  return { content: f.content, files: f.files.map((x) => ({ attachment: x.data, name: x.name })) };
}
