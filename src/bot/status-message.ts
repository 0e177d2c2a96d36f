import type { ProgressEvent } from '../jobs/events.js';
import type { Logger } from '../shared/logger.js';
import type { ChannelPort } from './channel-port.js';
import { t } from './i18n.js';
import type { JobRecord, JobRecords } from './job-record.js';
import { type Phase, statusView } from './status-view.js';

export interface StatusOptions {
  /** Least time between two edits (default 1 s). */
  intervalMs: number;
  /** Age at which the message is replaced by a fresh one (Discord limits edits after 1 h). */
  maxAgeMs: number;
  log: Logger;
}

/** Discord codes meaning "this message cannot be edited any more": post a fresh one. */
const REPOST_CODES = new Set([10008, 30046]);

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
  /** Edits made (for metrics and tests). */
  edits = 0;

  constructor(
    private rec: JobRecord,
    private readonly port: ChannelPort,
    private readonly records: JobRecords,
    private readonly opts: StatusOptions,
  ) {}

  get record(): JobRecord {
    return this.rec;
  }

  /** Posts the message unless the record already has one (a resumed job keeps its message). */
  async ensurePosted(initial: ProgressEvent | null = null): Promise<void> {
    this.latest = initial ?? this.latest;
    if (!this.rec.messageId) await this.repost();
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
    await this.write(phase).catch((err) =>
      this.opts.log.warn({ err, jobId: this.rec.jobId }, 'final status edit failed'),
    );
  }

  private schedule(): void {
    if (this.timer || this.inflight || this.closed || !this.posted) return;
    const wait = Math.max(0, this.lastEditAt + this.opts.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.dirty = false;
      this.inflight = this.write('running')
        .catch((err) => this.opts.log.warn({ err, jobId: this.rec.jobId }, 'status edit failed'))
        .finally(() => {
          this.inflight = null;
          if (this.dirty) this.schedule();
        });
    }, wait);
  }

  private async write(phase: Phase): Promise<void> {
    this.lastEditAt = Date.now();
    const old = this.rec.messageCreatedAt ?? 0;
    if (!this.rec.messageId || Date.now() - old > this.opts.maxAgeMs) {
      await this.repost(phase);
      return;
    }
    try {
      this.edits++;
      await this.port.edit(this.rec.channelId, this.rec.messageId, statusView(this.rec, this.latest, phase));
    } catch (err) {
      if (!REPOST_CODES.has(Number((err as { code?: unknown }).code))) throw err;
      await this.repost(phase);
    }
  }

  /** Posts a fresh status message, points the old one at it, and remembers it in Redis. */
  private async repost(phase: Phase = 'running'): Promise<void> {
    const previous = this.rec.messageId;
    const previousAge = Date.now() - (this.rec.messageCreatedAt ?? 0);
    const posted = await this.port.post(this.rec.channelId, statusView(this.rec, this.latest, phase));
    this.rec = { ...this.rec, messageId: posted.id, messageCreatedAt: posted.createdAt };
    await this.records.save(this.rec);
    // Point the old message at the new one, unless it is itself too old to be edited safely.
    if (previous && previousAge < this.opts.maxAgeMs + 2 * this.opts.intervalMs) {
      const note = t(this.rec.locale).continued(this.port.link(this.rec.channelId, posted.id));
      await this.port
        .edit(this.rec.channelId, previous, { content: note, embeds: [], components: [] })
        .catch(() => undefined);
    }
  }
}
