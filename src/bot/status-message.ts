import type { ProgressEvent } from '../jobs/events.js';
import type { Logger } from '../shared/logger.js';
import { type ChannelPort, discordFailure } from './channel-port.js';
import { t } from './i18n.js';
import type { JobRecord, JobRecords } from './job-record.js';
import { type Phase, statusView } from './status-view.js';

export interface StatusOptions {
  /** Least time between two edits (default 1 s). */
  intervalMs: number;
  /** Age at which the message is replaced by a fresh one (kept below {@link lateEditAgeMs}). */
  maxAgeMs: number;
  /**
   * Age after which Discord rations edits of a message: 30046 "Maximum number of edits to messages
   * older than 1 hour reached" (discord-api-docs `developers/topics/opcodes-and-status-codes.mdx`).
   * Default 1 h; tests shrink it.
   */
  lateEditAgeMs?: number;
  /** True while the bot is near Discord's invalid-request limit: progress edits slow down tenfold. */
  pressure?: () => boolean;
  /** Called once when the channel refuses the message (403, 404): nothing more is sent for it. */
  onLost?: () => void;
  log: Logger;
}

/** The longest rate limit the final edit of a status message waits for. */
const FINAL_WAIT_MAX_MS = 5_000;
/** At most this many edits of a job's messages in any {@link EDIT_WINDOW_MS}, the final one included. */
const EDITS_PER_WINDOW = 2;
const EDIT_WINDOW_MS = 1_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Discord's documented age after which edits are limited (30046). */
export const LATE_EDIT_AGE_MS = 60 * 60_000;

/** A rate limit @discordjs/rest threw instead of waiting (`rejectOnRateLimit`): its wait in ms. */
function rateLimitWait(err: unknown): number | null {
  const e = err as { name?: unknown; retryAfter?: unknown };
  return String(e?.name ?? '').startsWith('RateLimitError') ? Number(e.retryAfter) || 1_000 : null;
}

/**
 * The one status message of a job. Updates are coalesced: at most one edit per interval,
 * never two in flight, and the latest state wins — a job printing thousands of lines makes
 * about one edit a second. Before the message gets old a fresh one replaces it.
 */
export class StatusMessage {
  private latest: ProgressEvent | null = null;
  private timer: NodeJS.Timeout | undefined;
  private inflight: Promise<void> | null = null;
  private dirty = false;
  private lastEditAt = 0;
  private closed = false;
  /** Edits wait until the first post is done, so a fast job never gets two status messages. */
  private posted = false;
  /** The channel refused the message (403/404): no more requests for it. */
  private lost = false;
  /** No edit before this time (a rate limit said so). */
  private notBefore = 0;
  /** Edits made (for metrics and tests). */
  edits = 0;
  /** When the last {@link EDITS_PER_WINDOW} edits were answered (so Discord sees them at least as far apart). */
  private recentEdits: number[] = [];

  constructor(
    private rec: JobRecord,
    private readonly port: ChannelPort,
    private readonly records: JobRecords,
    private readonly opts: StatusOptions,
  ) {}

  get record(): JobRecord {
    return this.rec;
  }

  /** Whether the channel refused this job's status message (nothing more is sent for it). */
  get isLost(): boolean {
    return this.lost;
  }

  /** Posts the message unless the record already has one (a resumed job keeps its message). */
  async ensurePosted(initial: ProgressEvent | null = null): Promise<void> {
    this.latest = initial ?? this.latest;
    if (!this.rec.messageId) await this.repost().catch((err) => this.failed(err, 'status post failed'));
    this.posted = true;
    if (this.dirty) this.schedule();
  }

  update(p: ProgressEvent): void {
    if (this.closed) return;
    this.latest = p;
    this.dirty = true;
    this.schedule();
  }

