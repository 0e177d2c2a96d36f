import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { teamName } from '../jobs/names.js';
import { ConfigError } from '../shared/config.js';

const id = z.string().regex(/^\d{17,20}$/, 'a Discord id (17 to 20 digits, in quotes)');

const schema = z
  .object({
    teams: z
      .array(
        z
          .object({
            name: teamName,
            roles: z.array(id).default([]),
            /** The BullMQ queue (and Redis prefix) of the team; defaults to its name. */
            queue: teamName.optional(),
            /**
             * Whether commands that change the team's lab first ask for a Confirm button (only the
             * requester may press it). Default true; `confirm: false` enqueues them at once.
             */
            confirm: z.boolean().optional(),
          })
          .strict(),
      )
      .min(1, 'at least one team'),
    instructorRoles: z.array(id).default([]),
    /** Channels where commands are accepted; empty = any channel. */
    channels: z.array(id).default([]),
    /** Per-command allow lists: role ids (instructors always pass), channels. */
    commands: z
      .record(
        z.string(),
        z.object({ roles: z.array(id).optional(), channels: z.array(id).optional() }).strict(),
      )
      .default({}),
  })
  .strict();

/** Who may run what, for which team, and where (LABOPS_CONFIG). */
export type AccessConfig = z.infer<typeof schema> & { configured: boolean };
export type TeamConfig = AccessConfig['teams'][number];

/** With no LABOPS_CONFIG: one team `default`; managers may do everything, others read-only commands. */
export const defaultAccess: AccessConfig = {
  configured: false,
  teams: [{ name: 'default', roles: [] }],
  instructorRoles: [],
  channels: [],
  commands: {},
};

/** Parses the YAML text of LABOPS_CONFIG; errors name the path of the bad entry. */
export function parseAccessConfig(text: string, source = 'LABOPS_CONFIG'): AccessConfig {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new ConfigError(`${source}: not valid YAML: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${source} ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`invalid access configuration:\n${lines.join('\n')}`);
  }
  const names = parsed.data.teams.map((t) => t.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new ConfigError(`${source} teams: team "${dup}" is listed twice`);
  return { ...parsed.data, configured: true };
}

/** Reads LABOPS_CONFIG when set, else the default access rules. */
export function loadAccessConfig(path: string | undefined): AccessConfig {
  if (!path) return defaultAccess;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`LABOPS_CONFIG: cannot read ${path}: ${(err as Error).message}`);
  }
  return parseAccessConfig(text, `LABOPS_CONFIG (${path})`);
}

/** Whether a team's mutating commands ask for a Confirm button first (`confirm`, default true). */
export function confirmsOf(team: TeamConfig): boolean {
  return team.confirm !== false;
}

/** The queue name of a team. */
export function queueOf(team: TeamConfig): string {
  return team.queue ?? team.name;
}
