import { StringDecoder } from 'node:string_decoder';

/**
 * Splits a byte stream into lines without holding more than one (capped) line in memory.
 * A line longer than `maxLine` characters is cut and marked, so one huge line cannot grow
 * the process.
 */
export class LineSplitter {
  private decoder = new StringDecoder('utf8');
  private partial = '';
  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLine = 8192,
  ) {}

  push(chunk: Buffer | string): void {
    const text = this.partial + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    for (const p of parts) this.emit(p);
    if (this.partial.length > this.maxLine) {
      this.emit(this.partial);
      this.partial = '';
    }
  }

  end(): void {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest) this.emit(rest);
  }

  private emit(line: string): void {
    const clean = line.endsWith('\r') ? line.slice(0, -1) : line;
    this.onLine(clean.length > this.maxLine ? `${clean.slice(0, this.maxLine)} …[line cut]` : clean);
  }
}

/** A fixed-size ring of the last lines seen. */
export class Tail {
  private lines: string[] = [];
  constructor(private readonly size: number) {}
  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.size) this.lines.splice(0, this.lines.length - this.size);
  }
  get(): string[] {
    return [...this.lines];
  }
}
