import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { until } from '../support/faults.js';
import { repoRoot, tempDir } from '../support/procs.js';

/**
 * The browser that takes the checkpoint pictures leaves nothing running once its owner has
 * closed it: not the browser, not its helpers, not the crash reporter's detached
 * `chrome_crashpad_handler` pair. Each run has a HOME of its own, which the crash reporter's
 * `--database` names. (A process that has exited but that PID 1 has not reaped yet, a zombie,
 * has no command line any more and runs nothing: it is not counted.)
 */
function processesNaming(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmd.includes(text) && !cmd.includes('node ')) found.push(`${pid} ${cmd.slice(0, 120)}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

const script = `
import { getBrowser, disposeBrowser } from ${JSON.stringify(join(repoRoot, 'dist/evidence/render/browser.js'))};
const browser = await getBrowser();
const page = await browser.newPage();
await page.setContent('<h1>evidence</h1>');
await page.screenshot();
process.stdout.write('open\\n');
await new Promise((r) => process.stdin.once('data', r));
await disposeBrowser();
`;

describe('Chromium processes', () => {
  it('no Chromium process, crash reporter included, outlives the browser', async () => {
    const home = tempDir('labops-chromium-home-');
    const child = execa(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH ?? '', HOME: home },
      stdin: 'pipe',
      reject: false,
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (c: Buffer) => c.toString().includes('open') && resolve());
      child.catch(reject);
      void child.then((r) => reject(new Error(`the browser script ended early: ${r.stderr}`)));
    });
    // The check itself: while the browser is open, its crash reporter names that HOME.
    await until(() => processesNaming(`--database=${home}`).length > 0, 5_000, 'the crash reporter');
    child.stdin?.end('close\n');
    const r = await child;
    expect(r.exitCode, r.stderr).toBe(0);
    await until(() => processesNaming(home).length === 0, 5_000, 'every Chromium process to end').catch(
      () => undefined,
    );
    expect(processesNaming(home)).toEqual([]);
  });
});
