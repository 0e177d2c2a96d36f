import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { isMasterName, parseSentinelList } from './sentinel-address.js';

/**
 * Every setting labops reads, from the environment, validated once at start-up.
 * A bad value stops the process with the setting's name and how to fix it.
 */
const teamName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,30}$/, 'lowercase letters, digits and dashes, at most 31 characters');

const urlOf = (schemes: string[]) =>
  z.string().refine(
    (s) => {
      try {
        return schemes.includes(new URL(s).protocol);
      } catch {
        return false;
      }
    },
    `a URL starting with ${schemes.join(' or ')}//`,
  );

const intFrom = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The address of a web UI: http(s), and no `user:password@` (a secret is a setting of its own, never in a URL). */
const webUiUrl = z.string().refine((s) => {
  try {
    const u = new URL(s);
    return ['http:', 'https:'].includes(u.protocol) && !u.username && !u.password;
  } catch {
    return false;
  }
}, 'an http:// or https:// URL without user:password@ in it');

/** Why a file could not be read, in words. */
function fileError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EISDIR: 'a directory, not a file',
  };
  return (code && words[code]) ?? (err as Error).message;
}

/** A readable PEM file holding at least one certificate (a CA bundle). */
const pemCaFile = z
  .string()
  .min(1)
  .superRefine((path, ctx) => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `cannot read ${path}: ${fileError(err)}` });
      return;
    }
    if (!text.includes('-----BEGIN CERTIFICATE-----'))
      ctx.addIssue({
        code: 'custom',
        message: `${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`,
      });
  });

/** A DNS name (what a TLS certificate names), not a URL. */
const dnsName = z
  .string()
  .max(253)
  .regex(
    /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/,
    'a DNS name such as redis.lab (no scheme, port or IP address)',
  )
  .refine((s) => !/^[\d.]+$/.test(s), 'a DNS name such as redis.lab, not an IP address');

