import type { JobData } from '../../../jobs/definitions.js';
import { UserError } from '../../../shared/errors.js';
import type { RecipeContext } from '../../context.js';
import type { Step } from '../../recipe.js';
import { converge } from '../../steps.js';
import { getAnswer } from '../common/http-answer.js';
import { SERVER } from './instance.js';

type D = JobData<'deploy-webserver'>;

/** What the floating IP and answer steps hand on. */
export interface FloatingIpState {
  ip?: string;
  answer?: string;
}

/** Pure: every IPv4 address in a server's `addresses` field (a dict of lists, or "net=a, b; net2=c"). */
export function serverIps(addresses: unknown): string[] {
  const text = typeof addresses === 'string' ? addresses : JSON.stringify(addresses ?? '');
  return [...text.matchAll(/\b(\d{1,3}(?:\.\d{1,3}){3})\b/g)].map((m) => m[1] as string);
}

/** Pure: whether `ip` lies in `cidr` (IPv4). */
export function inCidr(ip: string, cidr: string): boolean {
  const [net, bits] = cidr.split('/');
  const toInt = (a: string) => a.split('.').reduce((n, o) => (n << 8) + Number(o), 0) >>> 0;
  const n = Number(bits ?? 32);
  const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0;
  return (toInt(ip) & mask) === (toInt(net ?? '0.0.0.0') & mask);
}

/**
 * The server's floating IP: its address that Neutron lists as a floating IP (`floating ip
 * list`), so an address is recognised whatever pool the external network hands out.
 */
async function floatingIpOf(ctx: RecipeContext): Promise<string | undefined> {
  const os = ctx.tools.openstack;
  const s = await os.serverShow(SERVER);
  if (!s) return undefined;
  const floating = new Set((await os.floatingIpList()).map((f) => f.address));
  return serverIps(s.addresses).find((ip) => floating.has(ip));
}

async function externalNetwork(ctx: RecipeContext): Promise<string> {
  if (ctx.config.LABOPS_OS_EXTERNAL_NETWORK) return ctx.config.LABOPS_OS_EXTERNAL_NETWORK;
  const [first] = await ctx.tools.openstack.networkList({ external: true });
  if (!first)
    throw new UserError(
      'CONFIG',
      'OpenStack has no external network for floating IPs: set LABOPS_OS_EXTERNAL_NETWORK',
    );
  return first.name || first.id;
}

export const floatingIp: Step<D, FloatingIpState> = {
  name: 'floating IP',
  check: async (_d, ctx) => {
    const ip = await floatingIpOf(ctx);
    if (ip) ctx.state.ip = ip;
    return ip ? `${SERVER} has floating IP ${ip}` : false;
  },
  apply: async (_d, ctx) => {
    const os = ctx.tools.openstack;
    const fip = await os.floatingIpCreate(await externalNetwork(ctx));
    // A dry run lists the attach too, with the address the create would have printed.
    await os.serverAddFloatingIp(SERVER, fip.kind === 'done' ? fip.value.address : '<new floating IP>');
    if (fip.kind !== 'done') return undefined;
    ctx.state.ip = fip.value.address;
    return `floating IP ${fip.value.address} attached`;
  },
  timeoutMs: 3 * 60_000,
};

/** cloud-init installs Node.js first, so the server answers a few minutes after ACTIVE. */
export const answers: Step<D, FloatingIpState> = {
  name: 'answers on :8080',
  check: async (_d, ctx) => {
    if (!ctx.state.ip) return false;
    const a = await getAnswer(`http://${String(ctx.state.ip)}:8080/`, 3_000, ctx.signal);
    if (a.ok) ctx.state.answer = a.body;
    return a.ok ? `http://${String(ctx.state.ip)}:8080 answers: ${a.body}` : false;
  },
  apply: async () => undefined,
  wait: async (_d, ctx) => {
    const url = `http://${String(ctx.state.ip)}:8080/`;
    const a = await converge(
      async () => {
        const r = await getAnswer(url, 3_000, ctx.signal);
        if (!r.ok) ctx.say(`waiting for ${url} (cloud-init installs Node.js): ${r.error ?? r.status}`);
        return r.ok ? r : false;
      },
      { signal: ctx.signal, clock: ctx.clock, intervalMs: 5_000 },
    );
    ctx.state.answer = a.body;
    return `${url} answers: ${a.body}`;
  },
  timeoutMs: 15 * 60_000,
  timeoutHint: `nothing answers on :8080: \`openstack console log show ${SERVER}\` shows cloud-init; is 8080 open in web-server-sg?`,
};
