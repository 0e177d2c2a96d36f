import { z } from 'zod';
import { ago } from './local.js';
import { localTexts } from './local-texts.js';
import { defineCommand } from './types.js';

/** `/jobs [limit]`: the team's recent jobs (answered by the bot, no job). */
export const jobsCommand = defineCommand({
  local: 'read',
  name: 'jobs',
  description: { en: "List your team's recent jobs", 'pt-BR': 'Lista os jobs recentes da sua equipe' },
  options: [
    {
      name: 'limit',
      type: 'integer',
      description: { en: 'How many (1 to 20)', 'pt-BR': 'Quantos (1 a 20)' },
      min: 1,
      max: 20,
    },
  ],
  input: z.object({ limit: z.number().int().min(1).max(20, 'limit is at most 20').optional() }).strict(),
  async answer({ input, client, team, lang, now }) {
    const tx = localTexts(lang);
    const rows = await client.list(team.queue, Number(input.limit ?? 10));
    if (!rows.length) return { text: { lines: [tx.noJobs], file: 'jobs.txt', kind: 'list' } };
    const lines = rows.map((r) => `\`#${r.id}\` ${r.state} · ${r.requestedBy} · ${ago(now, r.createdAt)}`);
    return { text: { head: tx.jobsTitle(team.name), lines, file: 'jobs.txt', kind: 'list' } };
  },
});
