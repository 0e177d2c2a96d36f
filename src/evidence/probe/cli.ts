import { parseArgs } from 'node:util';
import { z } from 'zod';
import { formatProbeReport } from './format-report.js';
import { DEFAULT_MAX_REQUESTS, describeIssues, probeSettingsSchema } from './options.js';
import { probe } from './probe.js';

/** Where the CLI writes; `process.stdout`/`process.stderr` fit. */
export interface ProbeCliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Aborts a running probe (e.g. on SIGINT). */
  signal?: AbortSignal;
}

/** Limits the CLI enforces; `maxRequests` defaults to {@link DEFAULT_MAX_REQUESTS}. */
export interface ProbeCliLimits {
  maxRequests?: number;
}

/** Exit codes: 0 all answered and spread even, 1 failures or uneven spread, 2 bad usage. */
export const PROBE_EXIT = { ok: 0, findings: 1, usage: 2 } as const;

const HELP = `usage: labops probe <url> [-n requests] [-c concurrency] [--timeout ms] [--expect N] [--json]

Sends GET requests to <url>, each on a new TCP connection, and shows which backend (pod)
answered each one, failures by kind, latency, and whether the spread over backends is even
(chi-square test, p >= 0.01).

  -n, --requests N     number of requests (default 100)
  -c, --concurrency N  requests in flight at once, 1..200 (default 10)
      --timeout MS     deadline per request in ms (default 5000)
      --expect N       number of backends that should answer (missing ones count as 0)
      --json           print the report as JSON
  -h, --help           show this help

exit status: 0 all answered and spread even; 1 failures or uneven spread; 2 bad usage
`;

const numeric = (name: string) =>
  z
    .string()
    .regex(/^\d+$/, { message: `${name} must be a whole number` })
    .transform(Number);

/** `labops probe …`: parses argv (without the `probe` word), runs the probe, prints the report. */
export async function runProbeCli(
  argv: string[],
  io: ProbeCliIo,
  limits: ProbeCliLimits = {},
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    return usage(io, err instanceof Error ? err.message : String(err));
  }
  if (parsed.values.help) {
    io.stdout.write(HELP);
    return PROBE_EXIT.ok;
  }
  if (parsed.positionals.length !== 1) {
    return usage(io, parsed.positionals.length === 0 ? 'missing <url>' : 'expected exactly one <url>');
  }

  const raw = z
    .object({
      requests: numeric('-n').default(100),
      concurrency: numeric('-c').default(10),
      timeoutMs: numeric('--timeout').default(5000),
      expectedBackends: numeric('--expect').optional(),
    })
    .safeParse({
      requests: parsed.values.requests,
      concurrency: parsed.values.concurrency,
      timeoutMs: parsed.values.timeout,
      expectedBackends: parsed.values.expect,
    });
  if (!raw.success) return usage(io, describeIssues(raw.error.issues));
  const settings = probeSettingsSchema(limits.maxRequests ?? DEFAULT_MAX_REQUESTS).safeParse({
    url: parsed.positionals[0],
    ...raw.data,
  });
  if (!settings.success) return usage(io, describeIssues(settings.error.issues));

  const report = await probe({ ...settings.data, signal: io.signal });
  io.stdout.write(
    parsed.values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatProbeReport(report)}\n`,
  );
  return report.failures === 0 && report.verdict.even ? PROBE_EXIT.ok : PROBE_EXIT.findings;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      requests: { type: 'string', short: 'n' },
      concurrency: { type: 'string', short: 'c' },
      timeout: { type: 'string' },
      expect: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

function usage(io: ProbeCliIo, message: string): number {
  io.stderr.write(`labops probe: ${message}\nrun "labops probe --help" for usage\n`);
  return PROBE_EXIT.usage;
}
