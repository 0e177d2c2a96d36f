/**
 * The bot's texts in the two languages of the class. Replies follow the interaction's locale
 * (`pt-BR` for any Portuguese client, English otherwise); channel messages follow the locale
 * of the person who started the job.
 */
export type Lang = 'en' | 'pt-BR';

/** The language for a Discord locale such as `pt-BR`, `en-US` or `es-ES`. */
export function langOf(locale: string | null | undefined): Lang {
  return locale?.toLowerCase().startsWith('pt') ? 'pt-BR' : 'en';
}

const roleList = (ids: string[]) => ids.map((r) => `<@&${r}>`).join(', ');
const channelList = (ids: string[]) => ids.map((c) => `<#${c}>`).join(', ');

/**
 * The input rules of the job contract (`src/jobs/names.ts`, the commands' schemas) in Portuguese:
 * a bad-input answer to a pt-BR client names the broken rule in its language.
 */
const RULES_PT: [RegExp, string][] = [
  [/a Kubernetes name cannot be empty/g, 'um nome do Kubernetes não pode ser vazio'],
  [
    /a Kubernetes name has at most 63 characters \(RFC 1123 label\)/g,
    'um nome do Kubernetes tem no máximo 63 caracteres (rótulo RFC 1123)',
  ],
  [
    /a Kubernetes name uses lowercase letters, digits and "-", and starts and ends with a letter or digit \(RFC 1123 label\)/g,
    'um nome do Kubernetes usa letras minúsculas, dígitos e "-", e começa e termina com letra ou dígito (rótulo RFC 1123)',
  ],
  [
    /a Docker tag has 1 to 128 letters, digits, "_", "\." or "-", and cannot start with "\." or "-"/g,
    'uma tag Docker tem de 1 a 128 letras, dígitos, "_", "." ou "-", e não pode começar com "." nem "-"',
  ],
  [/an OpenStack name has at most 255 characters/g, 'um nome do OpenStack tem no máximo 255 caracteres'],
  [
    /an OpenStack name here uses letters, digits, spaces, "_", "\." and "-"/g,
    'um nome do OpenStack aqui usa letras, dígitos, espaços, "_", "." e "-"',
  ],
  [
    /a team name uses lowercase letters, digits and "-", at most 31 characters/g,
    'um nome de equipe usa letras minúsculas, dígitos e "-", no máximo 31 caracteres',
  ],
  [/replicas must be a whole number/g, 'o número de réplicas deve ser inteiro'],
  [/replicas must be 0 or more/g, 'o número de réplicas deve ser 0 ou mais'],
  [/replicas must be at most (\d+)/g, 'o número de réplicas deve ser no máximo $1'],
  [/message has at most (\d+) characters/g, 'a mensagem tem no máximo $1 caracteres'],
  [/tag only applies to \/deploy hello-node/g, 'tag só vale para /deploy hello-node'],
];

/** Pure: `message` with every known input rule said in Portuguese (the rest as it is). */
export function rulesInPortuguese(message: string): string {
  return RULES_PT.reduce((m, [re, pt]) => m.replace(re, pt), message);
}

