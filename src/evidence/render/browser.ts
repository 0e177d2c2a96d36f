import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { ChromiumMissingError, EvidenceError } from '../errors.js';

/** Where the Debian `chromium` package installs the browser. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for a headless Chromium on a closed lab network. Without the background-networking
 * flags Chromium keeps trying to reach Google services, and on this network those connection
 * attempts get refused; QUIC is off because the lab's middleboxes only pass TCP. Crash dumps
 * are not uploaded (`--disable-breakpad`). The crash reporter's two `chrome_crashpad_handler`
 * processes still start (Chromium 156 has no switch that stops them and still loads pages:
 * `--disable-crashpad-for-testing` aborts every navigation); they detach from the browser and
 * exit with it, so PID 1 must reap them: the compose services run with `init: true`.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-breakpad',
];

const LAUNCH_TIMEOUT_MS = 30_000;
let shared: Promise<Browser> | undefined;

/** The Chromium binary to use: `CHROMIUM_PATH` when set, else the Debian package's. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH?.trim() || DEFAULT_CHROMIUM_PATH;
}

/**
 * The process-wide headless Chromium, started on first use. Playwright's `launch` gives it a
 * fresh temporary profile that is deleted on close. A crashed browser is replaced on the next
 * call. Throws {@link ChromiumMissingError} when the binary is not installed.
 */
export function getBrowser(env: NodeJS.ProcessEnv = process.env): Promise<Browser> {
  shared ??= launch(chromiumPath(env)).catch((err: unknown) => {
    shared = undefined;
    throw err;
  });
  return shared;
}

/** Closes the shared browser if it was started; safe to call more than once. */
export async function disposeBrowser(): Promise<void> {
  const current = shared;
  shared = undefined;
  if (current === undefined) return;
  const browser = await current.catch(() => undefined);
  await browser?.close().catch(() => {});
}

async function launch(executablePath: string): Promise<Browser> {
  try {
    await access(executablePath, constants.X_OK);
  } catch (err) {
    throw new ChromiumMissingError(executablePath, { cause: err });
  }
  let browser: Browser;
  try {
    // Loaded here, at the first picture: a runner that takes no checkpoint never loads it.
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: LAUNCH_TIMEOUT_MS,
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new EvidenceError('RENDER_FAILED', `could not start Chromium at ${executablePath}: ${reason}`, {
      cause: err,
    });
  }
  browser.on('disconnected', () => {
    if (shared !== undefined) {
      void shared.then((b) => {
        if (b === browser) shared = undefined;
      });
    }
  });
  return browser;
}