  /** Stops updates and shows the final phase in one last edit. */
  async finish(phase: Phase): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inflight;
    // The last edit shows the end: a short rate limit is waited out (a few times); behind a long
    // one the end goes into a fresh message instead, so the result is not held up.
    for (let attempt = 0; attempt < 4 && !this.lost; attempt++) {
      const wait = Math.max(this.notBefore - Date.now(), this.editSlotIn());
      this.notBefore = 0;
      const done = wait > FINAL_WAIT_MAX_MS ? this.repost(phase) : sleep(wait).then(() => this.write(phase));
      await done.catch((err) => this.failed(err, 'final status edit failed'));
      if (this.notBefore === 0) return;
    }
  }

  /** A refusal (403, or 404 but for a deleted message) ends all requests for this message. */
  private failed(err: unknown, what: string): void {
    this.opts.log.warn({ err, jobId: this.rec.jobId }, what);
    const { status } = discordFailure(err);
    if ((status === 403 || status === 404) && !this.lost) {
      this.lost = true;
      this.opts.onLost?.();
    }
  }

  private schedule(): void {
    if (this.timer || this.inflight || this.closed || !this.posted || this.lost) return;
    const interval = this.opts.intervalMs * (this.opts.pressure?.() ? 10 : 1);
    const wait = Math.max(
      0,
      this.lastEditAt + interval - Date.now(),
      this.notBefore - Date.now(),
      this.editSlotIn(),
    );
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.dirty = false;
      this.inflight = this.write('running')
        .catch((err) => this.failed(err, 'status edit failed'))
        .finally(() => {
          this.inflight = null;
          if (this.dirty) this.schedule();
        });
    }, wait);
  }

  /** Milliseconds until another edit keeps to {@link EDITS_PER_WINDOW} in any {@link EDIT_WINDOW_MS}. */
  private editSlotIn(): number {
    if (this.recentEdits.length < EDITS_PER_WINDOW) return 0;
    return Math.max(0, (this.recentEdits[0] ?? 0) + EDIT_WINDOW_MS - Date.now());
  }

  /** Notes an edit answered (or failed). */
  private noteEdit(): void {
    this.recentEdits = [...this.recentEdits, Date.now()].slice(-EDITS_PER_WINDOW);
  }

  /** Replace the message at this age: the configured one, but always before edits get rationed. */
  private get maxAge(): number {
    const late = this.opts.lateEditAgeMs ?? LATE_EDIT_AGE_MS;
    return Math.min(this.opts.maxAgeMs, late - 3 * this.opts.intervalMs);
  }

  private async write(phase: Phase): Promise<void> {
    this.lastEditAt = Date.now();
    const age = Date.now() - (this.rec.messageCreatedAt ?? 0);
    if (!this.rec.messageId || age > this.maxAge) {
      await this.repost(phase);
      return;
    }
    try {
      this.edits++;
      await this.port
        .edit(this.rec.channelId, this.rec.messageId, statusView(this.rec, this.latest, phase))
        .finally(() => this.noteEdit());
    } catch (err) {
      const wait = rateLimitWait(err);
      // 30046 comes as a 429: on a message past Discord's late-edit age it means "no more edits".
      if (wait !== null && age >= (this.opts.lateEditAgeMs ?? LATE_EDIT_AGE_MS)) return this.repost(phase);
      if (wait !== null) {
        this.notBefore = Date.now() + wait;
        this.dirty = true;
        return;
      }
      const { status, code } = discordFailure(err);
      // The message was deleted (the channel still answers): a fresh one replaces it.
      if (status === 404 && Number(code) === 10008) return this.repost(phase);
      throw err;
    }
  }

  /** Posts a fresh status message, points the old one at it, and remembers it in Redis. */
  private async repost(phase: Phase = 'running'): Promise<void> {
    const previous = this.rec.messageId;
    const previousCreatedAt = this.rec.messageCreatedAt ?? 0;
    const posted = await this.port.post(this.rec.channelId, statusView(this.rec, this.latest, phase));
    this.rec = { ...this.rec, messageId: posted.id, messageCreatedAt: posted.createdAt };
    await this.records.save(this.rec);
    // Point the old message at the new one, unless it is itself too old to be edited safely.
    const late = (this.opts.lateEditAgeMs ?? LATE_EDIT_AGE_MS) - this.opts.intervalMs;
    if (previous && Date.now() - previousCreatedAt < late) {
      await sleep(this.editSlotIn());
      const note = t(this.rec.locale).continued(this.port.link(this.rec.channelId, posted.id));
      await this.port
        .edit(this.rec.channelId, previous, { content: note, embeds: [], components: [] })
        .catch(() => undefined)
        .finally(() => this.noteEdit());
    }
  }
}
