import { EvidenceError } from '../errors.js';
import { getBrowser } from './browser.js';

/** How to capture a document. */
export interface CaptureOptions {
  /** Viewport width in CSS pixels = PNG width (device scale factor 1). */
  width: number;
  /** Fixed height; when absent the page's content height is used. */
  height?: number;
  /** Upper bound of the content height. */
  maxHeight?: number;
  /** Budget for loading and capturing. */
  timeoutMs?: number;
}

/** Default cap of a content-sized capture, to keep images postable in chat. */
export const DEFAULT_MAX_HEIGHT = 8000;
const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * Renders self-contained HTML in the shared Chromium and returns a PNG of `width` × content
 * height (capped). Each capture gets its own context, and every network request is refused:
 * the documents are built from strings and must not fetch anything.
 */
export async function captureHtml(html: string, opts: CaptureOptions): Promise<Buffer> {
  const browser = await getBrowser();
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const context = await browser.newContext({
    viewport: { width: opts.width, height: opts.height ?? 100 },
    deviceScaleFactor: 1,
    javaScriptEnabled: false,
    offline: true,
  });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    let height = opts.height;
    if (height === undefined) {
      // A string expression: this package is compiled without the DOM typings.
      const content = Number(
        await page.evaluate('Math.ceil(document.documentElement.getBoundingClientRect().height)'),
      );
      height = Math.max(1, Math.min(content, opts.maxHeight ?? DEFAULT_MAX_HEIGHT));
      await page.setViewportSize({ width: opts.width, height });
    }
    return await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: opts.width, height }, timeout });
  } catch (err) {
    if (err instanceof EvidenceError) throw err;
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new EvidenceError('RENDER_FAILED', `rendering failed: ${reason}`, { cause: err });
  } finally {
    await context.close().catch(() => {});
  }
}
