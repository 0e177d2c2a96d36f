import { escapeHtml } from '../render/html.js';
import { checkpointSummary } from './report-md.js';
import type { CheckpointReport } from './types.js';

/** The report as one self-contained HTML page next to its PNG files. */
export function reportHtml(r: CheckpointReport, fileOf: (artifactName: string) => string = (n) => n): string {
  const rows = r.criteria
    .map(
      (c) =>
        `<tr class="${c.pass ? 'pass' : 'fail'}"><td>${c.pass ? '✔ pass' : '✘ fail'}</td><td>${escapeHtml(c.title)}</td><td>${escapeHtml(c.measured)}</td></tr>`,
    )
    .join('\n');
  const pictures = r.items
    .map((item, i) => {
      const head = `<h3>${i + 1}. ${escapeHtml(item.title)}</h3><blockquote>${escapeHtml(item.guide)}</blockquote>`;
      if (item.skipped !== undefined)
        return `<section>${head}<p class="skip">${escapeHtml(item.skipped)}</p></section>`;
      if (!item.ok || !item.artifact)
        return `<section>${head}<p class="fail">not collected: ${escapeHtml(item.error ?? 'unknown reason')}</p></section>`;
      const file = escapeHtml(fileOf(item.artifact.name));
      return `<section>${head}<img src="${file}" width="${item.width}" alt="${escapeHtml(item.title)}">
<p class="meta"><code>${file}</code> — ${item.width}×${item.height} px, ${item.artifact.bytes} bytes, SHA-256 <code>${item.artifact.sha256}</code></p></section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`${r.guideTitle} — team ${r.team}`)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1320px;margin:24px auto;padding:0 16px;color:#1a202c}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #cbd5e0;padding:6px 10px;text-align:left;vertical-align:top}
tr.pass td:first-child{color:#22543d;font-weight:bold}tr.fail td:first-child,.fail{color:#9b2c2c;font-weight:bold}
img{max-width:100%;border:1px solid #cbd5e0}blockquote{color:#4a5568;margin:4px 0 8px 0}.meta{font-size:13px;color:#4a5568}.skip{color:#4a5568;font-style:italic}
</style></head><body>
<h1>${escapeHtml(r.guideTitle)} — team ${escapeHtml(r.team)}</h1>
<p><strong>${escapeHtml(checkpointSummary(r))}</strong><br>run at ${escapeHtml(r.at)} (${(r.durationMs / 1000).toFixed(1)} s)</p>
<h2>Criteria</h2>
<table><thead><tr><th></th><th>criterion</th><th>measured</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Pictures</h2>
${pictures}
</body></html>
`;
}
