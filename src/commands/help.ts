import { z } from 'zod';
import { localTexts } from './local-texts.js';
import { defineCommand } from './types.js';

/** `/help`: the command list in the reader's language (answered by the bot, no job). */
export const helpCommand = defineCommand({
  local: 'read',
  teamless: true,
  name: 'help',
  description: { en: 'What labops can do', 'pt-BR': 'O que o labops sabe fazer' },
  options: [],
  input: z.object({}).strict(),
  async answer({ commands, lang, asksConfirmation }) {
    const tx = localTexts(lang);
    const lines = commands.map(
      (c) => `\`/${c.name}\` — ${c.description[lang]}${asksConfirmation(c) ? ` ${tx.helpMutating}` : ''}`,
    );
    return { text: { head: tx.helpTitle, lines, file: 'help.txt', kind: 'list' } };
  },
});
