import type { Lang } from './types.js';

/** What `/cancel` did to a job. */
export type CancelResult = 'removed' | 'signalled' | 'finished' | 'not-found';

/** The texts of the local answers, in each language of the class. */
export interface LocalTexts {
  cancelResult: (id: string, r: CancelResult) => string;
  noJob: (id: string, team: string) => string;
  noJobs: string;
  jobsTitle: (team: string) => string;
  noRunners: (team: string) => string;
  runnersTitle: (team: string) => string;
  helpTitle: string;
  helpMutating: string;
  auditLatest: (n: number, since: string) => string;
  elapsed: string;
}

const en: LocalTexts = {
  cancelResult: (id, r) =>
    ({
      removed: `🛑 #${id} was waiting: removed, nothing ran.`,
      signalled: `🛑 #${id} is being stopped; its commands are killed.`,
      finished: `#${id} already finished.`,
      'not-found': `⚠️ no job #${id} in this team.`,
    })[r],
  noJob: (id, team) => `no job #${id} in team ${team}: \`/jobs\` lists the team's jobs`,
  noJobs: 'No jobs yet for this team.',
  jobsTitle: (team) => `Recent jobs of team ${team}`,
  noRunners: (team) =>
    `⚠️ no runner of team ${team} answered in the last 30 s: is \`labops runner\` running on main?`,
  runnersTitle: (team) => `Runners of team ${team}`,
  helpTitle: 'labops commands',
  helpMutating: '(asks for confirmation)',
  auditLatest: (n, since) =>
    `only the latest ${n} entries of the period; \`labops audit --since ${since} -n 100000\` lists them all`,
  elapsed: 'elapsed',
};

const ptBR: LocalTexts = {
  cancelResult: (id, r) =>
    ({
      removed: `🛑 #${id} estava na fila: removido, nada rodou.`,
      signalled: `🛑 #${id} está sendo interrompido; seus comandos são encerrados.`,
      finished: `#${id} já terminou.`,
      'not-found': `⚠️ não há job #${id} nesta equipe.`,
    })[r],
  noJob: (id, team) => `não há job #${id} na equipe ${team}: \`/jobs\` lista os jobs da equipe`,
  noJobs: 'Nenhum job ainda nesta equipe.',
  jobsTitle: (team) => `Jobs recentes da equipe ${team}`,
  noRunners: (team) =>
    `⚠️ nenhum runner da equipe ${team} respondeu nos últimos 30 s: o \`labops runner\` está rodando na main?`,
  runnersTitle: (team) => `Runners da equipe ${team}`,
  helpTitle: 'comandos do labops',
  helpMutating: '(pede confirmação)',
  auditLatest: (n, since) =>
    `só as ${n} entradas mais recentes do período; \`labops audit --since ${since} -n 100000\` lista todas`,
  elapsed: 'tempo',
};

/** The local answers' texts in `lang`. */
export function localTexts(lang: Lang): LocalTexts {
  return lang === 'pt-BR' ? ptBR : en;
}
