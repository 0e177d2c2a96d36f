import { createHash } from 'node:crypto';
import type { JobOutcome } from '../client/lab-client.js';
import { newRef } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { type ChannelPort, discordFailure } from './channel-port.js';
import type { JobRecord, JobRecords } from './job-record.js';
import { type ArtifactReader, resultView, type UploadRules } from './result-view.js';

/** How final results are claimed and posted. */
export interface FinalPostOptions {
  /** Age after which a `posting:` claim is taken for one whose bot died before posting. */
  staleMs: number;
}

export interface FinalPostDeps {
  records: JobRecords;
  port: ChannelPort;
  artifacts: ArtifactReader;
  options: FinalPostOptions;
  /** The bot's per-file upload limit in the channel (bytes). */
  uploadLimit: number;
  log: Logger;
}

/**
 * The job's result message nonce: the same for every attempt, so with `enforce_nonce` Discord
 * returns the message a timed-out attempt already created instead of making a second one
 * (discord-api-docs `developers/resources/message.mdx`, Create Message: `nonce` up to 25
 * characters, `enforce_nonce`).
 */
export function resultNonce(rec: Pick<JobRecord, 'queue' | 'jobId'>): string {
  return `r${createHash('sha256').update(`${rec.queue}\u0000${rec.jobId}`).digest('hex').slice(0, 24)}`;
}

/** What came of one attempt: posted now, found posted already, or wait `retryInMs` and try again. */
export type FinalPostResult = { done: 'posted' | 'already' } | { retryInMs: number };

/** How many of the channel's latest messages are searched for a result whose record was lost. */
const RECHECK_LIMIT = 100;

/**
 * Posts the final result of a job exactly once across bot lives. The right to post is claimed
 * in Redis (`posting:<at>`, then `posted:<id>`). A bot that dies between the claim and the
 * post leaves the claim behind: once older than `staleMs`, the channel's recent messages are
 * searched for the result (its text carries the job id); if it is not there the claim is
 * taken over and the result posted.
 */
export async function postFinalOnce(
  deps: FinalPostDeps,
  rec: JobRecord,
  o: JobOutcome,
  now = Date.now(),
): Promise<FinalPostResult> {
  const { records, options, log } = deps;
  const claim = await records.claimFinal(rec.queue, rec.jobId);
  if (!claim.ok) {
    const held = claim.held;
    if (held === null) return { retryInMs: 0 };
    if (!held.startsWith('posting:')) return { done: 'already' };
    const age = now - Number(held.slice('posting:'.length));
    if (!(age >= options.staleMs)) return { retryInMs: Math.max(250, options.staleMs - age) };
    const found = await findPosted(deps.port, rec);
    if (found) {
      log.info({ messageId: found }, 'final result found in the channel; not posting it again');
      await records.finalPosted(rec.queue, rec.jobId, found);
      return { done: 'already' };
    }
    if (!(await records.takeOverFinal(rec.queue, rec.jobId, held))) return { retryInMs: 0 };
    log.warn({ claimAgeMs: age }, 'an earlier claim to post the final result was never honoured; posting it');
  }
  try {
    const ref = () => {
      const r = newRef();
      if (o.state === 'failed') log.error({ ref: r, code: o.code, message: o.message }, 'job failed');
      return r;
    };
    const post = async (files: UploadRules['files']) => {
      const view = await resultView(rec, o, deps.artifacts, ref, { perFile: deps.uploadLimit, files });
      const body = { ...view.body, nonce: resultNonce(rec), enforce_nonce: true };
      return { sent: () => deps.port.post(rec.channelId, body, view.files), files: view.files.length };
    };
    const first = await post('all');
    const posted = await postWithRetry(first.sent, log).catch(async (err) => {
      // Refused as sent: too large (413/40005) → only the text files; no Attach Files (403) or a bad
      // file (400) → no file. Either way the message says what was left out.
      const { status } = discordFailure(err);
      const retry = status === 413 || status === 403 || status === 400;
      if (!first.files || !retry || (err as { suspended?: boolean }).suspended) throw err;
      log.warn({ err }, 'final result refused with its files; posting it with fewer');
      const smaller = await post(status === 413 ? 'text' : 'none');
      return smaller.sent().catch(async (again) => {
        if (discordFailure(again).status !== 413 || !smaller.files) throw again;
        return (await post('none')).sent();
      });
    });
    await records.finalPosted(rec.queue, rec.jobId, posted.id);
    return { done: 'posted' };
  } catch (err) {
    await records.releaseFinal(rec.queue, rec.jobId);
    throw err;
  }
}

/** The id of the bot's message in the job's channel that is its final result, if any. */
async function findPosted(port: ChannelPort, rec: JobRecord): Promise<string | null> {
  const mark = `**#${rec.jobId}**`;
  const recent = await port.recentOwn(rec.channelId, RECHECK_LIMIT);
  return recent.find((m) => m.content.includes(mark))?.id ?? null;
}

/** Retries a post on network or server errors (Discord's 4xx answers are final). */
async function postWithRetry<T>(post: () => Promise<T>, log: Logger, attempts = 5): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await post();
    } catch (err) {
      const status = Number((err as { status?: unknown }).status);
      if (n >= attempts || (status >= 400 && status < 500)) throw err;
      log.warn({ err, attempt: n }, 'posting the final result failed; retrying');
      await new Promise((r) => setTimeout(r, 1_000 * n));
    }
  }
}
