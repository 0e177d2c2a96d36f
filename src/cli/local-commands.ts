import type { LabClient } from '../client/lab-client.js';
import { commands } from '../commands/index.js';
import { mayMutate } from '../commands/kind.js';
import type { CommandDefinition, LocalAnswer, LocalAsk } from '../commands/types.js';
import { loadAccessConfig, queueOf } from '../services/access-config.js';
import { readConfig } from '../shared/config.js';
import { Codes, UserError } from '../shared/errors.js';

/** Every configured team (LABOPS_CONFIG), else only the current one. */
function classTeams(team: string): { name: string; queue: string }[] {
  const access = loadAccessConfig(readConfig().LABOPS_CONFIG);
  return access.configured
    ? access.teams.map((t) => ({ name: t.name, queue: queueOf(t) }))
    : [{ name: team, queue: team }];
}

/** Prints a local answer; a refusal is thrown as the UserError the console prints with its code. */
function render(a: LocalAnswer, out: NodeJS.WritableStream): number {
  if ('refused' in a) throw new UserError(a.refused.code, a.refused.message);
  const { head, lines, foot } = a.text;
  out.write(`${[...(head === undefined ? [] : [head]), ...lines, ...(foot ? [foot] : [])].join('\n')}\n`);
  return 0;
}

/**
 * The commands that start no job (`/jobs`, `/job`, `/cancel`, `/runners`, `/help`, …), answered
 * by the terminal with the answer their definition gives, the same as in Discord.
 */
export async function runLocal(
  command: CommandDefinition<any>,
  rawOptions: Record<string, unknown>,
  client: LabClient,
  team: string,
  out: NodeJS.WritableStream,
): Promise<number> {
  const parsed = command.input.safeParse(rawOptions);
  if (!parsed.success) {
    throw new UserError(
      Codes.badInput,
      `/${command.name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`,
    );
  }
  if (!command.answer)
    throw new UserError(
      Codes.unknownCommand,
      `/${command.name} is not answered here; \`/help\` lists the commands`,
    );
  const ask: LocalAsk = {
    input: parsed.data as Record<string, unknown>,
    client,
    redis: client.redis,
    team: { name: team, queue: team },
    classTeams: () => classTeams(team),
    // The terminal is the operator's: it sees what instructors see.
    instructor: true,
    lang: 'en',
    commands,
    asksConfirmation: (c) => Boolean(c.job && mayMutate(c)),
    now: Date.now(),
  };
  return render(await command.answer(ask), out);
}
