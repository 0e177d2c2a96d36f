import { open, stat } from 'node:fs/promises';
import type { ArtifactRef } from '../jobs/events.js';
import type { ArtifactStore } from '../services/artifacts.js';

/**
 * Stores a job's spooled (already redacted) log as an artifact. A log over the artifact
 * limit keeps its end, where failures are, with a note saying how much was left out.
 */
export async function storeLog(
  store: ArtifactStore,
  path: string,
  name: string,
  maxBytes = 4 * 1024 * 1024,
): Promise<ArtifactRef | null> {
  const info = await stat(path).catch(() => null);
  if (!info || info.size === 0) return null;
  const fh = await open(path, 'r');
  try {
    const keep = Math.min(info.size, maxBytes);
    const buf = Buffer.alloc(keep);
    await fh.read(buf, 0, keep, info.size - keep);
    const body =
      keep < info.size
        ? Buffer.concat([Buffer.from(`[… ${info.size - keep} earlier bytes left out …]\n`), buf])
        : buf;
    return await store.put(name, 'text/plain; charset=utf-8', body);
  } finally {
    await fh.close();
  }
}
