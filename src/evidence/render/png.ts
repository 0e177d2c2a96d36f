/**
 * A tiny PNG header reader: checks the signature and the IHDR chunk (including its CRC) and
 * returns the image size. Enough to check a screenshot is a real PNG of the expected size
 * without an image library.
 */

/** The 8 bytes every PNG starts with. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** What the IHDR chunk says about an image. */
export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  /** 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA. */
  colorType: number;
  interlaced: boolean;
}

const IHDR_LENGTH = 13;
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 as used by PNG chunks (ISO 3309 / zlib). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** True when `data` starts with the PNG signature. */
export function isPng(data: Uint8Array): boolean {
  return data.length >= 8 && Buffer.from(data.subarray(0, 8)).equals(PNG_SIGNATURE);
}

/** Reads signature and IHDR; throws an Error saying what is wrong when it is not a valid PNG. */
export function readPngInfo(data: Uint8Array): PngInfo {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (!isPng(buf)) throw new Error('not a PNG: bad signature');
  if (buf.length < 8 + 8 + IHDR_LENGTH + 4) throw new Error('not a PNG: too short for an IHDR chunk');
  const length = buf.readUInt32BE(8);
  const type = buf.toString('latin1', 12, 16);
  if (type !== 'IHDR' || length !== IHDR_LENGTH) throw new Error('not a PNG: first chunk is not IHDR');
  const storedCrc = buf.readUInt32BE(16 + IHDR_LENGTH);
  if (crc32(buf.subarray(12, 16 + IHDR_LENGTH)) !== storedCrc)
    throw new Error('not a PNG: IHDR CRC mismatch');
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  if (width === 0 || height === 0) throw new Error('not a PNG: zero width or height');
  return {
    width,
    height,
    bitDepth: buf.readUInt8(24),
    colorType: buf.readUInt8(25),
    interlaced: buf.readUInt8(28) === 1,
  };
}
