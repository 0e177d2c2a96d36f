/**
 * Redaction of secrets from everything that leaves the runner: progress lines, results,
 * artifacts, log files and log records. Two layers: known secret shapes, and the exact values
 * of the secrets this process was configured with.
 */

export const REDACTED = '[REDACTED]';

const patterns: RegExp[] = [
  // export OS_PASSWORD=..., OS_PASSWORD: ..., password: "..." in openrc / clouds.yaml
  /\b((?:OS_)?(?:PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|APPLICATION_CREDENTIAL_SECRET)\s*[=:]\s*)("[^"]*"|'[^']*'|\S+)/gi,
  /\b((?:password|secret|token|client-key-data|client-certificate-data|auth|identitytoken)"?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,}]+)/gi,
  // Authorization headers (Bearer / Basic / Bot)
  /\b(authorization\s*[:=]\s*)((?:Bearer|Basic|Bot|token)\s+\S+)/gi,
  /\b(Bearer\s+)([A-Za-z0-9\-._~+/]{8,}=*)/g,
  // Vault tokens and unseal keys
  /\b()(hv[sbr]\.[A-Za-z0-9_-]{20,})/g,
  /\b((?:Initial Root Token|Unseal Key \d+)\s*:\s*)(\S+)/gi,
  // Docker Hub personal access tokens
  /\b()(dckr_pat_[A-Za-z0-9_-]{10,})/g,
  // Discord bot tokens
  /\b()([MNO][A-Za-z\d_-]{23,25}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,38})/g,
];

const privateKey = /-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g;

/** Base64 of a PEM document ("-----BEGIN" encodes as "LS0tLS1CRUdJTi"), as `juju config` holds certificates. */
const base64Pem = /LS0tLS1CRUdJTi[A-Za-z0-9+/]*={0,2}/g;

function isBase64PrivateKey(b64: string): boolean {
  const text = Buffer.from(b64, 'base64').toString('latin1');
  return /PRIVATE KEY-----/.test(text);
}

/** A redactor bound to a set of secret values (shorter than 4 characters are ignored). */
export interface Redactor {
  (text: string): string;
  /** How many replacements this redactor has made so far (for metrics). */
  readonly count: number;
  /** Adds secret values learnt at run time (a generated passphrase): redacted from then on. */
  add(...secrets: string[]): void;
}

export function createRedactor(secretValues: Iterable<string> = []): Redactor {
  let values: string[] = [];
  const add = (...secrets: string[]) => {
    values = [...new Set([...values, ...secrets.filter((v) => v.length >= 4)])].sort(
      (a, b) => b.length - a.length,
    );
  };
  add(...secretValues);
  let count = 0;
  const redact = (text: string): string => {
    if (!text) return text;
    let out = text;
    for (const v of values) {
      if (out.includes(v)) {
        const parts = out.split(v);
        count += parts.length - 1;
        out = parts.join(REDACTED);
      }
    }
    out = out.replace(base64Pem, (b64) => {
      if (!isBase64PrivateKey(b64)) return b64;
      count++;
      return REDACTED;
    });
    out = out.replace(privateKey, () => {
      count++;
      return `-----BEGIN PRIVATE KEY-----${REDACTED}-----END PRIVATE KEY-----`;
    });
    for (const p of patterns) {
      out = out.replace(p, (whole, prefix: string, secret: string) => {
        if (secret === REDACTED || secret.startsWith(`"${REDACTED}`)) return whole;
        count++;
        return `${prefix}${REDACTED}`;
      });
    }
    return out;
  };
  Object.defineProperty(redact, 'count', { get: () => count });
  return Object.assign(redact, { add }) as Redactor;
}

/** Redacts every string inside a JSON-like value, returning a copy. */
export function redactDeep<T>(value: T, redact: (s: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact)) as T;
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, redact);
    return out as T;
  }
  return value;
}

/** Names of environment variables whose values are secrets of this runner. */
export function secretEnvValues(env: NodeJS.ProcessEnv): string[] {
  const re = /(PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|PRIVATE_KEY|UNSEAL)/i;
  return Object.entries(env)
    .filter(([k, v]) => re.test(k) && typeof v === 'string' && v.length >= 4)
    .map(([, v]) => v as string);
}

const pemBegin = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----/;
const pemEnd = /-----END ([A-Z0-9 ]*)PRIVATE KEY-----/;

/**
 * A line-by-line redactor that remembers being inside a private key block: a PEM key printed
 * over many lines (`cat key.pem`, `juju ssh … cat`) arrives one line at a time, and its body
 * lines carry no marker of their own. One per output stream of one command.
 */
export function createLineRedactor(redact: (s: string) => string): (line: string) => string {
  let inside = false;
  return (line: string) => {
    if (inside) {
      const end = pemEnd.exec(line);
      if (!end) return REDACTED;
      inside = false;
      return redact(line.slice(end.index));
    }
    const begin = pemBegin.exec(line);
    if (begin && !pemEnd.test(line.slice(begin.index))) {
      inside = true;
      return `${redact(line.slice(0, begin.index))}-----BEGIN PRIVATE KEY-----${REDACTED}`;
    }
    return redact(line);
  };
}
