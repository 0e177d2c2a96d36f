import type { UnitSummary } from './status-parse.js';

/**
 * What a unit's status means for the lab, from the messages the charms print (LAB.md §4):
 * a blocked Vault is sealed, Octavia waits for certificates or `configure-resources`, a
 * charm lacks a relation. Pure, so it is tested against the real status texts.
 */
export type Guidance =
  | { kind: 'vault-sealed'; vaultAddr?: string; text: string }
  | { kind: 'octavia-configure-resources'; text: string }
  | { kind: 'octavia-awaiting-leader'; text: string }
  | { kind: 'octavia-certificates'; text: string }
  | { kind: 'missing-relation'; relations: string[]; text: string }
  | { kind: 'services-not-running'; services: string[]; text: string }
  | { kind: 'unit-error'; text: string }
  | { kind: 'other-blocked'; text: string };

export type UnitLike = Pick<UnitSummary, 'name' | 'workload' | 'agent' | 'message'> & { address?: string };

export function vaultUnsealHelp(vaultAddr?: string): string {
  const addr = vaultAddr ?? 'http://<vault/0 address from juju status>:8200';
  return (
    `Vault is sealed (it seals itself after every restart of its container). On main: ` +
    `\`export VAULT_ADDR="${addr}"\`, then \`vault operator unseal <key>\` three times with three ` +
    `different unseal keys from \`vault operator init\`. The unit turns active at its next status update.`
  );
}

/** Guidance for one unit, or undefined when its status needs none (active, maintenance…). */
export function unitGuidance(u: UnitLike): Guidance | undefined {
  const msg = u.message.trim();
  if (u.workload === 'error' || u.agent === 'error' || u.agent === 'failed') {
    return {
      kind: 'unit-error',
      text: `${u.name} is in error: ${msg || u.agent}. Fix the cause, then \`juju resolve ${u.name}\`.`,
    };
  }
  if (/Unit is sealed/i.test(msg)) {
    const vaultAddr = u.address ? `http://${u.address}:8200` : undefined;
    return { kind: 'vault-sealed', vaultAddr, text: vaultUnsealHelp(vaultAddr) };
  }
  if (/Awaiting end-user execution of `?configure-resources`?/.test(msg)) {
    return {
      kind: 'octavia-configure-resources',
      text: `${u.name}: next step runs configure-resources (\`juju run octavia/leader configure-resources\`).`,
    };
  }
  if (/Awaiting leader to create required resources/.test(msg)) {
    return {
      kind: 'octavia-awaiting-leader',
      text: `${u.name}: waiting for the leader to create the lb-mgmt resources.`,
    };
  }
  if (/Missing required certificate configuration/.test(msg)) {
    return {
      kind: 'octavia-certificates',
      text:
        `${u.name}: ${msg}. Run the certificates step: generate the issuing and controller CAs with openssl and set ` +
        '`juju config octavia lb-mgmt-issuing-cacert=… lb-mgmt-issuing-ca-private-key=… lb-mgmt-issuing-ca-key-passphrase=… ' +
        'lb-mgmt-controller-cacert=… lb-mgmt-controller-cert=…` (base64 of each PEM).',
    };
  }
  const missing = /Missing relations?: (.+)$/.exec(msg);
  if (missing) {
    const relations = (missing[1] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return {
      kind: 'missing-relation',
      relations,
      text: `${u.name} is missing the relation${relations.length > 1 ? 's' : ''} ${relations.join(', ')}: \`juju integrate\` it with the application that provides ${relations.length > 1 ? 'them' : 'it'}.`,
    };
  }
  const services = /Services not running that should be: (.+)$/.exec(msg);
  if (services) {
    const list = (services[1] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return {
      kind: 'services-not-running',
      services: list,
      text: `${u.name}: services not running: ${list.join(', ')}.`,
    };
  }
  if (u.workload === 'blocked') return { kind: 'other-blocked', text: `${u.name} is blocked: ${msg}` };
  return undefined;
}
