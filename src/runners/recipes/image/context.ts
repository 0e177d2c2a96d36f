import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `<repo>/assets/hello-node`, found from this module in src/ or dist/. */
export function helloNodeDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'assets', 'hello-node');
    try {
      readFileSync(join(candidate, 'server.js'));
      return candidate;
    } catch {
      dir = dirname(dir);
    }
  }
  throw new Error('assets/hello-node not found next to labops');
}

/** Pure: the message of the guide's server for a tag: v1 is the guide's own, any other says its tag. */
export function messageFor(tag: string): string {
  return tag === 'v1' ? 'Hello World!' : `Hello World ${tag}!`;
}

/**
 * The build context for `tag`: the guide's folder for v1; for any other tag a temporary copy
 * whose server.js answers with another message, so a rollout visibly changes the answers.
 */
export function buildContext(tag: string): string {
  const src = helloNodeDir();
  if (tag === 'v1') return src;
  const dir = mkdtempSync(join(tmpdir(), `labops-hello-node-${tag}-`));
  cpSync(src, dir, { recursive: true });
  const server = join(dir, 'server.js');
  writeFileSync(server, readFileSync(server, 'utf8').replace('"Hello World!"', `"${messageFor(tag)}"`));
  return dir;
}
