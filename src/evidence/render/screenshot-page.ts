import { EvidenceError, PageUnreachableError } from '../errors.js';
import { httpUrl } from '../probe/options.js';
import { getBrowser } from './browser.js';

/** A web page to capture, e.g. the Kubernetes dashboard or the service's URL. */
export interface PageShot {
  url: string;
  /** Budget for loading the page; the whole call gives up shortly after it. */
  timeoutMs: number;
  width?: number;
  height?: number;
}

// Chromium's net error names, in words a student understands.
const NET_REASONS: Record<string, string> = {
  ERR_CONNECTION_REFUSED: 'connection refused',
  ERR_CONNECTION_RESET: 'connection reset',
  ERR_CONNECTION_CLOSED: 'connection closed without an answer',
  ERR_EMPTY_RESPONSE: 'empty response',
  ERR_CONNECTION_TIMED_OUT: 'connection timed out',
  ERR_TIMED_OUT: 'timed out',
  ERR_NAME_NOT_RESOLVED: 'DNS name not resolved',
  ERR_ADDRESS_UNREACHABLE: 'address unreachable',
  ERR_INTERNET_DISCONNECTED: 'network unreachable',
  ERR_UNSAFE_PORT: 'port blocked by the browser',
  ERR_CERT_AUTHORITY_INVALID: 'TLS certificate not trusted',
};
// Time to take the screenshot after the page loaded, on top of the page budget.
const CAPTURE_SLACK_MS = 5000;

/** Screenshot of a live page. Throws {@link PageUnreachableError} (`PAGE_UNREACHABLE`) when it cannot be loaded. */
export async function screenshotPage(shot: PageShot): Promise<Buffer> {
  if (!httpUrl.safeParse(shot.url).success) {
    throw new PageUnreachableError(shot.url, 'not an http:// or https:// URL');
  }
  const browser = await getBrowser();
  const width = shot.width ?? 1280;
  const height = shot.height ?? 800;
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: 1,
    ignoreHTTPSErrors: true,
  });
  // The whole call is bounded: even a page that loads but then never paints cannot hang it.
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new PageUnreachableError(shot.url, `no answer within ${shot.timeoutMs} ms`)),
      shot.timeoutMs + CAPTURE_SLACK_MS,
    );
  });
  try {
    const work = (async () => {
      const page = await context.newPage();
      try {
        await page.goto(shot.url, { timeout: shot.timeoutMs, waitUntil: 'load' });
      } catch (err) {
        throw new PageUnreachableError(shot.url, unreachableReason(err, shot.timeoutMs), { cause: err });
      }
      return page.screenshot({ type: 'png', timeout: CAPTURE_SLACK_MS });
    })();
    work.catch(() => {});
    return await Promise.race([work, deadline]);
  } catch (err) {
    if (err instanceof EvidenceError) throw err;
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new EvidenceError('RENDER_FAILED', `screenshot of ${shot.url} failed: ${reason}`, { cause: err });
  } finally {
    clearTimeout(timer);
    await context.close().catch(() => {});
  }
}

/** Plain-words reason from a Playwright navigation error. */
export function unreachableReason(err: unknown, timeoutMs: number): string {
  const message = err instanceof Error ? err.message : String(err);
  if ((err as { name?: string } | null)?.name === 'TimeoutError' || /Timeout \d+ms exceeded/.test(message)) {
    return `no answer within ${timeoutMs} ms`;
  }
  const net = /net::(ERR_[A-Z_]+)/.exec(message)?.[1];
  if (net !== undefined) return `${NET_REASONS[net] ?? net.toLowerCase().replace(/_/g, ' ')} (${net})`;
  return message.split('\n')[0] ?? 'unknown error';
}