const en = {
  needsRole: (cmd: string, roles: string[]) => `⛔ /${cmd} needs one of the roles ${roleList(roles)}.`,
  needsManager: (cmd: string) =>
    `⛔ /${cmd} changes the lab: it needs the Administrator or Manage Server permission (or a team role in the bot's configuration).`,
  needsTeamRole: (cmd: string, roles: string[]) =>
    `⛔ /${cmd} needs a team role: ${roleList(roles)}. Ask your instructor.`,
  otherTeam: (team: string, roles: string[]) =>
    `⛔ only instructors may act on another team; team ${team} needs one of ${roleList(roles)}.`,
  unknownTeam: (team: string, teams: string[]) => `⚠️ no team "${team}"; teams: ${teams.join(', ')}.`,
  pickTeam: (teams: string[]) => `⚠️ give the \`team\` option: one of ${teams.join(', ')}.`,
  wrongChannel: (cmd: string, channels: string[]) =>
    `⛔ /${cmd} is not accepted in this channel; use ${channelList(channels)}.`,
  badInput: (message: string) => `⚠️ Invalid input — ${message}\nNothing was run.`,
  unknownCommand: (cmd: string) => `⚠️ Unknown command /${cmd}. Type /help for the list.`,
  unknownSubcommand: (cmd: string, sub: string, subs: string[]) =>
    `⚠️ /${cmd} has no subcommand "${sub}"; use one of: ${subs.join(', ')}. Nothing was run.`,
  confirm: (line: string, what: string, seconds: number) =>
    `⚠️ **${line}** will change your lab: ${what}.\nConfirm within ${seconds} s. Tip: add \`dry-run: True\` to see the exact commands first.`,
  confirmLabel: 'Confirm',
  cancelLabel: 'Cancel',
  onlyRequester: (user: string) => `⛔ only <@${user}> can answer this confirmation.`,
  expired: '⌛ This confirmation expired: nothing was run. Send the command again.',
  alreadyAnswered: 'This confirmation was already answered.',
  aborted: (line: string) => `✋ ${line} cancelled: nothing was run.`,
  queued: (id: string, team: string) =>
    `✅ queued as **#${id}** (team ${team}). Progress follows in the channel.`,
  dryQueued: (id: string, team: string) =>
    `🔍 dry run queued as **#${id}** (team ${team}): the commands follow in the channel, nothing is changed.`,
  failedRef: (ref: string) => `❌ failed (ref: ${ref})`,
  internal: (ref: string) => `❌ something went wrong on the bot's side (ref: ${ref}). Nothing was run.`,
  step: (i: number, n: number, name: string) => `step ${i} of ${n}: **${name}**`,
  queuedState: 'waiting for the team runner…',
  elapsed: 'elapsed',
  job: 'job',
  cancelJob: 'Cancel job',
  cancelRequested: (id: string) => `🛑 cancel requested for #${id}.`,
  cancelResult: (id: string, r: string) =>
    ({
      removed: `🛑 #${id} was waiting: removed, nothing ran.`,
      signalled: `🛑 #${id} is being stopped; its commands are killed.`,
      finished: `#${id} already finished.`,
      'not-found': `⚠️ no job #${id} in this team.`,
    })[r] ?? r,
  continued: (url: string) => `⤵️ continued in a newer message: ${url}`,
  done: '✅ done',
  failed: '❌ failed',
  cancelled: '🛑 cancelled',
  resultFor: (user: string, line: string, id: string) => `<@${user}> ${line} — **#${id}**`,
  wouldRun: 'Would run (dry run, nothing changed)',
  steps: 'Steps',
  attached: (names: string[]) => `attached: ${names.join(', ')}`,
  tooBig: (name: string, bytes: number, limit: number) =>
    `${name} (${bytes} bytes) is over this channel's upload limit of ${limit} bytes; get it with \`labops\` from a terminal`,
  gone: (name: string) => `${name} expired from storage`,
  moreAttached: (hidden: number, name: string, kind: 'table' | 'list') =>
    hidden
      ? `📎 ${hidden} more ${hidden === 1 ? 'line' : 'lines'} not shown here: full ${kind} attached (${name})`
      : `📎 long lines shortened here: full ${kind} attached (${name})`,
  notAttached: (hidden: number, why: string) =>
    hidden
      ? `⚠️ ${hidden} more ${hidden === 1 ? 'line' : 'lines'} not shown here: ${why}`
      : `⚠️ long lines shortened here: ${why}`,
  auditLatest: (n: number, since: string) =>
    `only the latest ${n} entries of the period; \`labops audit --since ${since} -n 100000\` lists them all`,
  botMissing: (names: string[]) =>
    `⛔ I cannot report in this channel: I am missing ${names.join(', ')} here. Nothing was run.\nAn admin can grant them to the labops bot in Edit Channel → Permissions (or re-invite it with the link \`labops commands deploy\` prints); or run the command in a channel where I can post.`,
  unknownJobTeam: "⚠️ this job's team is not in the bot's configuration any more: nothing was cancelled.",
  channelLost: (id: string, channel: string) =>
    `⚠️ I can no longer post in <#${channel}> (a permission was taken away): the progress and result of **#${id}** cannot be shown there. See them with \`labops jobs\` or on the dashboard.`,
  leftOut: (names: string[]) =>
    `left out (upload limits or permissions): ${names.join(', ')} — get them with \`labops jobs\` or on the dashboard`,
};

export type Texts = typeof en;

