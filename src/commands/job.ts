import { z } from 'zod';
import { Codes, decodeFailure } from '../shared/errors.js';
import { ago, refuse } from './local.js';
import { localTexts } from './local-texts.js';
import { defineCommand } from './types.js';

/** A job id as labops makes them: `scale-1a2b3c4d5e6f`. */
export const jobIdInput = z
  .string()
  .trim()
  .transform((s) => s.replace(/^#/, ''))
  .pipe(z.string().regex(/^[A-Za-z0-9_.-]{1,60}$/, 'a job id such as scale-1a2b3c4d5e6f'));

/** `/job <id>`: one job's state and result (answered by the bot, no job). */
export const jobCommand = defineCommand({
  local: 'read',
  name: 'job',
  description: { en: 'Show the state of one job', 'pt-BR': 'Mostra o estado de um job' },
  options: [
    {
      name: 'id',
      type: 'string',
      required: true,
      description: {
        en: 'The job id, e.g. scale-1a2b3c4d5e6f',
        'pt-BR': 'O id do job, ex. scale-1a2b3c4d5e6f',
      },
    },
  ],
  input: z.object({ id: jobIdInput }).strict(),
  async answer({ input, client, team, lang, now }) {
    const tx = localTexts(lang);
    const id = input.id;
    const job = await client.queue(team.queue).getJob(id);
    if (!job) return refuse(Codes.badInput, tx.noJob(id, team.name));
    const state = await job.getState();
    const lines = [`${tx.elapsed}: ${ago(now, job.timestamp)}`];
    const rv = job.returnvalue as { summary?: string } | null;
    if (state === 'completed' && rv?.summary) lines.push(rv.summary);
    if (state === 'failed') {
      const f = decodeFailure(job.failedReason);
      lines.push(f.code === 'INTERNAL' ? f.message.slice(0, 200) : `[${f.code}] ${f.message}`);
    }
    const text = lines.flatMap((l) => l.split('\n'));
    return { text: { head: `#${id} ${job.name}: ${state}`, lines: text, file: 'job.txt', kind: 'list' } };
  },
});
