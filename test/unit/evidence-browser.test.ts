import { afterEach, describe, expect, it } from 'vitest';
import { ChromiumMissingError, hasEvidenceCode } from '../../src/evidence/errors.js';
import {
  chromiumPath,
  DEFAULT_CHROMIUM_PATH,
  disposeBrowser,
  getBrowser,
} from '../../src/evidence/render/browser.js';

afterEach(async () => {
  await disposeBrowser();
});

describe('browser', () => {
  it('uses CHROMIUM_PATH or the Debian package path', () => {
    expect(chromiumPath({})).toBe(DEFAULT_CHROMIUM_PATH);
    expect(chromiumPath({ CHROMIUM_PATH: ' /opt/chrome ' })).toBe('/opt/chrome');
  });

  it('names the Debian package when Chromium is missing, and tries again next time', async () => {
    const env = { CHROMIUM_PATH: '/nonexistent/chromium' };
    const err = await getBrowser(env).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChromiumMissingError);
    expect(hasEvidenceCode(err, 'CHROMIUM_MISSING')).toBe(true);
    expect((err as Error).message).toContain('/nonexistent/chromium');
    expect((err as Error).message).toContain('apt-get install -y chromium');
    // A failed start is not cached: a later call looks again.
    const again = await getBrowser(env).catch((e: unknown) => e);
    expect(again).not.toBe(err);
    expect(hasEvidenceCode(again, 'CHROMIUM_MISSING')).toBe(true);
  });
});
