import type { RESTPutAPIApplicationGuildCommandsJSONBody } from 'discord-api-types/v10';
import { mayMutate } from '../commands/kind.js';
import type { CommandDefinition, Localized, OptionDefinition } from '../commands/types.js';
import type { AccessConfig } from '../services/access-config.js';
import { DRY_RUN_OPTION, TEAM_OPTION } from './options.js';

type Json = RESTPutAPIApplicationGuildCommandsJSONBody[number];
type OptionJson = Record<string, unknown>;

const TYPES = { string: 3, integer: 4, boolean: 5 } as const;

/** Name and description with their pt-BR / en localizations. */
function texts(name: string, d: Localized) {
  return {
    name,
    name_localizations: { 'pt-BR': name, 'en-US': name, 'en-GB': name },
    description: d.en.slice(0, 100),
    description_localizations: {
      'pt-BR': d['pt-BR'].slice(0, 100),
      'en-US': d.en.slice(0, 100),
      'en-GB': d.en.slice(0, 100),
    },
  };
}

function option(o: OptionDefinition): OptionJson {
  return {
    type: TYPES[o.type],
    ...texts(o.name, o.description),
    required: o.required ?? false,
    ...(o.choices?.length && !o.autocomplete
      ? { choices: o.choices.map((c) => ({ name: c, value: o.type === 'integer' ? Number(c) : c })) }
      : {}),
    ...(o.autocomplete && o.type === 'string' ? { autocomplete: true } : {}),
    ...(o.type === 'integer' && o.min !== undefined ? { min_value: o.min } : {}),
    ...(o.type === 'integer' && o.max !== undefined ? { max_value: o.max } : {}),
  };
}

/** The bot's own options: `dry-run` on mutating commands, `team` when there are several teams. */
function extras(def: CommandDefinition<any>, access: AccessConfig): OptionJson[] {
  const out: OptionJson[] = [];
  if (def.job && mayMutate(def))
    out.push({
      type: TYPES.boolean,
      ...texts(DRY_RUN_OPTION, {
        en: 'Show the exact commands without running them',
        'pt-BR': 'Mostra os comandos exatos sem executá-los',
      }),
      required: false,
    });
  if (access.teams.length > 1 && def.name !== 'help')
    out.push({
      type: TYPES.string,
      ...texts(TEAM_OPTION, {
        en: 'Team (instructors: any team)',
        'pt-BR': 'Equipe (professores: qualquer equipe)',
      }),
      required: false,
      ...(access.teams.length <= 25
        ? { choices: access.teams.map((tm) => ({ name: tm.name, value: tm.name })) }
        : {}),
    });
  return out;
}

/** Required options first, as Discord demands. */
const ordered = (opts: OptionJson[]) => [
  ...opts.filter((o) => o.required),
  ...opts.filter((o) => !o.required),
];

/** One definition as Discord's guild command JSON (CHAT_INPUT), localized in pt-BR and en. */
export function commandJson(def: CommandDefinition<any>, access: AccessConfig): Json {
  const more = extras(def, access);
  const options = def.subcommands?.length
    ? def.subcommands.map((s) => ({
        type: 1,
        ...texts(s.name, s.description),
        options: ordered([...s.options.map(option), ...more]),
      }))
    : ordered([...(def.options ?? []).map(option), ...more]);
  return { type: 1, ...texts(def.name, def.description), options } as unknown as Json;
}

/** Every command, for one bulk overwrite. */
export function commandsJson(defs: CommandDefinition<any>[], access: AccessConfig): Json[] {
  return defs.map((d) => commandJson(d, access));
}