const schema = z.object({
  REDIS_URL: urlOf(['redis:', 'rediss:']).optional(),
  /** Redis behind Sentinel: the sentinels, `host:port,…` (then REDIS_URL gives only the data nodes' user and password). */
  REDIS_SENTINELS: z
    .string()
    .refine((s) => typeof parseSentinelList(s) !== 'string', 'host:port,host:port,… (e.g. sentinel-1:26379)')
    .optional(),
  /** The master group the sentinels watch (`sentinel monitor <name> …`). */
  REDIS_SENTINEL_MASTER: z.string().refine(isMasterName, 'a master group name such as labops').optional(),
  /** The sentinels' own password (their requirepass); unset: none. */
  REDIS_SENTINEL_PASSWORD: z.string().min(1).optional(),
  /** The CA bundle (PEM) that Redis's TLS certificate is checked against for `rediss://`; unset: the system CAs. */
  LABOPS_REDIS_CA: pemCaFile.optional(),
  /** The name the Redis certificate must carry, when it differs from the host in REDIS_URL. */
  LABOPS_REDIS_TLS_SERVERNAME: dnsName.optional(),
  LABOPS_TEAM: teamName.default('default'),
  LABOPS_KEYS_DIR: z.string().min(1).optional(),
  LABOPS_SIGNING_KEY: z.string().min(1).optional(),
  LABOPS_VERIFY_KEY: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LABOPS_ARTIFACT_TTL_S: intFrom(60, 30 * 24 * 3600).default(7 * 24 * 3600),
  LABOPS_ARTIFACT_MAX_BYTES: intFrom(1024, 25 * 1024 * 1024).default(8 * 1024 * 1024),
  LABOPS_JOB_MAX_AGE_S: intFrom(60, 7 * 24 * 3600).default(24 * 3600),
  /** How long checkpoint evidence (report and pictures) is kept for grading: a term (120 days) by default. */
  LABOPS_EVIDENCE_TTL_S: intFrom(3600, 400 * 24 * 3600).default(120 * 24 * 3600),
  /** The most bytes of kept checkpoint evidence per team; past it the oldest runs go first. */
  LABOPS_EVIDENCE_MAX_BYTES: intFrom(1024 * 1024, 10 * 1024 ** 3).default(256 * 1024 * 1024),
  LABOPS_LOG_DIR: z.string().min(1).optional(),
  LABOPS_RUNNER_CONCURRENCY: intFrom(1, 16).default(2),
  LABOPS_SHUTDOWN_TIMEOUT_MS: intFrom(1000, 10 * 60_000).default(20_000),
  /** The runner's /healthz, /readyz and /metrics port; unset: no endpoint. */
  LABOPS_RUNNER_HTTP_PORT: intFrom(0, 65535).optional(),
  /** The team's delivery pipeline (`labops pipeline init <dir>`): its repository, key and webhook secret. */
  LABOPS_PIPELINE_DIR: z.string().min(1).optional(),
  /** The address the operations endpoints (bot and runner) listen on. */
  LABOPS_HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  LABOPS_JUJU_MODEL: z.string().min(1).default('maas-controller:openstack'),
  LABOPS_JUJU_K8S_MODEL: z.string().min(1).default('k8s'),
  LABOPS_SIM: z.enum(['0', '1', 'true', 'false', 'auto']).default('auto'),
  LABOPS_SIM_DIR: z.string().min(1).optional(),
  LABOPS_SIM_PRESET: z.enum(['fresh', 'ready']).default('fresh'),
  LABOPS_SIM_TIME_SCALE: z.coerce.number().min(0).max(10).default(0.02),
  LABOPS_CONFIG: z.string().min(1).optional(),
  LABOPS_OPENRC: z.string().min(1).optional(),
  LABOPS_OS_PROJECT: z.string().min(1).default('admin'),
  LABOPS_OS_DOMAIN: z.string().min(1).default('admin_domain'),
  LABOPS_OS_USER: z.string().min(1).default('admin'),
  LABOPS_OS_IMAGE: z.string().min(1).default('jammy'),
  LABOPS_OS_NETWORK: z.string().min(1).optional(),
  LABOPS_OS_EXTERNAL_NETWORK: z.string().min(1).optional(),
  LABOPS_OS_KEYPAIR: z.string().min(1).optional(),
  /** The team's own Docker Hub user; unset: `/image push` and `/deploy hello-node` are refused (no one else's repository). */
  LABOPS_DOCKERHUB_USER: z
    .string()
    .regex(/^[a-z0-9]{2,30}$/, 'a Docker Hub user name: 2 to 30 lowercase letters and digits')
    .optional(),
  /** A Secret of type kubernetes.io/dockerconfigjson in the app's namespace; hello-node pulls with it (`imagePullSecrets`). */
  LABOPS_IMAGE_PULL_SECRET: z
    .string()
    .regex(
      /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/,
      'a Kubernetes Secret name: lowercase letters, digits, "-" and ".", at most 253',
    )
    .optional(),
  LABOPS_KUBECONFIG: z.string().min(1).optional(),
  LABOPS_K8S_CLOUD: z.string().min(1).default('insper-openstack'),
  LABOPS_VAULT_KEYS_FILE: z.string().min(1).optional(),
  /** Horizon (the openstack-dashboard charm); unset: CheckPoint 1 skips Horizon's own topology page. */
  LABOPS_HORIZON_URL: webUiUrl.optional(),
  /** Horizon's user and domain; unset: the openrc's OS_USERNAME / OS_USER_DOMAIN_NAME, else admin / admin_domain. */
  LABOPS_HORIZON_USER: z.string().min(1).optional(),
  LABOPS_HORIZON_DOMAIN: z.string().min(1).optional(),
  /** Horizon's password (a secret); unset: the openrc's OS_PASSWORD. */
  LABOPS_HORIZON_PASSWORD: z.string().min(1).optional(),
  /** The Kubernetes dashboard (e.g. through `kubectl proxy`); unset: CheckPoint 3 skips the dashboard's own page. */
  LABOPS_K8S_DASHBOARD_URL: webUiUrl.optional(),
  /** The bearer token of the dashboard's token login (a secret). */
  LABOPS_K8S_DASHBOARD_TOKEN: z
    .string()
    .regex(/^\S+$/, 'a bearer token, without spaces or line breaks')
    .optional(),
  /** Most replicas `/scale` accepts (read by the bot, the CLI and the runner: set it alike everywhere). */
  LABOPS_MAX_REPLICAS: intFrom(1, 500).default(20),
  /** Most requests one `/lb probe` may send (the job contract's own cap is 5000). */
  LABOPS_PROBE_MAX_REQUESTS: intFrom(1, 5_000).default(5_000),
  /** Share of requests (0..1) allowed to fail while checkpoint 6 deletes a pod. */
  LABOPS_CHECKPOINT_MAX_FAILURE_SHARE: z.coerce.number().min(0).max(1).default(0.01),
  LABOPS_LOCK_DURATION_MS: intFrom(1000, 10 * 60_000).default(60_000),
  LABOPS_STALLED_INTERVAL_MS: intFrom(500, 10 * 60_000).default(30_000),
  /** How long a team's lab lock outlives its holder: a runner that died frees the lab after this. */
  LABOPS_LAB_LOCK_TTL_MS: intFrom(1000, 10 * 60_000).default(60_000),
  LABOPS_ACL_PASSWORD_FILE: z.string().min(1).optional(),
  LABOPS_RATE_USER_PER_MIN: intFrom(0, 1000).default(6),
  LABOPS_RATE_TEAM_WAITING: intFrom(0, 1000).default(10),
});

/** The settings with the checks that involve more than one of them. */
const checked = schema.superRefine((c, ctx) => {
  const need = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (c.REDIS_SENTINELS && !c.REDIS_SENTINEL_MASTER)
    need('REDIS_SENTINEL_MASTER', 'required with REDIS_SENTINELS');
  if (!c.REDIS_SENTINELS && (c.REDIS_SENTINEL_MASTER || c.REDIS_SENTINEL_PASSWORD))
    need('REDIS_SENTINELS', 'required with REDIS_SENTINEL_MASTER and REDIS_SENTINEL_PASSWORD');
  if (c.REDIS_SENTINELS && c.REDIS_URL?.startsWith('rediss:'))
    need(
      'REDIS_URL',
      'rediss:// (TLS) is not supported through Sentinel yet: use redis://user:password@<master>',
    );
  if (c.LABOPS_K8S_DASHBOARD_URL && !c.LABOPS_K8S_DASHBOARD_TOKEN)
    ctx.addIssue({
      code: 'custom',
      path: ['LABOPS_K8S_DASHBOARD_TOKEN'],
      message: 'required when LABOPS_K8S_DASHBOARD_URL is set',
    });
});

