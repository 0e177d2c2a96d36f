// What a command loads: the modules `labops run "/ping"` and `labops bot` (started, one /ping
// answered, stopped) load, recorded by bench/module-log.mjs; grouped by package, with each
// package's own import time (a fresh node process importing only it, once) so the
// list reads as "top packages by load time".
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { ping } from '../dist/runners/recipes/ping.js';
import { round } from './lib.mjs';
import {
  benchKeys,
  daemon,
  labopsBin,
  root,
  startBenchRunner,
  startBotProcess,
  startStandIn,
  tmp,
} from './world.mjs';

const hook = join(root, 'bench', 'module-log.mjs');

/** The environment that makes a labops process write its module list to `file`. */
export function moduleLogEnv(file) {
  return { NODE_OPTIONS: `--import=${hook}`, LABOPS_MODULE_LOG: file };
}

/** Packages (node_modules/<name>) and the count of the project's own modules in a module log. */
export function readModuleLog(file) {
  const seen = new Set(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('node:')),
  );
  const packages = new Set();
  let own = 0;
  for (const f of seen) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f);
    if (m) packages.add(m[1]);
    else if (f.includes('/dist/')) own++;
  }
  return { packages: [...packages].sort(), ownModules: own, files: seen.size };
}

/** Milliseconds a fresh node process takes to import `pkg` (median of `runs`), from the repo root. */
export function importMs(pkg, runs = 3) {
  const code = `const t=performance.now();import(${JSON.stringify(pkg)}).then(()=>console.log(performance.now()-t),()=>console.log(-1))`;
  const ms = Array.from({ length: runs }, () =>
    Number(execFileSync(process.execPath, ['-e', code], { cwd: root, encoding: 'utf8' })),
  ).sort((a, b) => a - b);
  return round(ms[Math.floor(runs / 2)], 0);
}

/** The module lists of `labops run "/ping"` (against an in-process runner) and of `labops bot`. */
export async function moduleSets(redisUrl, { costs = true } = {}) {
  const keys = benchKeys();
  const dir = tmp('labops-bench-modules-');
  const runner = await startBenchRunner({ redisUrl, keys, recipes: { ping } });
  const cliLog = join(dir, 'run.txt');
  try {
    const r = await execa(process.execPath, [labopsBin, 'run', '/ping'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        REDIS_URL: redisUrl,
        LABOPS_SIGNING_KEY: keys.signingPem,
        ...moduleLogEnv(cliLog),
      },
      extendEnv: false,
      reject: false,
    });
    if (r.exitCode !== 0) throw new Error(`labops run "/ping" failed: ${r.stderr}`);
  } finally {
    await runner.close();
  }
  const botLog = join(dir, 'bot.txt');
  await botPing(redisUrl, keys, moduleLogEnv(botLog));
  const rawLog = join(dir, 'raw.txt');
  await rawPing(redisUrl, moduleLogEnv(rawLog));
  const deferLog = join(dir, 'defer.txt');
  await deferBot(moduleLogEnv(deferLog));
  const lists = [cliLog, botLog, rawLog, deferLog].map(readModuleLog);
  rmSync(dir, { recursive: true, force: true });
  const ms = costs ? importCosts(lists) : {};
  const [run, bot, rawRun, rawBot] = lists.map((l) => withCosts(l, ms));
  return { run, bot, baseline: { run: rawRun, bot: rawBot } };
}

/** The baseline of `labops run "/ping"`: bench/raw-ping.mjs against a raw worker. */
async function rawPing(redisUrl, env) {
  const queue = `raw-mods-${Date.now().toString(36)}`;
  const worker = await daemon(
    [process.execPath, join(root, 'bench', 'raw-worker.mjs'), redisUrl, queue],
    { PATH: process.env.PATH ?? '' },
    /raw worker ready/,
  );
  try {
    await execa(process.execPath, [join(root, 'bench', 'raw-ping.mjs'), redisUrl, queue], {
      env: { PATH: process.env.PATH ?? '', ...env },
      extendEnv: false,
    });
  } finally {
    await worker.stop();
  }
}

/** The baseline of `labops bot`: bench/defer-bot.mjs, started and answering one interaction. */
async function deferBot(env) {
  const standIn = await startStandIn();
  const bot = await daemon(
    [process.execPath, join(root, 'bench', 'defer-bot.mjs')],
    { PATH: process.env.PATH ?? '', DISCORD_TOKEN: standIn.token, DISCORD_API_BASE: standIn.apiBase, ...env },
    /defer bot ready/,
  );
  try {
    const { id } = await standIn.dispatchCommand({
      name: 'ping',
      options: { message: 'm' },
      user: 'student',
    });
    await standIn.waitFor(() => standIn.interactionResponse(id)?.callbackAt, 30_000);
  } finally {
    await bot.stop();
    await standIn.close();
  }
}

/** A bot process answering one /ping (a runner takes the job) before it is stopped. */
async function botPing(redisUrl, keys, env) {
  const standIn = await startStandIn();
  const runner = await startBenchRunner({ redisUrl, keys, recipes: { ping } });
  const bot = await startBotProcess({ standIn, redisUrl, keys, env });
  try {
    await standIn.dispatchCommand({ name: 'ping', options: { message: 'm' }, user: 'student' });
    await standIn.waitFor(
      () => standIn.calls((c) => JSON.stringify(c.body ?? '').includes('pong from')).length > 0,
      30_000,
    );
  } finally {
    await bot.stop();
    await runner.close();
    await standIn.close();
  }
}

const direct = new Set(
  Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies),
);

/** Import times of the project's own dependencies found in any of the lists, each measured once. */
function importCosts(lists) {
  const all = new Set(lists.flatMap((l) => l.packages.filter((p) => direct.has(p))));
  return Object.fromEntries([...all].map((p) => [p, importMs(p, 1)]));
}

/** A list with its dependencies' import times, the slowest first ("top packages by load time"). */
function withCosts(list, ms) {
  const top = list.packages
    .filter((p) => p in ms)
    .sort((a, b) => ms[b] - ms[a])
    .map((p) => `${p} ${ms[p]} ms`);
  return { ...list, top, importMsSum: list.packages.reduce((a, p) => a + (ms[p] ?? 0), 0) };
}
