import { z } from 'zod';
import { lineAnswer } from './local.js';
import { localTexts } from './local-texts.js';
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
  async answer({ client, team, lang }) {
    const tx = localTexts(lang);
    const found = await client.runners(team.queue);
    if (!found.length) return lineAnswer(tx.noRunners(team.name), 'runners.txt');
    const lines = found.map((r) => `• ${String(r.id ?? r.host ?? '?')} ${JSON.stringify(r)}`);
    return {
      text: { head: tx.runnersTitle(team.name), lines, lineMax: 240, file: 'runners.txt', kind: 'list' },
    };
  },
});