const hints: Record<string, string> = {
  REDIS_URL:
    'e.g. redis://127.0.0.1:6379 or rediss://user:password@host:6380; unset it to use a private Redis',
  REDIS_SENTINELS:
    "e.g. REDIS_SENTINELS=sentinel-1:26379,sentinel-2:26379,sentinel-3:26379 with REDIS_SENTINEL_MASTER=labops; REDIS_URL=redis://user:password@labops then gives only the data nodes' ACL user",
  REDIS_SENTINEL_MASTER: "the name in the sentinels' `sentinel monitor <name> <host> <port> <quorum>`",
  LABOPS_REDIS_CA:
    "the PEM file of the CA that signed the Redis server's TLS certificate (e.g. the ca.crt given to redis-server as tls-ca-cert-file), readable by this user; unset it to trust only the system CAs",
  LABOPS_REDIS_TLS_SERVERNAME:
    "the name in the Redis server's certificate, e.g. LABOPS_REDIS_TLS_SERVERNAME=redis.lab, when REDIS_URL reaches it by another name or an IP address",
  LABOPS_TEAM: 'e.g. LABOPS_TEAM=team-a',
  LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  LABOPS_SIM: '1 to always use the simulated lab, 0 to never, auto to use it when no real lab is configured',
  LABOPS_SIM_TIME_SCALE:
    'simulated seconds per real second inverted: 0.02 makes an hour of cloud work take 72 s',
  LABOPS_HORIZON_URL:
    "Horizon's root, e.g. LABOPS_HORIZON_URL=https://10.20.0.11/horizon; the password goes in LABOPS_HORIZON_PASSWORD",
  LABOPS_K8S_DASHBOARD_URL:
    'e.g. the kubectl proxy URL http://<main>:8080/api/v1/namespaces/kubernetes-dashboard/services/https:kubernetes-dashboard:/proxy/; the token goes in LABOPS_K8S_DASHBOARD_TOKEN',
  LABOPS_K8S_DASHBOARD_TOKEN:
    'a bearer token of a service account, e.g. from `kubectl -n kubernetes-dashboard create token <service account>`',
};

export type Config = z.infer<typeof schema> & { keysDir: string };

/** A configuration problem: the process prints it and exits with status 78 (EX_CONFIG). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** One line per problem: the setting's name, what is wrong, and how to fix it. */
function issueLines(issues: z.core.$ZodIssue[]): string[] {
  return issues.map((i) => {
    const name = String(i.path[0] ?? 'setting');
    const hint = hints[name] ? ` (${hints[name]})` : '';
    return `  ${name}: ${i.message}${hint}`;
  });
}

/** Reads and validates the settings; pass `env` in tests. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.keys(schema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const parsed = checked.safeParse(cleaned);
  if (!parsed.success)
    throw new ConfigError(`invalid settings:\n${issueLines(parsed.error.issues).join('\n')}`);
  const keysDir =
    parsed.data.LABOPS_KEYS_DIR ?? join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'labops');
  return { ...parsed.data, keysDir };
}

/** The TLS trust settings of Redis connections: the CA bundle's text and the certificate name to expect. */
export interface RedisTlsSettings {
  ca?: string;
  servername?: string;
}

/**
 * LABOPS_REDIS_CA (read now) and LABOPS_REDIS_TLS_SERVERNAME from `env`, checked like every
 * setting: a bad one throws a ConfigError naming it.
 */
export function readRedisTls(env: NodeJS.ProcessEnv = process.env): RedisTlsSettings {
  const part = schema.pick({ LABOPS_REDIS_CA: true, LABOPS_REDIS_TLS_SERVERNAME: true });
  const blank = (v: string | undefined) => (v === '' ? undefined : v);
  const parsed = part.safeParse({
    LABOPS_REDIS_CA: blank(env.LABOPS_REDIS_CA),
    LABOPS_REDIS_TLS_SERVERNAME: blank(env.LABOPS_REDIS_TLS_SERVERNAME),
  });
  if (!parsed.success)
    throw new ConfigError(`invalid settings:\n${issueLines(parsed.error.issues).join('\n')}`);
  const { LABOPS_REDIS_CA: caFile, LABOPS_REDIS_TLS_SERVERNAME: servername } = parsed.data;
  let ca: string | undefined;
  if (caFile) {
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch (err) {
      throw new ConfigError(
        `invalid settings:\n  LABOPS_REDIS_CA: cannot read ${caFile}: ${fileError(err)} (${hints.LABOPS_REDIS_CA})`,
      );
    }
  }
  return { ...(ca ? { ca } : {}), ...(servername ? { servername } : {}) };
}
