import { type Clock, simSince } from '../state/clock.js';
import type { LoadBalancerState, ServerState } from '../state/types.js';

/** Time-derived states of Nova servers and Octavia load balancers. */

/** Simulated seconds a server spends in BUILD. */
export const SERVER_BUILD_SECONDS = 40;
/** Simulated seconds an amphora load balancer spends in PENDING_CREATE. */
export const LB_BUILD_SECONDS = 90;

export function serverStatus(server: ServerState, clock: Clock): 'BUILD' | 'ACTIVE' {
  return simSince(clock, server.createdAt) >= SERVER_BUILD_SECONDS ? 'ACTIVE' : 'BUILD';
}

export function lbStatus(lb: LoadBalancerState, clock: Clock): { provisioning: string; operating: string } {
  if (simSince(clock, lb.createdAt) < LB_BUILD_SECONDS)
    return { provisioning: 'PENDING_CREATE', operating: 'OFFLINE' };
  return { provisioning: 'ACTIVE', operating: lb.operatingError ? 'ERROR' : 'ONLINE' };
}
