import { z } from 'zod';
import { defineCommand } from './types.js';

/** `/help`: the command list in the reader's language (answered by the bot, no job). */
export const helpCommand = defineCommand({
  local: 'read',
  teamless: true,
  name: 'help',
  description: { en: 'What labops can do', 'pt-BR': 'O que o labops sabe fazer' },
  options: [],
  input: z.object({}).strict(),
});
