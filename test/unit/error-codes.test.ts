import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Codes, codeDescriptions, isCode } from '../../src/shared/errors.js';

const START = '<!-- error-codes:start -->';
const END = '<!-- error-codes:end -->';

/** The README's troubleshooting table as the catalogue says it should read. */
function expectedTable(): string {
  const rows = Object.entries(codeDescriptions).map(([code, text]) => `| \`${code}\` | ${text} |`);
  return ['| code | what it means |', '| --- | --- |', ...rows].join('\n');
}

function readmeTable(): string {
  const text = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from < 0 || to < from) return '';
  return text.slice(from + START.length, to).trim();
}

describe('error codes', () => {
  it('the README troubleshooting table lists every code with its description, in catalogue order', () => {
    // On failure, paste the expected text between the two markers of README.md.
    expect(readmeTable()).toBe(expectedTable());
  });

  it('every code has exactly one name in Codes, and every name maps to a described code', () => {
    const values = Object.values(Codes);
    expect(new Set(values).size).toBe(values.length);
    expect([...values].sort()).toEqual(Object.keys(codeDescriptions).sort());
  });

  it('descriptions are one short line each', () => {
    for (const [code, text] of Object.entries(codeDescriptions)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(text, code).not.toMatch(/[\n|]/);
      expect(text.length, code).toBeLessThanOrEqual(120);
    }
  });

  it('isCode accepts the catalogue and nothing else', () => {
    expect(isCode('LAB_BUSY')).toBe(true);
    expect(isCode('QUOTA_LOW')).toBe(false);
    expect(isCode('toString')).toBe(false);
  });
});
