/**
 * The caller's settings that would change what the product under test does: the tests set
 * their own (REDIS_URL of their Redis, LABOPS_TEAM of their team, …) and must not inherit a
 * developer's. Test knobs (LABOPS_FULL, LABOPS_REAL_FIXTURES, LABOPS_FAULT_*) are kept.
 */
const KEEP = /^LABOPS_(FULL|REAL_FIXTURES|FAULT_\w+)$/;
const DROP = /^(REDIS_\w+|LABOPS_\w+|DISCORD_\w+|OS_\w+|JUJU_\w+|KUBECONFIG|DOCKER_HOST|VAULT_\w+)$/;

/** Removes the caller's product settings from `env` (default: this process's); returns their names. */
export function cleanEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const dropped = Object.keys(env).filter((k) => DROP.test(k) && !KEEP.test(k));
  for (const k of dropped) delete env[k];
  return dropped;
}
