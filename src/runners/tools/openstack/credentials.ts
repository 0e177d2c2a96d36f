import { readFile } from 'node:fs/promises';
import { Codes, UserError } from '../../../shared/errors.js';

/** Where the openstack CLI finds its credentials. */
export interface OpenstackEnvConfig {
  /** A cloud of `clouds.yaml`. */
  OS_CLOUD?: string;
  /** An openrc file (from Horizon or openstack-base) whose `export OS_X=…` lines are read. */
  openrcPath?: string;
  /** The Vault CA, so the CLI trusts the Vault-signed Keystone certificate. */
  OS_CACERT?: string;
}

export interface ParsedOpenrc {
  env: Record<string, string>;
  /** Variables whose value needs a shell to compute (e.g. Horizon's `read -sr` password prompt). */
  unresolved: string[];
}

/**
 * Reads the `export OS_X=value` lines of an openrc without a shell. Literal and quoted
 * values are taken; `$VAR`, `${VAR}` and `${VAR:-default}` are resolved from earlier lines
 * and `lookup`; anything else (command substitution, prompts) is left out and listed, so
 * the runner's own environment (e.g. OS_PASSWORD) can supply it.
 */
export function parseOpenrc(text: string, lookup: Record<string, string | undefined> = {}): ParsedOpenrc {
  const env: Record<string, string> = {};
  const unresolved = new Set<string>();
  for (const raw of text.split('\n')) {
    const m = /^\s*export\s+(OS_[A-Z0-9_]+)=(.*)$/.exec(raw);
    if (!m) continue;
    const name = m[1] as string;
    const value = unquote((m[2] ?? '').replace(/\s+#.*$/, '').trim());
    const resolved = !value
      ? undefined
      : value.literal
        ? value.text
        : expand(value.text, (k) => env[k] ?? lookup[k]);
    if (resolved === undefined) {
      unresolved.add(name);
      delete env[name];
    } else {
      env[name] = resolved;
      unresolved.delete(name);
    }
  }
  return { env, unresolved: [...unresolved] };
}

/** Single quotes keep the text literal; double quotes still expand variables. */
function unquote(v: string): { text: string; literal: boolean } | undefined {
  if (v.startsWith("'"))
    return v.endsWith("'") && v.length > 1 ? { text: v.slice(1, -1), literal: true } : undefined;
  if (v.startsWith('"'))
    return v.endsWith('"') && v.length > 1 ? { text: v.slice(1, -1), literal: false } : undefined;
  return { text: v, literal: false };
}

/** Expands simple variable references; undefined when the value needs more than that. */
function expand(v: string, get: (k: string) => string | undefined): string | undefined {
  if (/[`]|\$\(/.test(v)) return undefined;
  let failed = false;
  const out = v.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_, a, def, b) => {
      const val = get(a ?? b);
      if (val !== undefined && val !== '') return val;
      if (def !== undefined) return def;
      failed = true;
      return '';
    },
  );
  return failed ? undefined : out;
}

/** The extra environment for every openstack call. */
export async function openstackEnv(
  cfg: OpenstackEnvConfig,
  baseEnv: NodeJS.ProcessEnv = process.env,
): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  if (cfg.openrcPath) {
    let text: string;
    try {
      text = await readFile(cfg.openrcPath, 'utf8');
    } catch (err) {
      throw new UserError(
        Codes.config,
        `cannot read the openrc file ${cfg.openrcPath}: ${(err as Error).message}`,
      );
    }
    const parsed = parseOpenrc(text, baseEnv);
    Object.assign(env, parsed.env);
    if (parsed.unresolved.includes('OS_PASSWORD') && !baseEnv.OS_PASSWORD) {
      throw new UserError(
        Codes.config,
        `${cfg.openrcPath} asks for the password interactively; set OS_PASSWORD in the runner's environment or use clouds.yaml (OS_CLOUD)`,
      );
    }
  }
  if (cfg.OS_CLOUD) env.OS_CLOUD = cfg.OS_CLOUD;
  if (cfg.OS_CACERT) env.OS_CACERT = cfg.OS_CACERT;
  return env;
}
