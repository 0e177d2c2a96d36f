/**
 * The "not yet" refusals of the Octavia stack's actions, in the charms' own words:
 * - charm-octavia `src/actions/actions.py` (stable/2023.2), `configure_resources`:
 *   "all required relations not available, please defer actionuntil deployment is complete."
 *   (sic), "Neutron API not available yet, deferring network creation/discovery. ("…")" and
 *   "Nova API not available yet, deferring flavor creation. ("…")";
 * - glance-simplestreams-sync's `sync-images` while its keystone relation is not ready.
 */
const DEFERRALS = [
  /relations? not (available|ready)/i,
  /defer action/i,
  /not ready/i,
  /Unable to sync/i,
  /(Neutron|Nova) API not available yet, deferring/i,
];

/**
 * Pure: whether an action's failure message is a charm saying "not yet", worth a retry. A
 * timeout is not: the action may still be running, and a retry would queue it a second time.
 */
export function isDeferral(message: string): boolean {
  return DEFERRALS.some((re) => re.test(message));
}
