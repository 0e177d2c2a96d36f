import type { CheckpointReport } from './types.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** One line per criterion: `✔ title — measured`. */
export function criteriaLines(r: CheckpointReport): string[] {
  return r.criteria.map((c) => `${c.pass ? '✔' : '✘'} ${c.title} — ${c.measured}`);
}

/**
 * A one-line verdict: `checkpoint 6 (load balancer): PASSED, 4/4 criteria, 4/4 pictures`;
 * pictures skipped for want of a setting are counted apart (`2/2 pictures, 1 skipped`).
 */
export function checkpointSummary(r: CheckpointReport): string {
  const passed = r.criteria.filter((c) => c.pass).length;
  const pics = r.items.filter((i) => i.ok).length;
  const skipped = r.items.filter((i) => i.skipped !== undefined).length;
  return `checkpoint ${r.n} (${r.title}): ${r.passed ? 'PASSED' : 'NOT passed'}, ${passed}/${r.criteria.length} criteria, ${pics}/${r.items.length - skipped} pictures${skipped ? `, ${skipped} skipped` : ''}`;
}

/**
 * The report as Markdown: the verdict, every criterion with its measured value, and every
 * picture with the guide's words, its file and its SHA-256 (so a picture can be checked
 * against what the runner stored).
 */
export function reportMarkdown(
  r: CheckpointReport,
  fileOf: (artifactName: string) => string = (n) => n,
): string {
  const lines = [
    `# ${r.guideTitle} — team ${r.team}`,
    '',
    `${checkpointSummary(r)}  `,
    `run at ${r.at} (${(r.durationMs / 1000).toFixed(1)} s)`,
    '',
    '## Criteria',
    '',
    '| | criterion | measured |',
    '|---|---|---|',
    ...r.criteria.map((c) => `| ${c.pass ? '✔ pass' : '✘ fail'} | ${cell(c.title)} | ${cell(c.measured)} |`),
    '',
    '## Pictures',
    '',
  ];
  for (const [i, item] of r.items.entries()) {
    lines.push(`### ${i + 1}. ${item.title}`, '', `> ${item.guide}`, '');
    if (item.ok && item.artifact) {
      const file = fileOf(item.artifact.name);
      lines.push(
        `![${item.title}](${file})`,
        '',
        `\`${file}\` — ${item.width}×${item.height} px, ${item.artifact.bytes} bytes, SHA-256 \`${item.artifact.sha256}\``,
        '',
      );
    } else if (item.skipped !== undefined) lines.push(`_${item.skipped}_`, '');
    else lines.push(`**not collected:** ${item.error ?? 'unknown reason'}`, '');
  }
  return `${lines.join('\n')}\n`;
}
