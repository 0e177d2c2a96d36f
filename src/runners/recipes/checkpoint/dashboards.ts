import { readFile } from 'node:fs/promises';
import type { CheckpointSettings, HorizonLogin, K8sDashboardLogin } from '../../../evidence/index.js';
import { Codes, UserError } from '../../../shared/errors.js';
import type { RecipeContext } from '../../context.js';
import { cloudsYamlEnv } from '../../tools/openstack/clouds-yaml.js';
import { parseOpenrc } from '../../tools/openstack/index.js';

/** Horizon's defaults when neither a setting nor the openrc names them (the lab's admin user). */
export const HORIZON_DEFAULT_USER = 'admin';
export const HORIZON_DEFAULT_DOMAIN = 'admin_domain';

/**
 * The real web UIs a checkpoint may log into, from the runner's settings. Each is present only
 * when its URL is set; its credentials are resolved when the picture is taken, and every
 * password or token is registered as a secret of the job (redacted from every output).
 */
export function dashboardSettings(ctx: RecipeContext): Pick<CheckpointSettings, 'horizon' | 'k8sDashboard'> {
  const { LABOPS_HORIZON_URL: horizon, LABOPS_K8S_DASHBOARD_URL: dashboard } = ctx.config;
  return {
    ...(horizon ? { horizon: () => horizonLogin(ctx, horizon) } : {}),
    ...(dashboard ? { k8sDashboard: async () => k8sDashboardLogin(ctx, dashboard) } : {}),
  };
}

/**
 * Horizon's user, domain and password: the LABOPS_HORIZON_* settings, else the openrc's
 * OS_USERNAME / OS_USER_DOMAIN_NAME / OS_PASSWORD (the openrc file, else the `OS_CLOUD` entry of
 * clouds.yaml, else the runner's own environment), else `admin` / `admin_domain`.
 */
export async function horizonLogin(ctx: RecipeContext, url: string): Promise<HorizonLogin> {
  const c = ctx.config;
  if (c.LABOPS_HORIZON_PASSWORD) ctx.secret(c.LABOPS_HORIZON_PASSWORD);
  const complete = c.LABOPS_HORIZON_USER && c.LABOPS_HORIZON_DOMAIN && c.LABOPS_HORIZON_PASSWORD;
  const os = complete ? {} : await openrcVariables(ctx);
  const password = c.LABOPS_HORIZON_PASSWORD ?? os.OS_PASSWORD;
  if (!password)
    throw new UserError(
      Codes.config,
      `Horizon's password is unknown: set LABOPS_HORIZON_PASSWORD, or OS_PASSWORD (in the openrc${c.LABOPS_OPENRC ? ` ${c.LABOPS_OPENRC}` : ''} or the runner's environment)`,
    );
  ctx.secret(password);
  return {
    url,
    user: c.LABOPS_HORIZON_USER ?? os.OS_USERNAME ?? HORIZON_DEFAULT_USER,
    domain: c.LABOPS_HORIZON_DOMAIN ?? os.OS_USER_DOMAIN_NAME ?? HORIZON_DEFAULT_DOMAIN,
    password,
  };
}

/** The dashboard's URL and bearer token (the configuration refuses a URL without a token). */
export function k8sDashboardLogin(ctx: RecipeContext, url: string): K8sDashboardLogin {
  const token = ctx.config.LABOPS_K8S_DASHBOARD_TOKEN;
  if (!token)
    throw new UserError(
      Codes.config,
      'LABOPS_K8S_DASHBOARD_TOKEN is not set: the dashboard signs in with a bearer token (`kubectl -n kubernetes-dashboard create token <service account>`)',
    );
  ctx.secret(token);
  return { url, token };
}

/**
 * The openrc variables as the runner reads them for the openstack CLI: the `export OS_X=…`
 * lines of LABOPS_OPENRC (without a shell; `$VAR`s from the runner's environment), else the
 * `OS_CLOUD` entry of clouds.yaml, over the runner's own OS_* variables. A password the openrc
 * would prompt for is taken from the runner's OS_PASSWORD.
 */
async function openrcVariables(ctx: RecipeContext): Promise<Record<string, string | undefined>> {
  const own = {
    OS_USERNAME: ctx.env.OS_USERNAME,
    OS_USER_DOMAIN_NAME: ctx.env.OS_USER_DOMAIN_NAME,
    OS_PASSWORD: ctx.env.OS_PASSWORD,
  };
  let file: Record<string, string> = {};
  const path = ctx.config.LABOPS_OPENRC;
  if (path) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw new UserError(Codes.config, `cannot read the openrc file ${path}: ${(err as Error).message}`);
    }
    file = parseOpenrc(text, ctx.env).env;
  } else if (ctx.env.OS_CLOUD) {
    file = (await cloudsYamlEnv(ctx.env.OS_CLOUD, ctx.env)) ?? {};
  }
  if (file.OS_PASSWORD) ctx.secret(file.OS_PASSWORD);
  return { ...own, ...Object.fromEntries(Object.entries(file).filter(([, v]) => v !== '')) };
}
