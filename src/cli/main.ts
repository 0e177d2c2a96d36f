import { Command, Option } from 'commander';
import { ConfigError, readConfig } from '../shared/config.js';
import { isUserError } from '../shared/errors.js';

/**
 * The `labops` command. Each subcommand loads its module on use, so `labops --help` and the
 * small commands start fast.
 */
const program = new Command('labops')
  .description(
    'Chat-ops for the cloud lab: run the lab guide steps on your team runner, from Discord or a terminal.',
  )
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)');

const team = () => new Option('-t, --team <team>', 'team (queue) to use; default LABOPS_TEAM or "default"');

program
  .command('run')
  .description('run one slash command, e.g. labops run "/status" or labops run "/scale hello-node 5" --yes')
  .argument('<command...>', 'the slash command line')
  .addOption(team())
  .option('--json', 'print the final result as one JSON object on stdout')
  .option('-y, --yes', 'do not ask before a command that changes the lab')
  .option('--dry-run', 'show the exact commands without running them')
  .action(async (words: string[], o: { team?: string; json?: boolean; yes?: boolean; dryRun?: boolean }) => {
    const { cmdRun } = await import('./cmd-run.js');
    process.exitCode = await cmdRun(words.join(' '), o);
  });

const simOptions = (c: Command) =>
  c
    .addOption(new Option('--preset <preset>', 'lab state for a new state dir').choices(['fresh', 'ready']))
    .option(
      '--state-dir <dir>',
      'where the simulated lab keeps its state; default LABOPS_SIM_DIR or ~/.local/share/labops/sim',
    )
    .option('--time-scale <x>', 'simulated time factor (0.02: an hour of cloud work takes 72 s)', Number);

simOptions(
  program
    .command('runner')
    .description("start a team runner: takes the team's jobs and runs juju, openstack, docker and kubectl")
    .addOption(team())
    .option('--sim', 'drive the simulated lab (started if needed) instead of a real one'),
).action(
  async (o: {
    team?: string;
    sim?: boolean;
    preset?: 'fresh' | 'ready';
    stateDir?: string;
    timeScale?: number;
  }) => {
    const { cmdRunner } = await import('./cmd-runner.js');
    await cmdRunner(o);
  },
);

const sim = program
  .command('sim')
  .description('the simulated lab: a cloud, a Kubernetes cluster and Docker Hub on this machine');
simOptions(sim.command('up').description('start the simulated lab in the background (or resume it)')).action(
  async (o: { preset?: 'fresh' | 'ready'; stateDir?: string; timeScale?: number }) => {
    const { cmdSimUp } = await import('./cmd-sim.js');
    // The lab daemon is detached; nothing of it may keep this command alive.
    process.exit(await cmdSimUp(o));
  },
);
sim
  .command('down')
  .description('stop the simulated lab (its state stays for the next `sim up`)')
  .option('--state-dir <dir>', 'state dir')
  .action(async (o: { stateDir?: string }) => {
    const { cmdSimDown } = await import('./cmd-sim.js');
    process.exitCode = await cmdSimDown(o);
  });
sim
  .command('status')
  .description('what the simulated lab holds and how to reach it')
  .option('--state-dir <dir>', 'state dir')
  .action(async (o: { stateDir?: string }) => {
    const { cmdSimStatus } = await import('./cmd-sim.js');
    process.exitCode = await cmdSimStatus(o);
  });
sim
  .command('seal-vault')
  .description(
    'seal the simulated Vault, as a restart of its container does (keys in <state dir>/vault-keys.txt)',
  )
  .option('--state-dir <dir>', 'state dir')
  .action(async (o: { stateDir?: string }) => {
    const { cmdSimSealVault } = await import('./cmd-sim.js');
    process.exitCode = await cmdSimSealVault(o);
  });
simOptions(
  sim.command('serve', { hidden: true }).description('run the simulated lab in the foreground'),
).action(async (o: { preset?: 'fresh' | 'ready'; stateDir?: string; timeScale?: number }) => {
  const { cmdSimServe } = await import('./cmd-sim.js');
  await cmdSimServe(o);
});

program
  .command('probe')
  .description(
    'probe a load balancer with a new connection per request: labops probe <url> [-n N] [-c C] [--json]',
  )
  .allowUnknownOption()
  .helpOption(false)
  .argument('[args...]')
  .action(async (args: string[]) => {
    if (args.includes('--lab')) {
      const { probeLab } = await import('./probe-lab.js');
      process.exitCode = await probeLab(args);
      return;
    }
    const { runProbeCli } = await import('../evidence/index.js');
    process.exitCode = await runProbeCli(args, { stdout: process.stdout, stderr: process.stderr });
  });

program
  .command('checkpoint')
  .description("run one of the guide's checkpoints and write its pictures, report.md and report.html")
  .argument('<n>', 'checkpoint, 1 to 6')
  .addOption(team())
  .option('-o, --out <dir>', 'where to write the pictures and the report; default ./checkpoint-<n>-<team>')
  .option('-y, --yes', 'checkpoint 6 deletes a pod: confirm without asking (needed with no terminal)')
  .action(async (n: string, o: { team?: string; out?: string; yes?: boolean }) => {
    const { cmdCheckpoint } = await import('./cmd-checkpoint.js');
    process.exitCode = await cmdCheckpoint(n, o);
  });

program
  .command('start')
  .description(
    'the embedded default: a private Redis (when REDIS_URL is unset), a runner and a local console',
  )
  .addOption(team())
  .action(async (o: { team?: string }) => {
    const { cmdStart } = await import('./cmd-start.js');
    process.exitCode = await cmdStart(o);
  });

