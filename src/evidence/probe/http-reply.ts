/**
 * A minimal HTTP/1.x response reader for the probe: status line, headers, then a body framed
 * by Content-Length, chunked transfer coding, or the end of the connection (RFC 9112 §6.3).
 * It keeps the first `maxBody` bytes of the body and counts the rest.
 */

/** Why a reply could not be read; the code follows Node's `HPE_*` parser codes. */
export class ReplyParseError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

const CRLF2 = Buffer.from('\r\n\r\n');
/** Headers larger than this are refused, as Node's default `maxHeaderSize` (16 KiB) does. */
const MAX_HEADER_BYTES = 16 * 1024;
const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})(?: |$)/;

const Stage = {
  Head: 0,
  Length: 1,
  ChunkSize: 2,
  ChunkData: 3,
  ChunkEnd: 4,
  Trailers: 5,
  ToClose: 6,
  Done: 7,
} as const;
type Stage = (typeof Stage)[keyof typeof Stage];

/** Feeds bytes in, tells when the reply is complete; `body()` gives the kept bytes. */
export class ReplyReader {
  status = 0;
  /** Body bytes seen, kept or not. */
  bodySize = 0;
  private stage: Stage = Stage.Head;
  private pending: Buffer | undefined;
  private remaining = 0;
  private readonly kept: Buffer[] = [];
  private keptSize = 0;

  constructor(private readonly maxBody: number) {}

  /** True once the whole reply is in. */
  get done(): boolean {
    return this.stage === Stage.Done;
  }

  /** True when the body runs to the end of the connection (no length, not chunked). */
  get endsAtClose(): boolean {
    return this.stage === Stage.ToClose;
  }

  /** Takes the next bytes; `data` may be reused by the caller afterwards. Throws ReplyParseError. */
  push(data: Buffer): void {
    let buf = data;
    if (this.pending !== undefined) {
      buf = Buffer.concat([this.pending, data]);
      this.pending = undefined;
    }
    let at = 0;
    while (at < buf.length && this.stage !== Stage.Done) {
      const next = this.step(buf, at);
      if (next < 0) {
        // Needs more bytes: keep the unread tail (a copy, as `data` may be reused).
        this.pending = Buffer.from(buf.subarray(at));
        if (this.stage === Stage.Head && this.pending.length > MAX_HEADER_BYTES) {
          throw new ReplyParseError('HPE_HEADER_OVERFLOW', 'Parse Error: Header overflow');
        }
        return;
      }
      at = next;
    }
  }

  /** The kept body bytes (at most `maxBody`). */
  body(): Buffer {
    return this.kept.length === 1 ? (this.kept[0] as Buffer) : Buffer.concat(this.kept);
  }

  /** One parse step from `at`; returns the next offset, or -1 when more bytes are needed. */
  private step(buf: Buffer, at: number): number {
    switch (this.stage) {
      case Stage.Head:
        return this.head(buf, at);
      case Stage.Length:
      case Stage.ChunkData: {
        const take = Math.min(this.remaining, buf.length - at);
        this.keep(buf, at, at + take);
        this.remaining -= take;
        if (this.remaining === 0) this.stage = this.stage === Stage.Length ? Stage.Done : Stage.ChunkEnd;
        return at + take;
      }
      case Stage.ToClose:
        this.keep(buf, at, buf.length);
        return buf.length;
      case Stage.ChunkSize:
        return this.chunkSize(buf, at);
      case Stage.ChunkEnd: {
        if (buf.length - at < 2) return -1;
        if (buf[at] !== 13 || buf[at + 1] !== 10) throw bad('HPE_STRICT', 'Expected CRLF after chunk');
        this.stage = Stage.ChunkSize;
        return at + 2;
      }
      default: {
        // Trailers: skipped up to the empty line.
        const eol = buf.indexOf('\r\n', at, 'latin1');
        if (eol < 0) return -1;
        if (eol === at) this.stage = Stage.Done;
        return eol + 2;
      }
    }
  }

  private head(buf: Buffer, at: number): number {
    const end = buf.indexOf(CRLF2, at);
    if (end < 0) return -1;
    // One string for the whole head, walked line by line without splitting it.
    const text = buf.toString('latin1', at, end);
    const firstEnd = text.indexOf('\r\n');
    const status = STATUS_LINE.exec(firstEnd < 0 ? text : text.slice(0, firstEnd));
    if (!status) throw bad('HPE_INVALID_CONSTANT', 'Expected HTTP/');
    this.status = Number(status[1]);
    let length = -1;
    let chunked = false;
    for (let from = firstEnd; from >= 0; ) {
      const start = from + 2;
      const next = text.indexOf('\r\n', start);
      const stop = next < 0 ? text.length : next;
      from = next;
      const colon = text.indexOf(':', start);
      if (colon <= start || colon >= stop) throw bad('HPE_INVALID_HEADER_TOKEN', 'Invalid header value char');
      // Only two names matter; their lengths spare slicing every other header.
      const nameLength = colon - start;
      if (nameLength !== 14 && nameLength !== 17) continue;
      const name = text.slice(start, colon).toLowerCase();
      if (name === 'content-length') {
        const value = text.slice(colon + 1, stop).trim();
        if (!/^\d+$/.test(value) || (length >= 0 && Number(value) !== length)) {
          throw bad('HPE_INVALID_CONTENT_LENGTH', 'Invalid character in Content-Length');
        }
        length = Number(value);
      } else if (name === 'transfer-encoding') {
        chunked = /(?:^|,)\s*chunked\s*$/i.test(text.slice(colon + 1, stop));
      }
    }
    const s = this.status;
    if (s >= 100 && s < 200 && s !== 101) return end + 4; // interim reply: the real one follows
    if (s === 204 || s === 304) this.stage = Stage.Done;
    else if (chunked) this.stage = Stage.ChunkSize;
    else if (length >= 0) {
      this.remaining = length;
      this.stage = length === 0 ? Stage.Done : Stage.Length;
    } else this.stage = Stage.ToClose;
    return end + 4;
  }

  private chunkSize(buf: Buffer, at: number): number {
    const eol = buf.indexOf('\r\n', at, 'latin1');
    if (eol < 0) return -1;
    const line = buf.toString('latin1', at, eol);
    const semi = line.indexOf(';');
    const hex = (semi < 0 ? line : line.slice(0, semi)).trim();
    if (!/^[0-9a-fA-F]{1,12}$/.test(hex))
      throw bad('HPE_INVALID_CHUNK_SIZE', 'Invalid character in chunk size');
    this.remaining = Number.parseInt(hex, 16);
    this.stage = this.remaining === 0 ? Stage.Trailers : Stage.ChunkData;
    return eol + 2;
  }

  private keep(buf: Buffer, from: number, to: number): void {
    this.bodySize += to - from;
    const room = this.maxBody - this.keptSize;
    if (room <= 0 || to <= from) return;
    const end = Math.min(to, from + room);
    // A copy: the caller's read buffer is reused for the next read.
    const piece = Buffer.allocUnsafe(end - from);
    buf.copy(piece, 0, from, end);
    this.kept.push(piece);
    this.keptSize += end - from;
  }
}

function bad(code: string, message: string): ReplyParseError {
  return new ReplyParseError(code, `Parse Error: ${message}`);
}
