import { Codes, UserError } from '../../../shared/errors.js';
import { type AlreadyExists, alreadyExists } from '../common/applied.js';

/** The object asked for does not exist (a `show` of a missing name): a value, not a failure. */
export interface NotFound {
  kind: 'not-found';
  message: string;
}

/**
 * Reads the openstack CLI's error text (stderr tail) and names what it means. TLS, quota,
 * missing service and credentials problems become UserErrors that say what to do.
 */
export function classifyOpenstackError(
  lines: readonly string[],
): UserError | NotFound | AlreadyExists | undefined {
  const text = lines.join('\n');
  if (/CERTIFICATE_VERIFY_FAILED|SSLCertVerificationError/.test(text)) {
    return new UserError(
      Codes.osTls,
      'The OpenStack APIs use certificates signed by Vault, which this machine does not trust ' +
        '(`CERTIFICATE_VERIFY_FAILED`). Save the Vault CA (`juju run vault/leader get-root-ca`) to a file and set ' +
        'OS_CACERT to its path in the runner configuration.',
    );
  }
  const quota =
    /Quota exceeded for ([\w\s,-]+?): Requested ([\d,\s]+), but already used ([\d,\s]+) of ([\d,\s]+)/.exec(
      text,
    );
  if (quota) {
    const names = (quota[1] ?? '').split(',').map((s) => s.trim());
    const used = splitNums(quota[3]);
    const limits = splitNums(quota[4]);
    const req = splitNums(quota[2]);
    const detail = names
      .map((n, i) => `${n}: requested ${req[i]}, used ${used[i]} of ${limits[i]}`)
      .join('; ');
    return new UserError(
      Codes.osQuota,
      `OpenStack quota exceeded (${detail}). Raise it: \`openstack quota set --${names[0]} <n> <project>\` (the quotas step).`,
    );
  }
  const overLimit = /(\w+LimitExceeded): (Maximum number of [^(]+\(\d+\) exceeded for quota '[^']+')/.exec(
    text,
  );
  if (overLimit)
    return new UserError(
      Codes.osQuota,
      `OpenStack quota exceeded: ${overLimit[2]}. Raise it with \`openstack quota set\`.`,
    );
  if (
    /endpoint for (load-balancer|octavia) service.*not found|'loadbalancer [\w ]+' is not an openstack command|Unknown command \['loadbalancer/i.test(
      text,
    )
  ) {
    return new UserError(
      Codes.osServiceMissing,
      'OpenStack has no load-balancer service yet: Octavia is not installed or not ready (run the Octavia step, then `openstack loadbalancer list` answers).',
    );
  }
  const endpoint = /(\w[\w-]*) endpoint for ([\w-]+) service (?:in \S+ region )?not found/i.exec(text);
  if (endpoint)
    return new UserError(
      Codes.osServiceMissing,
      `OpenStack service \`${endpoint[2]}\` has no ${endpoint[1]} endpoint.`,
    );
  if (
    /Missing value auth-url|You must provide a (user name|password|auth url)|requires authentication|HTTP 401/i.test(
      text,
    )
  ) {
    return new UserError(
      Codes.osCredentials,
      'The openstack CLI has no valid credentials: configure OS_CLOUD (clouds.yaml) or the openrc file, and OS_PASSWORD when the openrc prompts for it.',
    );
  }
  if (/already exists/i.test(text)) return alreadyExists('openstack resource', lastMeaningful(lines));
  if (/No \S+ found for|could not be found|No .* with a name or ID of .* exists|HTTP 404/i.test(text)) {
    return { kind: 'not-found', message: lastMeaningful(lines) };
  }
  return undefined;
}

function splitNums(s?: string): number[] {
  return (s ?? '').split(',').map((x) => Number(x.trim()));
}

function lastMeaningful(lines: readonly string[]): string {
  return (
    [...lines]
      .reverse()
      .find((l) => l.trim())
      ?.trim() ?? ''
  );
}
