import { describe, expect, it } from 'vitest';
import { crc32, isPng, readPngInfo } from '../../src/evidence/render/png.js';

// A complete 3x2 RGBA PNG (IHDR, one zlib IDAT, IEND).
const PNG_3X2 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAYAAACddGYaAAAADklEQVR4nGOoRwIMyBwAmuIL6QDbxXQAAAAASUVORK5CYII=',
  'base64',
);

describe('png header reader', () => {
  it('reads size and format from IHDR', () => {
    expect(isPng(PNG_3X2)).toBe(true);
    expect(readPngInfo(PNG_3X2)).toEqual({
      width: 3,
      height: 2,
      bitDepth: 8,
      colorType: 6,
      interlaced: false,
    });
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.from('IEND'))).toBe(0xae426082);
  });

  it('rejects a bad signature, a truncated file, a wrong first chunk and a corrupted IHDR', () => {
    expect(() => readPngInfo(Buffer.from('GIF89a....................................'))).toThrow(
      /bad signature/,
    );
    expect(() => readPngInfo(PNG_3X2.subarray(0, 20))).toThrow(/too short/);
    const wrongChunk = Buffer.from(PNG_3X2);
    wrongChunk.write('IDAT', 12, 'latin1');
    expect(() => readPngInfo(wrongChunk)).toThrow(/not IHDR/);
    const corrupted = Buffer.from(PNG_3X2);
    corrupted.writeUInt32BE(3000, 16);
    expect(() => readPngInfo(corrupted)).toThrow(/CRC mismatch/);
    expect(isPng(Buffer.alloc(4))).toBe(false);
  });
});
