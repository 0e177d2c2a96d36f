import type { AccessConfig, TeamConfig } from '../services/access-config.js';
import type { Texts } from './i18n.js';

const ADMINISTRATOR = 1n << 3n;
const MANAGE_GUILD = 1n << 5n;

/** Who asks, as far as authorization cares. */
export interface Actor {
  userId: string;
  roleIds: readonly string[];
  /** The member's computed permissions (decimal bitfield string, as interactions carry it). */
  permissions: string | bigint | null;
  channelId: string;
}

/** What is asked: a command, whether it changes the lab, and an optional `team` option. */
export interface Ask {
  command: string;
  readOnly: boolean;
  /** False for commands that need no team at all (`/help`). */
  needsTeam?: boolean;
  team?: string;
}

export type Decision =
  | { ok: true; team: TeamConfig; instructor: boolean }
  | { ok: false; why: (t: Texts) => string };

function bits(p: Actor['permissions']): bigint {
  try {
    return p === null ? 0n : BigInt(p);
  } catch {
    return 0n;
  }
}

/** Whether the member may manage the server (Administrator or Manage Server). */
export function isManager(actor: Actor): boolean {
  const b = bits(actor.permissions);
  return (b & ADMINISTRATOR) !== 0n || (b & MANAGE_GUILD) !== 0n;
}

/**
 * The permission guard: channel, team and role rules from LABOPS_CONFIG (or the defaults
 * without one). A refusal says what is needed, in the asker's language.
 */
export function authorize(config: AccessConfig, actor: Actor, ask: Ask): Decision {
  const rule = config.commands[ask.command];
  const channels = rule?.channels ?? config.channels;
  if (channels.length && !channels.includes(actor.channelId))
    return { ok: false, why: (t) => t.wrongChannel(ask.command, channels) };
  const first = config.teams[0]!;
  if (!config.configured) {
    if (ask.readOnly || ask.needsTeam === false || isManager(actor))
      return { ok: true, team: first, instructor: isManager(actor) };
    return { ok: false, why: (t) => t.needsManager(ask.command) };
  }
  const has = (roles: readonly string[]) => roles.some((r) => actor.roleIds.includes(r));
  const instructor = isManager(actor) || has(config.instructorRoles);
  if (rule?.roles && !instructor && !has(rule.roles)) {
    const roles = [...rule.roles, ...config.instructorRoles];
    return { ok: false, why: (t) => t.needsRole(ask.command, roles) };
  }
  const mine = config.teams.filter((tm) => has(tm.roles));
  let team: TeamConfig | undefined;
  if (ask.team) {
    team = config.teams.find((tm) => tm.name === ask.team);
    const names = config.teams.map((tm) => tm.name);
    if (!team) return { ok: false, why: (t) => t.unknownTeam(ask.team!, names) };
    const wanted = team;
    if (!instructor && !mine.includes(wanted))
      return {
        ok: false,
        why: (t) => t.otherTeam(wanted.name, [...wanted.roles, ...config.instructorRoles]),
      };
  } else {
    team = mine[0] ?? (instructor && config.teams.length === 1 ? first : undefined);
  }
  if (team) return { ok: true, team, instructor };
  if (ask.needsTeam === false) return { ok: true, team: first, instructor };
  if (instructor) return { ok: false, why: (t) => t.pickTeam(config.teams.map((tm) => tm.name)) };
  const roles = config.teams.flatMap((tm) => tm.roles);
  return { ok: false, why: (t) => t.needsTeamRole(ask.command, roles) };
}

/** The team a member belongs to, for autocomplete (no refusal: falls back to the first team). */
export function teamOf(config: AccessConfig, roleIds: readonly string[], wanted?: string): TeamConfig {
  const named = wanted ? config.teams.find((tm) => tm.name === wanted) : undefined;
  return named ?? config.teams.find((tm) => tm.roles.some((r) => roleIds.includes(r))) ?? config.teams[0]!;
}