const pt: Texts = {
  needsRole: (cmd, roles) => `⛔ /${cmd} exige um dos cargos ${roleList(roles)}.`,
  needsManager: (cmd) =>
    `⛔ /${cmd} altera o lab: exige a permissão Administrador ou Gerenciar Servidor (ou um cargo de equipe na configuração do bot).`,
  needsTeamRole: (cmd, roles) =>
    `⛔ /${cmd} exige um cargo de equipe: ${roleList(roles)}. Fale com o professor.`,
  otherTeam: (team, roles) =>
    `⛔ só professores podem agir em outra equipe; a equipe ${team} exige um de ${roleList(roles)}.`,
  unknownTeam: (team, teams) => `⚠️ não existe a equipe "${team}"; equipes: ${teams.join(', ')}.`,
  pickTeam: (teams) => `⚠️ informe a opção \`team\`: uma de ${teams.join(', ')}.`,
  wrongChannel: (cmd, channels) => `⛔ /${cmd} não é aceito neste canal; use ${channelList(channels)}.`,
  badInput: (message) => `⚠️ Entrada inválida — ${rulesInPortuguese(message)}\nNada foi executado.`,
  unknownCommand: (cmd) => `⚠️ Comando desconhecido /${cmd}. Digite /help para a lista.`,
  unknownSubcommand: (cmd, sub, subs) =>
    `⚠️ /${cmd} não tem o subcomando "${sub}"; use um de: ${subs.join(', ')}. Nada foi executado.`,
  confirm: (line, what, seconds) =>
    `⚠️ **${line}** vai alterar o seu lab: ${what}.\nConfirme em até ${seconds} s. Dica: use \`dry-run: True\` para ver antes os comandos exatos.`,
  confirmLabel: 'Confirmar',
  cancelLabel: 'Cancelar',
  onlyRequester: (user) => `⛔ só <@${user}> pode responder a esta confirmação.`,
  expired: '⌛ Esta confirmação expirou: nada foi executado. Envie o comando de novo.',
  alreadyAnswered: 'Esta confirmação já foi respondida.',
  aborted: (line) => `✋ ${line} cancelado: nada foi executado.`,
  queued: (id, team) => `✅ na fila como **#${id}** (equipe ${team}). O progresso segue no canal.`,
  dryQueued: (id, team) =>
    `🔍 simulação na fila como **#${id}** (equipe ${team}): os comandos seguem no canal, nada é alterado.`,
  failedRef: (ref) => `❌ falhou (ref: ${ref})`,
  internal: (ref) => `❌ algo deu errado no bot (ref: ${ref}). Nada foi executado.`,
  step: (i, n, name) => `passo ${i} de ${n}: **${name}**`,
  queuedState: 'aguardando o runner da equipe…',
  elapsed: 'tempo',
  job: 'job',
  cancelJob: 'Cancelar job',
  cancelRequested: (id) => `🛑 cancelamento pedido para #${id}.`,
  cancelResult: (id, r) =>
    ({
      removed: `🛑 #${id} estava na fila: removido, nada rodou.`,
      signalled: `🛑 #${id} está sendo interrompido; seus comandos são encerrados.`,
      finished: `#${id} já terminou.`,
      'not-found': `⚠️ não há job #${id} nesta equipe.`,
    })[r] ?? r,
  continued: (url) => `⤵️ continua numa mensagem mais nova: ${url}`,
  done: '✅ concluído',
  failed: '❌ falhou',
  cancelled: '🛑 cancelado',
  resultFor: (user, line, id) => `<@${user}> ${line} — **#${id}**`,
  wouldRun: 'Executaria (simulação, nada foi alterado)',
  steps: 'Passos',
  attached: (names) => `anexos: ${names.join(', ')}`,
  tooBig: (name, bytes, limit) =>
    `${name} (${bytes} bytes) passa do limite de envio deste canal (${limit} bytes); obtenha-o com \`labops\` num terminal`,
  gone: (name) => `${name} expirou do armazenamento`,
  moreAttached: (hidden, name, kind) => {
    const full = kind === 'table' ? 'tabela completa' : 'lista completa';
    return hidden
      ? `📎 ${hidden === 1 ? 'mais 1 linha não mostrada' : `mais ${hidden} linhas não mostradas`} aqui: ${full} em anexo (${name})`
      : `📎 linhas longas encurtadas aqui: ${full} em anexo (${name})`;
  },
  notAttached: (hidden, why) =>
    hidden
      ? `⚠️ ${hidden === 1 ? 'mais 1 linha não mostrada' : `mais ${hidden} linhas não mostradas`} aqui: ${why}`
      : `⚠️ linhas longas encurtadas aqui: ${why}`,
  auditLatest: (n, since) =>
    `só as ${n} entradas mais recentes do período; \`labops audit --since ${since} -n 100000\` lista todas`,
  botMissing: (names) =>
    `⛔ não consigo informar neste canal: me falta ${names.join(', ')} aqui. Nada foi executado.\nUm administrador pode dar essas permissões ao bot labops em Editar canal → Permissões (ou convidá-lo de novo com o link que \`labops commands deploy\` mostra); ou use o comando num canal onde eu possa escrever.`,
  unknownJobTeam: '⚠️ a equipe deste job não está mais na configuração do bot: nada foi cancelado.',
  channelLost: (id, channel) =>
    `⚠️ não consigo mais escrever em <#${channel}> (uma permissão foi retirada): o progresso e o resultado de **#${id}** não podem aparecer lá. Veja-os com \`labops jobs\` ou no painel.`,
  leftOut: (names) =>
    `deixados de fora (limites de envio ou permissões): ${names.join(', ')} — obtenha-os com \`labops jobs\` ou no painel`,
};

/** The texts for a locale. */
export function t(locale: string | null | undefined): Texts {
  return langOf(locale) === 'pt-BR' ? pt : en;
}
