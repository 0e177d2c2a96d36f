/**
 * Text layouts of the real tools: Go's tabwriter (juju, docker) and cliff/prettytable boxes
 * (openstack).
 */

/**
 * Go tabwriter with padding `pad`, minimum cell width `minWidth`, and the columns listed in
 * `right` right-aligned (juju aligns Scale and Rev right). Trailing cells are not padded.
 */
export function tabwrite(
  rows: string[][],
  opts: { pad?: number; minWidth?: number; right?: number[] } = {},
): string[] {
  const pad = opts.pad ?? 2;
  const minWidth = opts.minWidth ?? 0;
  const right = new Set(opts.right ?? []);
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      if (i < row.length - 1) widths[i] = Math.max(widths[i] ?? 0, cell.length + pad, minWidth);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => {
        if (i === row.length - 1) return cell;
        const w = widths[i] ?? 0;
        return right.has(i) ? `${cell.padStart(w - pad)}${' '.repeat(pad)}` : cell.padEnd(w);
      })
      .join('')
      .trimEnd(),
  );
}

/** A cell value as cliff prints it in a table. */
export type Cell = string | number | boolean | null | undefined | Cell[] | { [k: string]: Cell };

function cellText(v: Cell): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (Array.isArray(v)) return v.map(cellText).join(', ');
  if (typeof v === 'object') {
    return Object.entries(v)
      .map(([k, x]) => `${k}='${cellText(x)}'`)
      .join(', ');
  }
  return String(v);
}

/**
 * A cliff table: `+---+` borders, left-aligned text, right-aligned numbers, multi-line
 * cells continued on following rows.
 */
export function boxTable(headers: string[], rows: Cell[][]): string {
  const text = rows.map((r) => r.map((c) => cellText(c).split('\n')));
  const widths = headers.map((h, i) =>
    Math.max(h.length, ...text.map((r) => Math.max(...(r[i] ?? ['']).map((l) => l.length)))),
  );
  const border = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (cells: string[], numeric: boolean[]): string =>
    `|${cells
      .map((c, i) => {
        const w = widths[i] ?? 0;
        return ` ${numeric[i] ? c.padStart(w) : c.padEnd(w)} `;
      })
      .join('|')}|`;
  const out = [border, line(headers, []), border];
  rows.forEach((row, r) => {
    const numeric = row.map((c) => typeof c === 'number');
    const cells = text[r] ?? [];
    const height = Math.max(1, ...cells.map((c) => c.length));
    for (let k = 0; k < height; k++)
      out.push(
        line(
          cells.map((c) => c[k] ?? ''),
          numeric,
        ),
      );
  });
  if (rows.length > 0) out.push(border);
  return `${out.join('\n')}\n`;
}

/** Value format of cliff: one line per row, cells separated by spaces. */
export function valueLines(rows: Cell[][]): string {
  return rows
    .map((r) => `${r.map((c) => (c === null || c === undefined ? 'None' : cellText(c))).join(' ')}\n`)
    .join('');
}
