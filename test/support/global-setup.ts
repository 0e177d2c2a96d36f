import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromiumPath } from '../../src/evidence/render/browser.js';
import { cleanEnv } from './clean-env.js';

/** What the tests run for real, and the Debian packages that install it. */
const NEEDS: { tool: string; packages: string; path?: (env: NodeJS.ProcessEnv) => string }[] = [
  { tool: 'redis-server', packages: 'redis-server' },
  { tool: 'kubectl', packages: 'kubernetes-client' },
  { tool: 'chromium', packages: 'chromium fonts-dejavu-core', path: (env) => chromiumPath(env) },
  { tool: 'openssl', packages: 'openssl' },
];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(tool: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(delimiter).some((d) => d && executable(join(d, tool)));
}

/** The missing tools and their packages, as one `apt-get install` line; empty when nothing is missing. */
export function missingPrerequisites(env: NodeJS.ProcessEnv = process.env): string {
  const missing = NEEDS.filter((n) => (n.path ? !executable(n.path(env)) : !onPath(n.tool, env)));
  if (!missing.length) return '';
  return (
    `TEST_PREREQUISITES: ${missing.map((m) => m.tool).join(', ')} not found; install them with ` +
    `sudo apt-get install ${missing.map((m) => m.packages).join(' ')}`
  );
}

/**
 * Vitest's global setup, run once before any test file: stops the run at once, in one line,
 * when a tool the tests run for real is missing, and drops the caller's product settings
 * (REDIS_URL, LABOPS_*, …) so the test processes never see them.
 */
export default function setup(): void {
  cleanEnv();
  const line = missingPrerequisites();
  if (line) {
    process.stderr.write(`${line}\n`);
    process.exit(1);
  }
}
