import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecipeContext } from '../../src/runners/context.js';
import { dashboardSettings } from '../../src/runners/recipes/checkpoint/dashboards.js';
import { ConfigError, readConfig } from '../../src/shared/config.js';
import { createRedactor, secretEnvValues } from '../../src/shared/redact.js';

// The LABOPS_HORIZON_* / LABOPS_K8S_DASHBOARD_* settings: validation at start-up, defaults
// from the openrc, and every password or token registered as a secret of the job.

const PASSWORD = 'Openrc-Pass-4e1b';

/** An openrc as Horizon hands it out (v3): it prompts for the password. */
const HORIZON_OPENRC = `#!/usr/bin/env bash
export OS_AUTH_URL=https://10.20.0.20:5000/v3
export OS_PROJECT_ID=5e8c4ef810e9483080bd4bafda1d52af
export OS_PROJECT_NAME="admin"
export OS_USER_DOMAIN_NAME="admin_domain"
export OS_PROJECT_DOMAIN_ID="f1b2c3"
unset OS_TENANT_ID
unset OS_TENANT_NAME
export OS_USERNAME="admin"
echo "Please enter your OpenStack Password for project $OS_PROJECT_NAME as user $OS_USERNAME: "
read -sr OS_PASSWORD_INPUT
export OS_PASSWORD=$OS_PASSWORD_INPUT
export OS_REGION_NAME="RegionOne"
export OS_INTERFACE=public
export OS_IDENTITY_API_VERSION=3
`;

/** An openrc with the password written in it (as openstack-base's `openrc` does). */
const LITERAL_OPENRC = `export OS_AUTH_URL=https://10.20.0.20:5000/v3
export OS_USERNAME=student
export OS_PASSWORD='${PASSWORD}'
export OS_USER_DOMAIN_NAME=AlunosDomain
export OS_PROJECT_NAME=KitB1
`;

function openrc(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'labops-openrc-')), 'openrc');
  writeFileSync(file, text);
  return file;
}

function context(settings: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  const secrets: string[] = [];
  const ctx = {
    config: readConfig(settings),
    env,
    secret: (v: string) => secrets.push(v),
  } as unknown as RecipeContext;
  return { ctx, secrets };
}

