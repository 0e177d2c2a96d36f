import dns from 'node:dns';
import type { LookupFunction } from 'node:net';

/**
 * Wildcard DNS names (nip.io, sslip.io) resolve to the IPv4 address written in the name:
 * `hello-node.172.16.7.20.nip.io`, `hello-node-172-16-7-20.nip.io` and
 * `172-16-7-20.sslip.io` all answer 172.16.7.20. The lab's Ingress hosts use them (the
 * guide's xip.io is gone), so the address is read from the name here instead of asking a
 * DNS server, which gives the same answer and keeps working on a closed network.
 */
const WILDCARD = /(?:^|[.-])(\d{1,3})[.-](\d{1,3})[.-](\d{1,3})[.-](\d{1,3})\.(?:nip|sslip)\.io\.?$/i;

/** The IPv4 address a nip.io / sslip.io name stands for, or undefined for any other name. */
export function wildcardDnsAddress(host: string): string | undefined {
  const m = WILDCARD.exec(host);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  return octets.every((o) => o <= 255) ? octets.join('.') : undefined;
}

/** A `lookup` for node:http that answers wildcard DNS names itself and asks DNS for the rest. */
export const wildcardAwareLookup: LookupFunction = (hostname, options, callback) => {
  const ip = wildcardDnsAddress(hostname);
  if (!ip) dns.lookup(hostname, options, callback);
  // Node asks for every address (`all`) when it may try several families.
  else if (options.all) callback(null, [{ address: ip, family: 4 }]);
  else callback(null, ip, 4);
};
