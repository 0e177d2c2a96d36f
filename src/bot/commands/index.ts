import { ping } from './ping.js';
import { status } from './status.js';
import type { CommandDefinition } from './types.js';

/** Every slash command, in the order `/help` lists them. */
export const commands: CommandDefinition<any>[] = [status, ping];

export function findCommand(name: string): CommandDefinition<any> | undefined {
  return commands.find((c) => c.name === name);
}
