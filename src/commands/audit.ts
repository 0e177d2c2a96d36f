import { z } from 'zod';
import { auditLine, parseSince, readAudit } from '../services/audit.js';
import { instructorsOnly, lineAnswer } from './local.js';
import { localTexts } from './local-texts.js';
import { defineCommand } from './types.js';

/** Most audit entries one /audit shows (the answer says when there may be more). */
const AUDIT_MAX = 100;

/** `/audit [team] [since]`: who ran what, for instructors (answered by the bot, no job). */
export const auditCommand = defineCommand({
  local: 'read',
  name: 'audit',
  description: {
    en: 'Who ran what, and what came of it (instructors)',
    'pt-BR': 'Quem executou o quê, e o resultado (instrutores)',
  },
  options: [
    {
      name: 'since',
      type: 'string',
      description: {
        en: 'How far back: 1h, 30m, 2d or an ISO date',
        'pt-BR': 'Desde quando: 1h, 30m, 2d ou uma data ISO',
      },
    },
  ],
  input: z
    .object({
      since: z
        .string()
        .max(40)
        .regex(/^(\d{1,4}[smhd]|\d{4}-\d{2}-\d{2}[\dT:.Z+-]*)$/, 'since is 1h, 30m, 2d or an ISO date')
        .optional(),
    })
    .strict(),
  async answer({ input, redis, instructor, auditTeams, lang }) {
    if (!instructor) return instructorsOnly('audit');
    const since = input.since ?? '24h';
    const teams = auditTeams ? [...auditTeams] : undefined;
    const rows = await readAudit(redis, {
      sinceMs: parseSince(since),
      ...(teams ? { teams } : {}),
      limit: AUDIT_MAX,
    });
    if (!rows.length) return lineAnswer('no audit entries in that period', 'audit.txt');
    return {
      text: {
        head: 'audit',
        lines: rows.map(auditLine),
        // Oldest first, as in `labops audit`; when they do not all fit, the message keeps the newest.
        keep: 'last',
        ...(rows.length >= AUDIT_MAX ? { foot: localTexts(lang).auditLatest(AUDIT_MAX, since) } : {}),
        lineMax: 300,
        file: 'audit.txt',
        kind: 'list',
      },
    };
  },
});
