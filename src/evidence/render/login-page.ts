import type { Locator, Page } from 'playwright-core';
import { EvidenceError, PageUnreachableError } from '../errors.js';
import { httpUrl } from '../probe/options.js';
import { gotoOrUnreachable } from './screenshot-page.js';

/**
 * The steps of logging into a web UI and reading what it answered, shared by the Horizon and
 * Kubernetes dashboard screenshots: URLs without secrets, one time budget, the page's own error
 * text, and errors that never carry the password.
 */

/** Time to look for an error message the page shows after a refused login. */
const ERROR_TEXT_MS = 2_000;

/** A validated http(s) URL without `user:password@` (a secret must never travel in a URL). */
export function rootOf(url: string): string {
  if (!httpUrl.safeParse(url).success) throw new PageUnreachableError(url, 'not an http:// or https:// URL');
  const u = new URL(url);
  if (u.username || u.password) {
    u.username = '';
    u.password = '';
    throw new PageUnreachableError(u.toString(), 'the URL carries a user or password: give them as settings');
  }
  return url;
}

/** Remaining milliseconds of a budget (at least 1: Playwright reads 0 as "no timeout"). */
export function budget(timeoutMs: number): () => number {
  const end = Date.now() + timeoutMs;
  return () => Math.max(1, end - Date.now());
}

/** Loads a page; an HTTP error status counts as unreachable (a proxy's 502/503, a wrong path's 404). */
export async function open(page: Page, url: string, left: () => number): Promise<void> {
  const res = await gotoOrUnreachable(page, url, left());
  const status = res?.status() ?? 200;
  if (status >= 400) throw new PageUnreachableError(url, `HTTP ${status} ${res?.statusText() ?? ''}`.trim());
}

/** True when the element shows up within `timeoutMs`. */
export async function shows(
  locator: Locator,
  timeoutMs: number,
  state: 'visible' | 'attached' = 'visible',
): Promise<boolean> {
  try {
    await locator.waitFor({ state, timeout: timeoutMs });
    return true;
  } catch {
    return false;
  }
}

/** Clicks a form's submit button and waits for the page it leads to to load. */
export async function submitAndWait(
  page: Page,
  submit: Locator,
  left: () => number,
  url: string,
): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', {
    predicate: (f) => f === page.mainFrame(),
    timeout: left(),
  });
  navigated.catch(() => {});
  await submit.click({ timeout: left() });
  try {
    await navigated;
    await page.waitForLoadState('load', { timeout: left() });
  } catch (err) {
    throw new PageUnreachableError(url, `no answer to the login form within ${left()} ms`, { cause: err });
  }
}

/** The text of the first visible element among `locator`'s matches, or '' (waits briefly). */
export async function shownText(locator: Locator): Promise<string> {
  const visible = locator.filter({ visible: true }).first();
  if (!(await shows(visible, ERROR_TEXT_MS))) return '';
  // biome-ignore lint/performance/useDomNodeTextContent: the text as shown, without hidden nodes
  const text = await visible.innerText({ timeout: ERROR_TEXT_MS }).catch(() => '');
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** The first line of the page's text (e.g. Django's "Forbidden (403)"). */
export async function firstLine(page: Page): Promise<string> {
  const body = page.locator('body');
  // biome-ignore lint/performance/useDomNodeTextContent: the lines as shown (scripts and styles left out)
  return firstLineOf(await body.innerText({ timeout: ERROR_TEXT_MS }).catch(() => ''));
}

export function firstLineOf(text: string): string {
  return (text.split('\n').find((l) => l.trim()) ?? '').trim().slice(0, 200);
}

/**
 * Runs `work`; an error whose message (or whose cause's message) holds the secret is replaced
 * by one with the secret masked and no cause, so it cannot reach a log or a result.
 */
export async function withoutSecret<T>(secret: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (secret.length < 4 || !(err instanceof Error)) throw err;
    const cause = (err as { cause?: unknown }).cause;
    const leaks = err.message.includes(secret) || (cause instanceof Error && cause.message.includes(secret));
    if (!leaks) throw err;
    const message = err.message.split(secret).join('[REDACTED]');
    if (err instanceof EvidenceError) {
      const masked = new EvidenceError(err.code, message);
      masked.name = err.name;
      throw masked;
    }
    throw new Error(message);
  }
}
