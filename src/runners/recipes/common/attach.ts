import type { ArtifactRef } from '../../../jobs/events.js';
import type { RecipeContext } from '../../context.js';

/** Stores a picture of the job and lists it on `ctx.produced`, which the result carries. */
export async function attachPng(ctx: RecipeContext, name: string, png: Buffer): Promise<ArtifactRef> {
  const ref = await ctx.artifacts.put(name, 'image/png', png);
  ctx.produced.push(ref);
  return ref;
}
