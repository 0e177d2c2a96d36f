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

/** A redactor bound to a set of secret values (shorter than 4 characters are ignored). */
export interface Redactor {
  (text: string): string;
  /** How many replacements this redactor has made so far (for metrics). */
  readonly count: number;
}

export function createRedactor(secretValues: Iterable<string> = []): Redactor {
  const values = [...new Set([...secretValues].filter((v) => v.length >= 4))].sort(
    (a, b) => b.length - a.length,
  );
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
  return Object.defineProperty(redact, 'count', { get: () => count }) as Redactor;
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
