import type { JobOutcome } from '../client/lab-client.js';
import type { ArtifactRef } from '../jobs/events.js';
import { notReadyInPortuguese } from '../runners/facts/portuguese.js';
import type { MessageBody, OutFile } from './channel-port.js';
import { langOf, t } from './i18n.js';
import type { JobRecord } from './job-record.js';
import { nextButton } from './next-button.js';
import { quote } from './quote.js';

/** Reads an artifact's bytes (null when it expired). */
export type ArtifactReader = (id: string) => Promise<{ ref: ArtifactRef; body: Buffer } | null>;

const MAX_FILES = 10;
const MAX_REQUEST = 24 * 1024 * 1024;
/** Embed budget (Discord: ≤ 6000 in all): title 256 + description 2400 + fields 1800 + steps 1000 + footer 300. */
const DESC_MAX = 2400;
const FIELDS_MAX = 1800;
const STEPS_MAX = 1000;
const FOOTER_MAX = 300;

/** Fields that fit one embed; the rest (and any long value) go to a text file, never cut silently. */
function fitFields(fields: { name: string; value: string }[]) {
  const inline: { name: string; value: string }[] = [];
  const overflow: string[] = [];
  let used = 0;
  for (const f of fields) {
    const name = f.name.slice(0, 256) || '-';
    const value = f.value || '-';
    const fits =
      value.length <= 1024 && inline.length < 20 && used + name.length + value.length <= FIELDS_MAX;
    if (fits) {
      inline.push({ name, value });
      used += name.length + value.length;
    } else overflow.push(`## ${f.name}\n${f.value}\n`);
  }
  return { inline, overflow };
}

/** What a result message may carry. */
export interface UploadRules {
  /** The bot's per-file limit in the channel (bytes): the guild's boost tier decides it, not the member's Nitro. */
  perFile: number;
  /** `all`: artifacts and text files; `text`: only the text files holding cut text; `none`: no file. */
  files: 'all' | 'text' | 'none';
}

/**
 * The final result of a job as a NEW message (so the requester gets a notification): the
 * outcome, the recipe's fields, dry-run commands, and artifacts attached within the bot's
 * upload limits. The text files that hold text cut from the message are attached first and are
 * never dropped for an artifact; artifacts that do not fit are dropped largest first, and the
 * message names what was left out. Internal failures show only a reference.
 */
