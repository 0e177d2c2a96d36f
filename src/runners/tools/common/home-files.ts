import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Files handed to the lab's snapped tools: juju's cloud and credential definitions, bundles and
 * overlays, `config --file`; openstack's `--user-data`. Juju 3 is a strictly confined snap: it has
 * a private /tmp, does not see /opt (where labops is installed) and may not open hidden paths; it
 * reads only non-hidden files under $HOME. These files therefore live in
 * `~/labops-tmp/<prefix>-XXXXXX` (0700, files 0600) and are removed afterwards, since they may hold
 * a password or a private key.
 */
export async function withHomeFiles<T>(
  env: NodeJS.ProcessEnv,
  prefix: string,
  files: Record<string, string>,
  fn: (paths: Record<string, string>, dir: string) => Promise<T>,
): Promise<T> {
  const root = join(env.HOME || homedir(), 'labops-tmp');
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const dir = mkdtempSync(join(root, `${prefix}-`));
  chmodSync(dir, 0o700);
  try {
    const paths: Record<string, string> = {};
    for (const [name, text] of Object.entries(files)) {
      paths[name] = join(dir, name);
      writeFileSync(paths[name], text, { mode: 0o600 });
    }
    return await fn(paths, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
