// The bench's human output: one row per figure (labops, baseline, ratio), then the details
// a ratio hides (the probe's histograms, the walk's steps) and what each baseline is.

const FIGURES = {
  answerLatency: [
    ['p50', 'p50'],
    ['p99', 'p99'],
  ],
  enqueueToStart: [
    ['p50', 'p50'],
    ['p99', 'p99'],
  ],
  throughput: [['perSecond', 'perSecond']],
  discordCalls: [
    ['totalCalls', 'totalCalls'],
    ['maxPerSecond', 'maxPerSecond'],
    ['maxEditsPerSecond', 'maxEditsPerSecond'],
  ],
  cliPing: [['medianMs', 'medianMs']],
  shortJobCalls: [
    ['perJob', 'perJob'],
    ['globalLimitedPerJob', 'globalLimitedPerJob'],
    ['interactionCallbacks', 'interactionCallbacks'],
    ['webhookCalls', 'webhookCalls'],
    ['channelMessages', 'channelMessages'],
    ['channelEdits', 'channelEdits'],
  ],
  modules: [
    ['runFiles', 'runFiles'],
    ['botFiles', 'botFiles'],
  ],
  probe: [['perSecond', 'perSecond']],
  probeVsAb: [
    ['c10', 'c10'],
    ['c50', 'c50'],
  ],
  runnerMemory: [
    ['beforeMB', 'beforeMB'],
    ['peakMB', 'peakMB'],
    ['afterMB', 'afterMB'],
  ],
  labWalk: [['wallS', 'inStepsS']],
};

const cell = (v, w) => String(v ?? '—').padStart(w);

export function printTable(results, totalSeconds) {
  const out = [];
  out.push(
    `${'benchmark'.padEnd(16)} ${'figure'.padEnd(40)} ${'labops'.padStart(10)} ${'baseline'.padStart(10)} ${'ratio'.padStart(7)}`,
  );
  for (const [name, r] of Object.entries(results)) {
    if (r.error) {
      out.push(`${name.padEnd(16)} FAILED: ${r.error.split('\n')[0]}`);
      continue;
    }
    for (const [f, b] of FIGURES[name] ?? []) {
      const label = f === b ? `${f} (${r.unit})` : `${f} vs ${b} (${r.unit})`;
      const rk = Object.keys(r.ratio).find((k) => k === f || (f === 'wallS' && k === 'wallS'));
      out.push(
        `${name.padEnd(16)} ${label.padEnd(40)} ${cell(r.figures[f], 10)} ${cell(r.baseline[b], 10)} ${cell(rk ? r.ratio[rk] : '', 7)}`,
      );
    }
  }
  out.push('');
  const probe = results.probe;
  if (probe && !probe.error) {
    for (const [who, fig] of [
      ['labops probe', probe.figures],
      ['curl loop', probe.baseline],
    ]) {
      const total = Object.values(fig.hosts).reduce((a, b) => a + b, 0) || 1;
      out.push(`probe hosts, ${who} (${fig.failures} failures):`);
      for (const [h, c] of Object.entries(fig.hosts).sort())
        out.push(`  ${h.padEnd(34)} ${String(c).padStart(5)} ${'█'.repeat(Math.round((c / total) * 60))}`);
    }
    out.push('');
  }
  const walk = results.labWalk;
  if (walk && !walk.error) {
    out.push('lab walk, per step (wall s / inside recipe steps s):');
    for (const s of walk.figures.steps)
      out.push(
        `  ${s.command.padEnd(24)} ${cell(s.wallS, 7)} ${cell(s.inStepsS, 7)}${s.exitCode ? `  exit ${s.exitCode}: ${s.error ?? ''}` : ''}`,
      );
    out.push('');
  }
  const tp = results.throughput;
  if (tp && !tp.error) out.push(`throughput: ${tp.figures.restCallsPerJob} Discord REST calls per /ping job`);
  const dc = results.discordCalls;
  if (dc && !dc.error)
    out.push(
      `discord calls: ${dc.figures.edits} status edits, ${dc.figures.rateLimited} answered 429, job took ${dc.figures.jobSeconds} s`,
    );
  const mods = results.modules;
  if (mods && !mods.error) {
    for (const [who, l, b] of [
      ['labops run "/ping"', mods.figures.run, mods.baseline.run],
      ['labops bot', mods.figures.bot, mods.baseline.bot],
    ]) {
      out.push(
        `${who}: ${l.files} files, ${l.packages} packages (baseline ${b.files}, ${b.packages}); by import time:`,
      );
      out.push(`  ${l.top.join(', ')}`);
    }
    out.push('');
  }
  out.push('what each baseline is:');
  for (const [name, r] of Object.entries(results)) if (r.note) out.push(`  ${name}: ${r.note}`);
  if (results.runnerMemory?.ratio)
    out.push(
      `  runnerMemory growthMB ratio: ${results.runnerMemory.ratio.growthMB} (peak − before, runner / bare parent)`,
    );
  out.push('');
  out.push(`total bench time: ${totalSeconds} s (figures are noisy on a shared machine)`);
  console.log(out.join('\n'));
}
