import { CliExit } from '../cli/io.js';
import { tabwrite } from '../cli/table.js';

/**
 * Docker CLI's `--format` for list commands (`docker images`, `docker ps`): the default table,
 * `json` / `{{json .}}` (one object per line, keys sorted and `<`, `>`, `&` escaped as Go's
 * encoding/json writes them), `table {{.A}}\t{{.B}}` and plain `{{.A}} {{.B}}` templates.
 */

/** One row as docker's formatter sees it: every field is a string. */
export type FormatRow = Record<string, string>;

/** Go's `time.Time.String()` in UTC, as docker prints `CreatedAt`: `2024-09-20 11:41:00 +0000 UTC`. */
export function goTime(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} +0000 UTC`;
}

/** `json.Marshal` of a flat string map: sorted keys, HTML-safe escapes. */
export function goJson(row: FormatRow): string {
  const sorted = Object.fromEntries(
    Object.keys(row)
      .sort()
      .map((k) => [k, row[k]]),
  );
  return JSON.stringify(sorted).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

const FIELD = /\{\{\s*(json\s+)?\.(\w*)\s*\}\}/g;

function expand(template: string, row: FormatRow, type: string): string {
  return template.replace(FIELD, (_m, json: string | undefined, key: string) => {
    if (key === '')
      return json
        ? goJson(row)
        : `map[${Object.keys(row)
            .sort()
            .map((k) => `${k}:${row[k]}`)
            .join(' ')}]`;
    if (!(key in row)) {
      throw new CliExit(
        `template parsing error: template: :1:${template.indexOf(`.${key}`) + 2}: executing "" at <.${key}>: can't evaluate field ${key} in type ${type}\n`,
        1,
      );
    }
    const v = row[key] ?? '';
    return json ? JSON.stringify(v) : v;
  });
}

/**
 * Prints `rows` as `format` asks. `headers` names each field's table column (docker's own
 * names, e.g. `ID` → `CONTAINER ID`); `columns` is the default table's field order; `type`
 * is the Go type a bad field is reported against (`*formatter.ImageContext`).
 */
export function formatRows(
  format: string | undefined,
  rows: FormatRow[],
  headers: Record<string, string>,
  columns: string[],
  type: string,
): string[] {
  const f = (format ?? '').replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  if (f === 'json') return rows.map(goJson);
  if (f === '' || f === 'table') {
    const table = [columns.map((c) => headers[c] ?? c.toUpperCase())];
    for (const r of rows) table.push(columns.map((c) => r[c] ?? ''));
    return tabwrite(table, { pad: 3, minWidth: 10 });
  }
  if (f.startsWith('table ')) {
    const template = f.slice('table '.length);
    const cells = (line: string) => line.split('\t');
    const header = template.replace(FIELD, (_m, _json, key: string) => headers[key] ?? key.toUpperCase());
    const table = [cells(header), ...rows.map((r) => cells(expand(template, r, type)))];
    return tabwrite(table, { pad: 3, minWidth: 10 });
  }
  return rows.flatMap((r) => expand(f, r, type).split('\n'));
}
