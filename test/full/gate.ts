/**
 * The gate of the full tier (test/full, run by `npm run test:full`): under CI or with
 * LABOPS_FULL=1 a missing real tool fails the run with what to install; elsewhere a test may
 * skip with a visible note.
 */
export const FULL_REQUIRED = process.env.CI === 'true' || process.env.LABOPS_FULL === '1';

/**
 * The verdict for a tier test that needs real tools: `null` when nothing is missing, else
 * the one-line reason. Throws it when the tier is required, so the run fails instead of skipping.
 */
export function requireTools(missingPackages: string[], what: string): string | null {
  if (missingPackages.length === 0) return null;
  const reason = `${what} not installed: apt-get install -y ${missingPackages.join(' ')} (Debian packages)`;
  if (FULL_REQUIRED) throw new Error(reason);
  return reason;
}
