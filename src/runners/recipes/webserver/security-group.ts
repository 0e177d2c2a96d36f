import type { JobData } from '../../../jobs/definitions.js';
import type { Step } from '../../recipe.js';
import { ruleAllows, type SecurityGroupRule } from '../../tools/openstack/index.js';

type D = JobData<'deploy-webserver'>;

/** What the rules step hands on: the rules its check read. */
export interface RulesState {
  rules?: SecurityGroupRule[];
}

/** Its own group, never `default`: the guide's rules must not open every other instance too. */
export const SG = 'web-server-sg';
export const RULES = [
  { protocol: 'tcp', port: 22 },
  { protocol: 'tcp', port: 8080 },
  { protocol: 'icmp', port: undefined },
] as const;

export const securityGroup: Step<D> = {
  name: `security group ${SG}`,
  check: async (_d, ctx) =>
    (await ctx.tools.openstack.securityGroupList()).some((g) => g.name === SG) ? `${SG} exists` : false,
  apply: async (_d, ctx) => {
    await ctx.tools.openstack.securityGroupCreate(SG, 'labops: web-server (ssh, 8080, icmp)');
    return `created ${SG}`;
  },
  timeoutMs: 2 * 60_000,
};

export const securityRules: Step<D, RulesState> = {
  name: 'rules: tcp 22, tcp 8080, icmp',
  check: async (_d, ctx) => {
    const rules = await ctx.tools.openstack.securityGroupRuleList(SG).catch(() => null);
    if (!rules) return false;
    ctx.state.rules = rules;
    return RULES.every((r) => ruleAllows(rules, r.protocol, r.port))
      ? 'tcp 22, tcp 8080 and icmp allowed'
      : false;
  },
  apply: async (_d, ctx) => {
    const have = ctx.state.rules ?? [];
    const added: string[] = [];
    for (const r of RULES) {
      if (ruleAllows(have, r.protocol, r.port)) continue;
      await ctx.tools.openstack.securityGroupRuleCreate(SG, { protocol: r.protocol, dstPort: r.port });
      added.push(`${r.protocol}${r.port ? ` ${r.port}` : ''}`);
    }
    return `added ${added.join(', ')}`;
  },
  timeoutMs: 3 * 60_000,
};