program
  .command('dashboard')
  .description('the web dashboard of the class')
  .command('url')
  .description('print a one-time sign-in link (10 minutes): the class, or one team with --team')
  .option('-t, --team <team>', "a student's link: this team's page only")
  .option('--instructor', "an instructor's link: the whole class (the default)")
  .action(async (o: { team?: string; instructor?: boolean }) => {
    const { cmdDashboardUrl } = await import('./cmd-dashboard.js');
    process.exitCode = await cmdDashboardUrl(o);
  });

program
  .command('jobs')
  .description("list the team's recent jobs")
  .addOption(team())
  .option('-n, --limit <n>', 'how many', '20')
  .option('--json', 'print JSON')
  .action(async (o: { team?: string; limit: string; json?: boolean }) => {
    const { cmdJobs } = await import('./cmd-jobs.js');
    process.exitCode = await cmdJobs(o);
  });

program
  .command('cancel')
  .description('cancel a job: a waiting one is removed, a running one is stopped and its commands killed')
  .argument('<id>', 'job id')
  .addOption(team())
  .action(async (id: string, o: { team?: string }) => {
    const { cmdCancel } = await import('./cmd-jobs.js');
    process.exitCode = await cmdCancel(id, o);
  });

program
  .command('bot')
  .description('start the Discord bot (DISCORD_TOKEN, DISCORD_APP_ID, DISCORD_GUILD_ID, REDIS_URL)')
  .action(async () => {
    const { cmdBot } = await import('./cmd-bot.js');
    await cmdBot();
  });

program
  .command('commands')
  .description("manage the bot's slash commands in Discord")
  .command('deploy')
  .description('register every slash command in the guild (one bulk overwrite), in pt-BR and en')
  .action(async () => {
    const { cmdCommandsDeploy } = await import('./cmd-bot.js');
    await cmdCommandsDeploy();
  });

program
  .command('acl')
  .description('print (or --apply) the Redis ACL users: the bot sees every team, each runner only its own')
  .option('--teams <a,b>', 'teams to make runner users for; default LABOPS_TEAM')
  .option('--apply', 'install them on REDIS_URL (an admin connection)')
  .option('--json', 'print JSON')
  .option('--password-file <file>', 'known passwords, one "user password" per line; others are generated')
  .option('--ha', 'also the sentinel and replica users (implied by REDIS_SENTINELS)')
  .action(
    async (o: { teams?: string; apply?: boolean; json?: boolean; passwordFile?: string; ha?: boolean }) => {
      const { cmdAcl } = await import('./cmd-acl.js');
      process.exitCode = await cmdAcl(o);
    },
  );

program
  .command('audit')
  .description('who ran what: the audit trail of the bot, the CLI and the runners')
  .option('-t, --team <team>', 'only this team')
  .option('--since <when>', 'e.g. 1h, 30m, 2d or an ISO date', '24h')
  .option('-n, --limit <n>', 'at most this many entries', '200')
  .option('--json', 'print JSON lines')
  .action(async (o: { team?: string; since: string; limit: string; json?: boolean }) => {
    const { cmdAudit } = await import('./cmd-audit.js');
    process.exitCode = await cmdAudit(o);
  });

program
  .command('evidence')
  .description('checkpoint evidence kept for grading (LABOPS_EVIDENCE_TTL_S, LABOPS_EVIDENCE_MAX_BYTES)')
  .command('export')
  .description('write every kept checkpoint run (report and pictures, with a SHA-256 manifest) to a folder')
  .requiredOption('-o, --out <dir>', 'the folder to write to')
  .option('-t, --team <team...>', 'only these teams (default: every team with kept evidence)')
  .action(async (o: { out: string; team?: string[] }) => {
    const { cmdEvidenceExport } = await import('./cmd-evidence.js');
    process.exitCode = await cmdEvidenceExport(o);
  });

const pipeline = program.command('pipeline').description("the team's delivery pipeline: git push to live");
pipeline
  .command('init')
  .description(
    "create the team's app repository (bare repo + clone), its post-receive hook, key and webhook secret",
  )
  .argument('<dir>', 'folder for hello-node.git and hello-node')
  .addOption(team())
  .action(async (dir: string, o: { team?: string }) => {
    const { cmdPipelineInit } = await import('./cmd-pipeline.js');
    process.exitCode = await cmdPipelineInit(dir, o);
  });
pipeline
  .command('push', { hidden: true })
  .description('run by the post-receive hook: enqueue the pipeline for a push to main (refs on stdin)')
  .requiredOption('--dir <dir>', 'the pipeline folder')
  .addOption(team())
  .action(async (o: { dir: string; team?: string }) => {
    const { cmdPipelinePush } = await import('./cmd-pipeline.js');
    process.exitCode = await cmdPipelinePush(o.dir, o);
  });

const keys = program.command('keys').description('manage the Ed25519 key pair that signs jobs');
keys
  .command('generate')
  .description('write signing.key (for the bot / CLI) and verify.pub (for runners)')
  .option('-d, --dir <dir>', 'where to write them; default LABOPS_KEYS_DIR or ~/.config/labops')
  .option('-f, --force', 'replace existing keys')
  .action(async (o: { dir?: string; force?: boolean }) => {
    const { writeKeyPair } = await import('./keys.js');
    const written = writeKeyPair(o.dir ?? readConfig().keysDir, o.force);
    process.stdout.write(
      `signing key (keep private, for the bot): ${written.signing}\nverify key (copy to each runner): ${written.verify}\n`,
    );
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`labops: ${err.message}\n`);
    process.exit(78);
  }
  if (isUserError(err)) {
    process.stderr.write(`labops: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`labops: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
