import { describe, expect, it } from 'vitest';
import { isDeferral } from '../../src/runners/recipes/deploy-octavia/deferral.js';
import { ucaPocket } from '../../src/runners/recipes/deploy-octavia/retrofit-pocket.js';

// The failure texts are the charms' own (charm-octavia stable/2023.2 src/actions/actions.py,
// `configure_resources`), as the juju adapter reports them: "action <name> on <unit> failed: …".
const failed = (message: string) => `action configure-resources on octavia/leader failed: ${message}`;

describe('charm deferrals worth a retry', () => {
  it('retries configure-resources while Neutron or Nova is not available yet', () => {
    expect(
      isDeferral(
        failed(
          'Neutron API not available yet, deferring network creation/discovery. ' +
            '("Unable to establish connection to https://10.0.0.10:9696/v2.0/networks")',
        ),
      ),
    ).toBe(true);
    expect(
      isDeferral(
        failed('Nova API not available yet, deferring flavor creation. ("Service Unavailable (HTTP 503)")'),
      ),
    ).toBe(true);
  });

  it('still retries the relation deferral, with the charm typo', () => {
    expect(
      isDeferral(
        failed('all required relations not available, please defer actionuntil deployment is complete.'),
      ),
    ).toBe(true);
  });

  it('does not retry a timeout or a real failure', () => {
    expect(isDeferral('timed out waiting for results from: unit octavia/0')).toBe(false);
    expect(isDeferral(failed('action must be run on the leader unit.'))).toBe(false);
    expect(isDeferral(failed('Unbable to set quotas to unlimited: Forbidden'))).toBe(false);
  });
});

describe('the UCA pocket of the cloud release (retrofit-uca-pocket)', () => {
  it('follows the OpenStack charm track', () => {
    expect(ucaPocket('2023.2/stable')).toBe('bobcat');
    expect(ucaPocket('2023.1/stable')).toBe('antelope');
    expect(ucaPocket('zed/stable')).toBe('zed');
    expect(ucaPocket('2024.1/candidate')).toBe('caracal');
  });

  it('names none for jammy’s own release or an unknown track', () => {
    expect(ucaPocket('yoga/stable')).toBeUndefined();
    expect(ucaPocket('latest/stable')).toBeUndefined();
    expect(ucaPocket('')).toBeUndefined();
  });
});
