import type { Config } from '../shared/config.js';

/**
 * Whether to drive the simulated lab: forced by LABOPS_SIM=1/0, else (auto) only when no
 * real lab is configured (no OpenStack credentials and no kubeconfig setting).
 */
export function useSimulatedLab(config: Config, env: NodeJS.ProcessEnv = process.env): boolean {
  if (config.LABOPS_SIM === '1' || config.LABOPS_SIM === 'true') return true;
  if (config.LABOPS_SIM === '0' || config.LABOPS_SIM === 'false') return false;
  return !(env.OS_CLOUD || env.OS_AUTH_URL || env.LABOPS_OPENRC || env.LABOPS_KUBECONFIG);
}
