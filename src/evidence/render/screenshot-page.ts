import type { Page, Response } from 'playwright-core';
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
export const CAPTURE_SLACK_MS = 5000;

/** Where a bounded page session goes first (named in its errors), its budget and its viewport. */
export interface PageSession {
  url: string;
  /** Budget for the work; the whole call gives up shortly after it. */
  timeoutMs: number;
  width?: number;
  height?: number;
}

/**
 * Runs `work` in a tab of a fresh browser context (no cookies shared with other captures,
 * TLS errors ignored as the lab's certificates are self-signed), on the shared Chromium.
 * The whole call is bounded: even a page that loads but then never paints cannot hang it
 * ({@link PageUnreachableError} after the budget and a few seconds of slack). Errors that are
 * not evidence errors become `RENDER_FAILED`.
 */
export async function withPageSession<T>(session: PageSession, work: (page: Page) => Promise<T>): Promise<T> {
  const browser = await getBrowser();
  const context = await browser.newContext({
    viewport: { width: session.width ?? 1280, height: session.height ?? 800 },
    deviceScaleFactor: 1,
    ignoreHTTPSErrors: true,
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new PageUnreachableError(session.url, `no answer within ${session.timeoutMs} ms`)),
      session.timeoutMs + CAPTURE_SLACK_MS,
    );
  });
  try {
    const run = (async () => work(await context.newPage()))();
    run.catch(() => {});
    return await Promise.race([run, deadline]);
  } catch (err) {
    if (err instanceof EvidenceError) throw err;
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new EvidenceError('RENDER_FAILED', `screenshot of ${session.url} failed: ${reason}`, {
      cause: err,
    });
  } finally {
    clearTimeout(timer);
    await context.close().catch(() => {});
  }
}

/** `page.goto`, its failures (refused, timed out, DNS, TLS) as {@link PageUnreachableError}. */
export async function gotoOrUnreachable(
  page: Page,
  url: string,
  timeoutMs: number,
  waitUntil: 'load' | 'domcontentloaded' = 'load',
): Promise<Response | null> {
  try {
    return await page.goto(url, { timeout: timeoutMs, waitUntil });
  } catch (err) {
    throw new PageUnreachableError(url, unreachableReason(err, timeoutMs), { cause: err });
  }
}

/** Screenshot of a live page. Throws {@link PageUnreachableError} (`PAGE_UNREACHABLE`) when it cannot be loaded. */
export async function screenshotPage(shot: PageShot): Promise<Buffer> {
  if (!httpUrl.safeParse(shot.url).success) {
    throw new PageUnreachableError(shot.url, 'not an http:// or https:// URL');
  }
  return withPageSession(shot, async (page) => {
    await gotoOrUnreachable(page, shot.url, shot.timeoutMs);
    return page.screenshot({ type: 'png', timeout: CAPTURE_SLACK_MS });
  });
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
