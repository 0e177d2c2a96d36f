import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** What a real client's parser said about one argv. */
export interface Verdict {
  argv: string[];
  ok: boolean;
  /** The client's own error text when it refused the argv. */
  message: string;
}

/** The Debian packages that hold the real clients this tier parses with. */
export const DEBIAN_PACKAGES = {
  openstack: ['python3-openstackclient', 'python3-octaviaclient'],
  docker: ['docker.io'],
} as const;

const OSC_PARSE = fileURLToPath(new URL('./osc-parse.py', import.meta.url));
/** Debian's interpreter, the one its python3-* packages install for (as /usr/bin/openstack's shebang). */
const PYTHON = '/usr/bin/python3';

/** A port nothing listens on: every proxy points there, so a stray request dies locally. */
const DEAD = 'http://127.0.0.1:9';

/** A bare environment: no OS_* or DOCKER_* of the caller, proxies to a dead port. */
function bareEnv(): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'labops-real-client-home-'));
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    HTTP_PROXY: DEAD,
    HTTPS_PROXY: DEAD,
    http_proxy: DEAD,
    https_proxy: DEAD,
    NO_PROXY: '',
  };
}

/** The Debian packages whose clients are missing here (empty when all are installed). */
export function missingPackages(): string[] {
  const missing: string[] = [];
  const osc = spawnSync(PYTHON, ['-c', 'import openstackclient.shell, octaviaclient'], {
    stdio: 'ignore',
  });
  if (osc.status !== 0) missing.push(...DEBIAN_PACKAGES.openstack);
  const docker = spawnSync('docker', ['--version'], { stdio: 'ignore' });
  if (docker.status !== 0) missing.push(...DEBIAN_PACKAGES.docker);
  return missing;
}

/** The argparse error line of a refusal (the usage block before it is left out). */
function errorLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines.filter((l) => /: error: |^openstack: /.test(l)).join(' | ') || (lines.at(-1) ?? '');
}

/**
 * Runs each argv (without the leading `openstack`) through python3-openstackclient's own
 * parser (test/full/osc-parse.py): global options, command lookup, the command's argparse.
 */
export async function parseWithOpenstack(argvs: string[][]): Promise<Verdict[]> {
  const r = await execa(PYTHON, [OSC_PARSE], {
    input: JSON.stringify(argvs),
    env: bareEnv(),
    extendEnv: false,
    reject: false,
    timeout: 300_000,
  });
  if (r.exitCode !== 0) throw new Error(`osc-parse.py exited ${r.exitCode}: ${r.stderr.slice(-2000)}`);
  const out = JSON.parse(r.stdout) as { ok: boolean; message: string }[];
  return out.map((v, i) => ({ argv: argvs[i] as string[], ok: v.ok, message: errorLine(v.message) }));
}

/**
 * What the docker CLI prints once its flags and arguments are accepted and it reaches for the
 * daemon (here a socket that does not exist): docker/cli's client errors, 20.10 to 28.
 */
const REACHED_DAEMON =
  /Cannot connect to the Docker daemon|failed to connect to the docker API|error during connect/;
/** `docker login --password-stdin` with an empty stdin stops here, after parsing and before any request. */
const LOGIN_NO_PASSWORD = /Cannot perform an interactive login from a non TTY device/;

/**
 * Runs one argv (without the leading `docker`) through the real docker CLI with
 * DOCKER_HOST on a socket that does not exist and an empty stdin: cobra parses flags and
 * arguments first (a refusal is "unknown flag: …", "… requires 1 argument"); a valid argv
 * gets as far as the daemon and fails to connect, which is what proves it parsed.
 */
export async function parseWithDocker(argv: string[]): Promise<Verdict> {
  const madeContext = recreateBuildContext(argv);
  try {
    return await runDocker(argv);
  } finally {
    if (madeContext) rmSync(madeContext, { recursive: true, force: true });
  }
}

/**
 * The build context of a `docker build` argv, made again (with an empty Dockerfile) when the
 * job has removed it since: the CLI checks that the path and its Dockerfile exist before it
 * dials ("unable to prepare context: path … not found"), which is not a parse question. The
 * argv stays as recorded. Returns the directory made, to be removed afterwards.
 */
function recreateBuildContext(argv: string[]): string | undefined {
  const context = argv.at(-1);
  if (argv[0] !== 'build' || !context?.startsWith('/') || existsSync(context)) return undefined;
  mkdirSync(context, { recursive: true });
  writeFileSync(join(context, 'Dockerfile'), '');
  return context;
}

async function runDocker(argv: string[]): Promise<Verdict> {
  const env = bareEnv();
  const r = await execa('docker', argv, {
    env: {
      ...env,
      DOCKER_HOST: 'unix:///nonexistent/labops-no-daemon.sock',
      DOCKER_CONFIG: join(env.HOME as string, '.docker'),
    },
    extendEnv: false,
    input: '',
    reject: false,
    timeout: 60_000,
    all: true,
  });
  const text = r.all ?? '';
  const ok = REACHED_DAEMON.test(text) || (argv[0] === 'login' && LOGIN_NO_PASSWORD.test(text));
  const message = text
    .split('\n')
    .filter((l) => l.trim() && !/DEPRECATED|buildx|docs\.docker\.com|^Usage:|--help' for more/.test(l))
    .join(' | ');
  return { argv, ok, message: ok ? '' : message || `exit ${r.exitCode}` };
}
