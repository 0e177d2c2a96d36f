import type { ProgressEvent } from '../jobs/events.js';
import { Tail } from '../shared/lines.js';
import type { ProgressSink } from './context.js';

/**
 * Turns a job's step changes and log lines into progress events. Step changes go out at
 * once; log lines and messages are coalesced (the latest state wins) so a tool printing
 * thousands of lines makes a handful of Redis writes, not thousands.
 */
export class Reporter {
  private tail = new Tail(12);
  private state: Omit<ProgressEvent, 'log' | 'at'> = {
    kind: 'step',
    step: 'start',
    index: 0,
    count: 0,
    message: '',
  };
  private timer: NodeJS.Timeout | undefined;
  private lastSent = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly sink: ProgressSink,
    private readonly minIntervalMs = 500,
  ) {}

  step(step: string, index: number, count: number, message: string): void {
    this.state = { kind: 'step', step, index, count, message };
    this.flush();
  }

  waiting(message: string): void {
    this.state = { ...this.state, kind: 'waiting', message };
    this.flush();
  }

  message(message: string): void {
    this.state = { ...this.state, kind: 'step', message };
    this.schedule();
  }

  line(line: string): void {
    this.tail.push(line);
    this.schedule();
  }

  lastLines(): string[] {
    return this.tail.get();
  }

  /** Sends the current state now, and waits for every event sent so far. */
  async drain(): Promise<void> {
    if (this.timer) this.flush();
    await this.chain;
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastSent + this.minIntervalMs - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
    this.timer.unref?.();
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.lastSent = Date.now();
    const event: ProgressEvent = { ...this.state, log: this.tail.get(), at: this.lastSent };
    // Sent in order; a failed send is not fatal to the job (the next one carries the state).
    this.chain = this.chain.then(async () => {
      try {
        await this.sink(event);
      } catch {
        /* Redis away for a moment: the next event supersedes this one */
      }
    });
  }
}
