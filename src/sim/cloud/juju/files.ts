import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { CliExit } from '../cli/io.js';
import type { JujuMode } from '../state/types.js';

/**
 * Reads a file named on juju's command line as juju itself would. From 3.0 on juju is a strictly
 * confined snap: it has a private /tmp, sees none of the host's /opt, and its `home` interface
 * covers only non-hidden paths under $HOME. A file elsewhere is missing to it, a hidden one is
 * denied. Juju 2.9 was a classic snap and reads any path.
 */
export function readJujuFile(env: NodeJS.ProcessEnv, mode: JujuMode, file: string): string {
  const path = resolve(file);
  if (mode !== '2.9' && env.HOME) {
    const rel = relative(resolve(env.HOME), path);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel))
      throw new CliExit(`ERROR open ${path}: no such file or directory\n`, 1);
    if (rel.split(sep).some((part) => part.startsWith('.')))
      throw new CliExit(`ERROR open ${path}: permission denied\n`, 1);
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliExit(
      `ERROR open ${path}: ${code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : 'no such file or directory'}\n`,
      1,
    );
  }
}
