import type { RecipeContext } from '../context.js';
import { labTools } from '../lab-tools.js';
import type { JujuStatusSummary } from '../tools/juju/status-parse.js';
import { isUnitHealthy } from '../tools/juju/status-parse.js';
import type { FactReading } from './reading.js';
import { causeTail, firstLine } from './reading.js';

/** `juju status` of the OpenStack model, or why it could not be read. */
export type JujuRead = { ok: true; status: JujuStatusSummary } | { ok: false; error: unknown };

/** Reads `juju status` once (the model's facts all come from it). */
export async function readJuju(ctx: RecipeContext): Promise<JujuRead> {
  try {
    return { ok: true, status: await labTools(ctx).juju.status() };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * The model exists. Juju's own text for a missing one is `ERROR model <controller>:admin/<m> not found`
 * (juju/juju `cmd/modelcmd/base.go`, `errors.NotFoundf("model %s:%s", controllerName, modelIdentifier)`),
 * `ERROR controller <c> not found` for a missing controller (`jujuclient/file.go`).
 */
export function jujuModelFact(ctx: RecipeContext, j: JujuRead): FactReading {
  const model = ctx.config.LABOPS_JUJU_MODEL;
  if (j.ok) return { ok: true, detail: `model ${model}: ${j.status.counts.units} units` };
  const text = [...causeTail(j.error), firstLine(j.error)].join('\n');
  const notFound = /ERROR (?:model|controller) (\S+) not found/.exec(text);
  if (notFound || /model "?[^"\s]+"? not found/.test(text))
    return {
      ok: false,
      detail: `${notFound?.[0].replace(/^ERROR /, '') ?? `model ${model} not found`}; LABOPS_JUJU_MODEL=${model}`,
    };
  return { ok: false, detail: `\`juju status -m ${model}\` failed: ${firstLine(j.error)}` };
}

/** Every unit active and Vault unsealed (a sealed Vault shows `blocked — Unit is sealed`). */
export function cloudHealthyFact(j: JujuRead): FactReading {
  if (!j.ok) return { ok: false, detail: `juju status failed: ${firstLine(j.error)}` };
  const sealed = j.status.units.filter((u) => u.application === 'vault' && /sealed/i.test(u.message ?? ''));
  if (sealed.some((u) => !/unsealed/i.test(u.message ?? '')))
    return { ok: false, detail: `Vault is sealed (${sealed.map((u) => u.name).join(', ')})` };
  const bad = j.status.units.filter((u) => !isUnitHealthy(u));
  if (bad.length === 0) return { ok: true, detail: `all ${j.status.counts.units} units active` };
  const names = bad.slice(0, 3).map((u) => `${u.name} ${u.workload}${u.message ? `: ${u.message}` : ''}`);
  return {
    ok: false,
    detail: `${bad.length} of ${j.status.counts.units} units need attention: ${names.join('; ')}`,
  };
}

/** Octavia deployed: its units in the OpenStack model are all active. */
export function octaviaFact(j: JujuRead): FactReading {
  if (!j.ok) return { ok: false, detail: `juju status failed: ${firstLine(j.error)}` };
  const units = j.status.units.filter((u) => u.application === 'octavia');
  if (units.length === 0) return { ok: false, detail: 'no octavia application in the model' };
  const bad = units.filter((u) => u.workload !== 'active');
  return bad.length === 0
    ? { ok: true, detail: `octavia: ${units.length} unit(s) active` }
    : { ok: false, detail: `octavia: ${bad.map((u) => `${u.name} ${u.workload}`).join(', ')}` };
}

/** The service catalog (`openstack service list`, one call: it needs a token, so it tests the credentials). */
export type OpenstackRead = { ok: true; services: string[] } | { ok: false; error: string; cause: unknown };

export async function readOpenstack(ctx: RecipeContext): Promise<OpenstackRead> {
  try {
    return { ok: true, services: (await labTools(ctx).openstack.serviceList()).map((s) => s.name) };
  } catch (err) {
    return { ok: false, error: firstLine(err), cause: err };
  }
}

/**
 * The CLI's credentials are accepted. Missing settings name them; a password Keystone refuses
 * is quoted (`The request you have made requires authentication. (HTTP 401)`, keystone
 * `keystone/exception.py` Unauthorized as keystoneauth1 prints it).
 */
export function openstackFact(ctx: RecipeContext, os: OpenstackRead): FactReading {
  if (os.ok) return { ok: true, detail: `${os.services.length} services in the catalog` };
  const refused = causeTail(os.cause).find((l) => /HTTP 401/.test(l));
  if (refused) return { ok: false, detail: `Keystone refused them: \`${refused.trim()}\`` };
  if (/Missing value auth-url|You must provide|no valid credentials|openrc|OS_PASSWORD/i.test(os.error)) {
    const said = causeTail(os.cause).find((l) => /Missing value|You must provide/.test(l));
    const where = ctx.config.LABOPS_OPENRC
      ? `LABOPS_OPENRC=${ctx.config.LABOPS_OPENRC}`
      : ctx.env.OS_CLOUD
        ? `OS_CLOUD=${ctx.env.OS_CLOUD}`
        : 'neither OS_CLOUD nor LABOPS_OPENRC is set';
    return { ok: false, detail: `${where}${said ? `; the CLI says \`${said.trim()}\`` : `: ${os.error}`}` };
  }
  return { ok: false, detail: os.error };
}

/** Quotas at least what `/quota` sets by default (100 cores, 100 instances). */
export async function quotasFact(ctx: RecipeContext): Promise<FactReading> {
  try {
    const q = await labTools(ctx).openstack.quotaShow(ctx.config.LABOPS_OS_PROJECT);
    const ok = (q.cores ?? 0) >= 100 && (q.instances ?? 0) >= 100;
    return {
      ok,
      detail: `project ${ctx.config.LABOPS_OS_PROJECT}: cores ${q.cores ?? '?'}, instances ${q.instances ?? '?'}`,
    };
  } catch (err) {
    return { ok: false, detail: firstLine(err) };
  }
}

/** The guide's instance `juju-openstack-web-server` exists and is ACTIVE. */
export async function webServerFact(ctx: RecipeContext): Promise<FactReading> {
  try {
    const web = await labTools(ctx).openstack.serverShow('juju-openstack-web-server');
    if (!web) return { ok: false, detail: 'no instance juju-openstack-web-server' };
    return { ok: web.status === 'ACTIVE', detail: `juju-openstack-web-server is ${String(web.status)}` };
  } catch (err) {
    return { ok: false, detail: firstLine(err) };
  }
}
