import type { LabClient } from '../client/lab-client.js';
import type { CommandDefinition } from '../commands/types.js';
import { Codes, UserError } from '../shared/errors.js';
import { consoleHelp } from './console-help.js';
import { cancelText, outcomeText } from './render.js';

/**
 * The commands that start no job (`/jobs`, `/job`, `/cancel`, `/runners`, `/help`), answered
 * by the terminal itself with the same definitions and validation as in Discord.
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
  const input = parsed.data as { id?: string };
  const say = (s: string) => out.write(`${s}\n`);
  switch (command.name) {
    case 'help':
      say(consoleHelp());
      return 0;
    case 'jobs': {
      const rows = await client.list(team, 15);
      if (!rows.length) say('no jobs yet');
      for (const r of rows)
        say(
          `${r.id.padEnd(28)} ${r.state.padEnd(10)} ${new Date(r.createdAt).toISOString().slice(0, 19)}  ${r.requestedBy}`,
        );
      return 0;
    }
    case 'job': {
      const o = await client.outcome(team, input.id!).catch(() => undefined);
      if (o === undefined) throw noJob(input.id!, team);
      say(o ? outcomeText(o) : `${input.id} is still waiting or running`);
      return 0;
    }
    case 'cancel': {
      const r = await client.cancel(team, input.id!);
      if (r === 'not-found') throw noJob(input.id!, team);
      say(cancelText(input.id!, r));
      return 0;
    }
    case 'progress': {
      const { printProgress } = await import('./progress.js');
      return printProgress(client, team, out);
    }
    case 'runners': {
      const rs = await client.runners(team);
      if (!rs.length) say(`no runner of team ${team} is online (none sent a heartbeat in the last 30 s)`);
      for (const r of rs)
        say(
          `${String(r.id)}  lab: ${String(r.lab)}  up since ${new Date(Number(r.startedAt)).toISOString().slice(0, 19)}`,
        );
      return 0;
    }
    default:
      throw new UserError(
        Codes.unknownCommand,
        `/${command.name} is answered in Discord; in the terminal run \`labops ${command.name} --help\``,
      );
  }
}

/** A job id the team does not have: refused, naming the command that lists its jobs. */
function noJob(id: string, team: string): UserError {
  return new UserError(Codes.badInput, `no job ${id} in team ${team}: \`/jobs\` lists the team's jobs`);
}
