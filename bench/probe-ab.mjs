// Probe against ab: `labops probe <url> -n N -c C --json` and `ab -n N -c C <url>` (no -k:
// a new TCP connection per request, as the probe) on the same target, the simulated lab's
// LoadBalancer in front of 5 hello-node pods, at the same concurrency, run alternately.
// Both figures leave out their own process start-up: ab's "Requests per second" counts from
// its first connection to its last reply, the probe's `requestsPerSecond` from its first
// request to its last outcome (the CLI's start-up and the summary come before and after).
import { execa } from 'execa';
import { stats } from './lib.mjs';
import { startProbeLab } from './probe.mjs';
import { labopsBin, tmp } from './world.mjs';

/** What the row says when ab is not installed. */
export const AB_MISSING = 'ab not found: install the Debian package apache2-utils';

/** Runs `ab` once; its requests per second, or throws with its output. */
export async function abRate(url, n, c) {
  const r = await execa('ab', ['-q', '-n', String(n), '-c', String(c), url], { reject: false });
  const rate = /Requests per second:\s+([\d.]+)/.exec(r.stdout)?.[1];
  const failed = Number(/Failed requests:\s+(\d+)/.exec(r.stdout)?.[1] ?? 0);
  if (rate === undefined || r.exitCode !== 0) throw new Error(`ab failed: ${r.stderr || r.stdout}`.trim());
  return { rps: Number(rate), failures: failed };
}

/** Runs `labops probe` once; its own requests per second. */
export async function probeRate(url, n, c, env) {
  const r = await execa(
    process.execPath,
    [labopsBin, 'probe', url, '-n', String(n), '-c', String(c), '--json'],
    {
      env,
      extendEnv: false,
      reject: false,
    },
  );
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    throw new Error(`labops probe gave no report (exit ${r.exitCode}): ${r.stderr.slice(0, 500)}`);
  }
  return { rps: report.requestsPerSecond, failures: report.failures };
}

/** True when `ab` runs here. */
export async function hasAb() {
  const r = await execa('ab', ['-V'], { reject: false }).catch(() => ({ exitCode: 127 }));
  return r.exitCode === 0;
}

/**
 * ab and the probe, `rounds` times each at every concurrency, in turns, on the same
 * target; medians of each and their ratio (probe / ab). `{ missing }` when ab is absent.
 */
export async function probeVsAb(
  stateDir = tmp('labops-bench-probe-ab-'),
  { n = 3000, concurrencies = [10, 50], rounds = 3 } = {},
) {
  if (!(await hasAb())) return { missing: AB_MISSING };
  const lab = await startProbeLab(stateDir);
  try {
    const rows = {};
    for (const c of concurrencies) {
      const ab = [];
      const labops = [];
      const pairs = [];
      let failures = 0;
      for (let i = 0; i < rounds; i++) {
        // Who goes first alternates: a neighbour's load that drifts favours neither.
        let a;
        let p;
        if (i % 2 === 0) {
          a = await abRate(lab.url, n, c);
          p = await probeRate(lab.url, n, c, lab.env);
        } else {
          p = await probeRate(lab.url, n, c, lab.env);
          a = await abRate(lab.url, n, c);
        }
        ab.push(a.rps);
        labops.push(p.rps);
        pairs.push(p.rps / a.rps);
        failures += a.failures + p.failures;
      }
      // The ratio is the median of the paired runs' ratios: a neighbour's load shifts both.
      rows[`c${c}`] = {
        ab: stats(ab).p50,
        probe: stats(labops).p50,
        ratio: stats(pairs).p50,
        abRuns: ab,
        probeRuns: labops,
        failures,
      };
    }
    return { url: lab.url, n, rounds, rows };
  } finally {
    await lab.close();
  }
}
