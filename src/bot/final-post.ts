import type { JobOutcome } from '../client/lab-client.js';
import { newRef } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { ChannelPort } from './channel-port.js';
import type { JobRecord, JobRecords } from './job-record.js';
import { type ArtifactReader, resultView } from './result-view.js';

/** How final results are claimed and posted. */
export interface FinalPostOptions {
  /** Age after which a `posting:` claim is taken for one whose bot died before posting. */
  staleMs: number;
  /** Tests only: a pause between the claim and the post (0: none). */
  testDelayMs?: number;
}

export interface FinalPostDeps {
  records: JobRecords;
  port: ChannelPort;
  artifacts: ArtifactReader;
  options: FinalPostOptions;
  log: Logger;
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
    if (options.testDelayMs) await new Promise((r) => setTimeout(r, options.testDelayMs));
    const view = await resultView(rec, o, deps.artifacts, () => {
      const ref = newRef();
      if (o.state === 'failed') log.error({ ref, code: o.code, message: o.message }, 'job failed');
      return ref;
    });
    const posted = await postWithRetry(() => deps.port.post(rec.channelId, view.body, view.files), log).catch(
      async (err) => {
        // Refused as sent (too large, a bad file): the outcome still gets through, without files.
        if (Number((err as { status?: unknown }).status) >= 500 || !view.files.length) throw err;
        log.warn({ err }, 'final result refused with its files; posting it without them');
        return deps.port.post(rec.channelId, view.body);
      },
    );
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
