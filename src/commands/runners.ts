import { z } from 'zod';
import { defineCommand } from './types.js';

/** `/runners`: the team's runners seen in the last 30 s (answered by the bot, no job). */
export const runnersCommand = defineCommand({
  local: 'read',
  name: 'runners',
  description: {
    en: "Show which of your team's runners are online",
    'pt-BR': 'Mostra quais runners da sua equipe estão online',
  },
  options: [],
  input: z.object({}).strict(),
});
