import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ArtifactRef } from '../jobs/events.js';
import { keys } from '../jobs/queue.js';
import { Codes, UserError } from '../shared/errors.js';

/**
 * Artifacts (PNG screenshots, full logs) live in Redis with a TTL and a size limit, under
 * the team's prefix, so bot and runner never share a disk.
 */
export interface ArtifactStore {
  put(name: string, contentType: string, body: Buffer): Promise<ArtifactRef>;
  get(id: string): Promise<{ ref: ArtifactRef; body: Buffer } | null>;
}

export function artifactStore(
  redis: Redis,
  team: string,
  opts: { ttlS: number; maxBytes: number },
): ArtifactStore {
  return {
    async put(name, contentType, body) {
      if (body.length > opts.maxBytes) {
        throw new UserError(
          Codes.badInput,
          `artifact ${name} is ${body.length} bytes, over the limit of ${opts.maxBytes} bytes`,
        );
      }
      const id = randomBytes(8).toString('hex');
      const ref: ArtifactRef = {
        id,
        name,
        contentType,
        bytes: body.length,
        sha256: createHash('sha256').update(body).digest('hex'),
      };
      await redis
        .multi()
        .set(keys.artifact(team, id), body, 'EX', opts.ttlS)
        .set(keys.artifactMeta(team, id), JSON.stringify(ref), 'EX', opts.ttlS)
        .exec();
      return ref;
    },
    async get(id) {
      if (!/^[a-f0-9]{16}$/.test(id)) return null;
      const [body, meta] = await Promise.all([
        redis.getBuffer(keys.artifact(team, id)),
        redis.get(keys.artifactMeta(team, id)),
      ]);
      if (!body || !meta) return null;
      return { ref: JSON.parse(meta) as ArtifactRef, body };
    },
  };
}