const configError = (env: Record<string, string>) => {
  try {
    readConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('expected a ConfigError');
};

describe('settings at start-up', () => {
  it('refuses a Horizon URL that is not http(s), naming the setting and its fix', () => {
    expect(configError({ LABOPS_HORIZON_URL: 'ftp://10.20.0.11/horizon' })).toBe(
      'invalid settings:\n  LABOPS_HORIZON_URL: an http:// or https:// URL without user:password@ in it ' +
        "(Horizon's root, e.g. LABOPS_HORIZON_URL=https://10.20.0.11/horizon; the password goes in LABOPS_HORIZON_PASSWORD)",
    );
  });

  it('refuses credentials inside a URL without repeating them', () => {
    const message = configError({ LABOPS_HORIZON_URL: `https://admin:${PASSWORD}@10.20.0.11/horizon` });
    expect(message).toMatch(/^invalid settings:\n {2}LABOPS_HORIZON_URL: /);
    expect(message).not.toContain(PASSWORD);
  });

  it('wants a token with the dashboard URL, and a token without spaces', () => {
    const url =
      'http://172.16.0.3:8080/api/v1/namespaces/kubernetes-dashboard/services/https:kubernetes-dashboard:/proxy/';
    expect(configError({ LABOPS_K8S_DASHBOARD_URL: url })).toMatch(
      /^invalid settings:\n {2}LABOPS_K8S_DASHBOARD_TOKEN: required when LABOPS_K8S_DASHBOARD_URL is set \(a bearer token/,
    );
    expect(configError({ LABOPS_K8S_DASHBOARD_URL: url, LABOPS_K8S_DASHBOARD_TOKEN: 'two words' })).toMatch(
      /LABOPS_K8S_DASHBOARD_TOKEN: a bearer token, without spaces or line breaks/,
    );
    expect(
      readConfig({ LABOPS_K8S_DASHBOARD_URL: url, LABOPS_K8S_DASHBOARD_TOKEN: 'abc.def.ghi' }),
    ).toMatchObject({
      LABOPS_K8S_DASHBOARD_URL: url,
    });
  });

  it('counts the password and the token among the runner’s secrets', () => {
    const env = { LABOPS_HORIZON_PASSWORD: 'Hz-Pass-1234', LABOPS_K8S_DASHBOARD_TOKEN: 'tok.en.value' };
    const redact = createRedactor(secretEnvValues(env));
    expect(redact('typed Hz-Pass-1234 then tok.en.value')).toBe('typed [REDACTED] then [REDACTED]');
  });
});

describe('the real UIs a checkpoint may log into', () => {
  it('is none when no URL is set', () => {
    const { ctx } = context({});
    expect(dashboardSettings(ctx)).toEqual({});
  });

  it('takes Horizon’s user, domain and password from the openrc file, and registers the password', async () => {
    const { ctx, secrets } = context({
      LABOPS_HORIZON_URL: 'https://10.20.0.11/horizon',
      LABOPS_OPENRC: openrc(LITERAL_OPENRC),
    });
    const horizon = dashboardSettings(ctx).horizon;
    expect(horizon).toBeTypeOf('function');
    expect(await horizon?.()).toEqual({
      url: 'https://10.20.0.11/horizon',
      user: 'student',
      domain: 'AlunosDomain',
      password: PASSWORD,
    });
    expect(secrets).toContain(PASSWORD);
  });

  it('takes the password from the runner’s OS_PASSWORD when Horizon’s openrc prompts for it', async () => {
    const { ctx, secrets } = context(
      { LABOPS_HORIZON_URL: 'https://10.20.0.11/horizon', LABOPS_OPENRC: openrc(HORIZON_OPENRC) },
      { OS_PASSWORD: PASSWORD },
    );
    expect(await dashboardSettings(ctx).horizon?.()).toMatchObject({
      user: 'admin',
      domain: 'admin_domain',
      password: PASSWORD,
    });
    expect(secrets).toEqual([PASSWORD]);
  });

  it('prefers the LABOPS_HORIZON_* settings, and falls back to admin / admin_domain', async () => {
    const own = context(
      {
        LABOPS_HORIZON_URL: 'https://10.20.0.11/horizon',
        LABOPS_OPENRC: openrc(LITERAL_OPENRC),
        LABOPS_HORIZON_USER: 'teacher',
        LABOPS_HORIZON_DOMAIN: 'Default',
        LABOPS_HORIZON_PASSWORD: 'Setting-Pass-99',
      },
      {},
    );
    expect(await dashboardSettings(own.ctx).horizon?.()).toMatchObject({
      user: 'teacher',
      domain: 'Default',
      password: 'Setting-Pass-99',
    });
    expect(own.secrets).toContain('Setting-Pass-99');

    const bare = context({
      LABOPS_HORIZON_URL: 'https://10.20.0.11/horizon',
      LABOPS_HORIZON_PASSWORD: 'P-4567',
    });
    expect(await dashboardSettings(bare.ctx).horizon?.()).toMatchObject({
      user: 'admin',
      domain: 'admin_domain',
    });
  });

  it('says which settings give Horizon’s password when none does', async () => {
    const { ctx } = context({
      LABOPS_HORIZON_URL: 'https://10.20.0.11/horizon',
      LABOPS_OPENRC: openrc(HORIZON_OPENRC),
    });
    await expect(dashboardSettings(ctx).horizon?.()).rejects.toThrow(
      /^Horizon's password is unknown: set LABOPS_HORIZON_PASSWORD, or OS_PASSWORD \(in the openrc .* or the runner's environment\)$/,
    );
  });

  it('gives the dashboard’s URL and token, and registers the token', async () => {
    const url =
      'http://172.16.0.3:8080/api/v1/namespaces/kubernetes-dashboard/services/https:kubernetes-dashboard:/proxy/';
    const { ctx, secrets } = context({
      LABOPS_K8S_DASHBOARD_URL: url,
      LABOPS_K8S_DASHBOARD_TOKEN: 'eyJ.tok.en',
    });
    expect(await dashboardSettings(ctx).k8sDashboard?.()).toEqual({ url, token: 'eyJ.tok.en' });
    expect(secrets).toEqual(['eyJ.tok.en']);
  });
});