export async function resultView(
  rec: JobRecord,
  o: JobOutcome,
  read: ArtifactReader,
  ref: () => string,
  rules: UploadRules = { perFile: 10 * 1024 * 1024, files: 'all' },
): Promise<{ body: MessageBody; files: OutFile[] }> {
  const tx = t(rec.locale);
  const files: OutFile[] = [];
  const notes: string[] = [];
  let description = '';
  let title: string;
  let color: number;
  let fields: { name: string; value: string }[] = [];
  let artifacts: ArtifactRef[] = [];
  if (o.state === 'completed') {
    const r = o.result;
    title = `✅ ${r.summary}`;
    color = 0x2ecc71;
    const fit = fitFields(r.fields);
    fields = fit.inline;
    if (fit.overflow.length) files.push(textFile('fields.txt', fit.overflow.join('\n')));
    const steps = r.steps
      .map((s) => `${s.name}: ${s.outcome}${s.message ? ` (${s.message})` : ''}`)
      .join('\n');
    if (steps) {
      if (steps.length <= STEPS_MAX) fields.push({ name: tx.steps, value: steps });
      else files.push(textFile('steps.txt', steps));
    }
    if (r.commands?.length) {
      const cmds = r.commands.map((c) => c.map(quote).join(' ')).join('\n');
      if (cmds.length <= DESC_MAX - 100)
        description = `**${tx.wouldRun}**\n\`\`\`\n${cmds.replace(/```/g, '`\u200b``')}\n\`\`\``;
      else {
        description = `**${tx.wouldRun}**: commands.txt`;
        files.push(textFile('commands.txt', `${cmds}\n`));
      }
    }
    artifacts = r.artifacts;
  } else if (o.code === 'CANCELLED') {
    title = `${tx.cancelled}: ${o.message}`;
    color = 0x95a5a6;
    artifacts = o.artifacts ?? [];
  } else if (o.code === 'INTERNAL') {
    const m = /\(ref: ([a-z0-9]+)\)/.exec(o.message);
    title = tx.failedRef(m?.[1] ?? ref());
    color = 0xe74c3c;
    artifacts = o.artifacts ?? [];
  } else {
    title = `${tx.failed} [${o.code}]`;
    // A refusal for a lab not ready yet is said in the requester's language.
    const message =
      o.code === 'NOT_READY' && langOf(rec.locale) === 'pt-BR' ? notReadyInPortuguese(o.message) : o.message;
    description = message.length <= DESC_MAX ? message : `${message.slice(0, DESC_MAX - 100)}… (error.txt)`;
    if (message.length > DESC_MAX) files.push(textFile('error.txt', message));
    color = 0xe74c3c;
    artifacts = o.artifacts ?? [];
  }
  const textFiles = files.splice(0);
  const leftOut: string[] = [];
  if (rules.files === 'none') leftOut.push(...textFiles.map((f) => f.name));
  else files.push(...textFiles);
  const chosen = rules.files === 'all' ? pickArtifacts(artifacts, files, rules.perFile) : [];
  for (const a of artifacts) {
    if (!chosen.includes(a)) {
      leftOut.push(a.name);
      continue;
    }
    const got = await read(a.id);
    if (!got) {
      notes.push(tx.gone(a.name));
      continue;
    }
    files.push({ name: safeName(a.name), data: got.body, contentType: a.contentType });
  }
  if (leftOut.length) notes.push(tx.leftOut(leftOut));
  const footer = [...notes, files.length ? tx.attached(files.map((f) => f.name)) : '']
    .filter(Boolean)
    .join('\n');
  const embed = {
    title: title.slice(0, 256),
    color,
    ...(description ? { description: description.slice(0, DESC_MAX) } : {}),
    ...(fields.length ? { fields } : {}),
    ...(footer
      ? { footer: { text: footer.length > FOOTER_MAX ? `${footer.slice(0, FOOTER_MAX - 1)}…` : footer } }
      : {}),
  };
  // `/next` says which command comes next: it comes as a button.
  const next =
    o.state === 'completed' ? nextButton(rec.queue, (o.result.data as { next?: unknown })?.next) : undefined;
  const png = files.find((f) => f.contentType === 'image/png');
  if (png) Object.assign(embed, { image: { url: `attachment://${png.name}` } });
  return {
    body: {
      content: tx.resultFor(rec.requesterId, rec.line, rec.jobId).slice(0, 2000),
      embeds: [embed],
      ...(next ? { components: [next] } : {}),
      allowed_mentions: { users: [rec.requesterId] },
    },
    files,
  };
}

/**
 * The artifacts that fit beside the text files already chosen: each within the per-file limit,
 * at most 10 files and 24 MiB in all; when not all fit, the largest are dropped first.
 */
function pickArtifacts(artifacts: ArtifactRef[], fixed: OutFile[], perFile: number): ArtifactRef[] {
  let total = fixed.reduce((n, f) => n + f.data.length, 0);
  let room = MAX_FILES - fixed.length;
  const out: ArtifactRef[] = [];
  for (const a of [...artifacts].filter((x) => x.bytes <= perFile).sort((x, y) => x.bytes - y.bytes)) {
    if (room <= 0 || total + a.bytes > MAX_REQUEST) break;
    out.push(a);
    total += a.bytes;
    room--;
  }
  return out;
}

/** A UTF-8 text file to attach: how long output goes out whole instead of being cut. */
export function textFile(name: string, body: string): OutFile {
  return { name, data: Buffer.from(body, 'utf8'), contentType: 'text/plain; charset=utf-8' };
}

/** Discord file names: letters, digits, `.`, `_`, `-`. */
function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100) || 'file';
}
