import { rgbHex, xterm256 } from './ansi-colors.js';

/** Text attributes set by SGR escape sequences. */
export interface TextStyle {
  fg?: string;
  bg?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
}

/** A run of text with one style. */
export interface StyledSpan {
  text: string;
  style: TextStyle;
}

/** One terminal line. */
export type StyledLine = StyledSpan[];

// CSI (ESC [ params final), OSC (ESC ] ... BEL or ESC \), nF such as charset selection
// (ESC ( B), and any other two-byte escape (ESC 7, ESC =, ...).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escapes is the point
const ESCAPE = /\x1b\[([0-?]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -/]+[0-~]|\x1b[0-~]?/g;

/**
 * Splits terminal output into lines of styled spans. Understands SGR (bold, dim, italic,
 * underline, inverse, 16/256/truecolor foreground and background); other escape sequences
 * and control characters are dropped; tabs expand to 8-column stops; a lone carriage return
 * starts the line over, as progress output expects.
 */
export function parseAnsi(input: string, tabWidth = 8): StyledLine[] {
  const lines: StyledLine[] = [];
  let line: StyledLine = [];
  let column = 0;
  let style: TextStyle = {};
  const text = input.replace(/\r\n/g, '\n');

  const emit = (chunk: string) => {
    let plain = '';
    for (const ch of chunk) {
      if (ch === '\n') {
        push(plain);
        plain = '';
        lines.push(line);
        line = [];
        column = 0;
      } else if (ch === '\r') {
        plain = '';
        line = [];
        column = 0;
      } else if (ch === '\t') {
        const spaces = tabWidth - (column % tabWidth);
        plain += ' '.repeat(spaces);
        column += spaces;
      } else if (ch >= ' ' && ch !== '\x7f') {
        plain += ch;
        column++;
      }
    }
    push(plain);
  };
  const push = (plain: string) => {
    if (plain === '') return;
    const last = line[line.length - 1];
    if (last && sameStyle(last.style, style)) last.text += plain;
    else line.push({ text: plain, style: { ...style } });
  };

  let at = 0;
  for (const match of text.matchAll(ESCAPE)) {
    emit(text.slice(at, match.index));
    at = match.index + match[0].length;
    if (match[2] === 'm') style = applySgr(style, match[1] ?? '');
  }
  emit(text.slice(at));
  if (line.length > 0 || !text.endsWith('\n')) lines.push(line);
  return lines;
}

/** The visible characters of a line. */
export function lineText(line: StyledLine): string {
  return line.map((span) => span.text).join('');
}

/** Applies one SGR parameter list (`1;31`, `38;5;208`, `38;2;r;g;b`, empty = reset). */
export function applySgr(current: TextStyle, params: string): TextStyle {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  let style: TextStyle = { ...current };
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    if (code === 0) style = {};
    else if (code === 1) style.bold = true;
    else if (code === 2) style.dim = true;
    else if (code === 3) style.italic = true;
    else if (code === 4) style.underline = true;
    else if (code === 7) style.inverse = true;
    else if (code === 22) style = { ...style, bold: false, dim: false };
    else if (code === 23) style.italic = false;
    else if (code === 24) style.underline = false;
    else if (code === 27) style.inverse = false;
    else if (code >= 30 && code <= 37) style.fg = xterm256(code - 30);
    else if (code >= 90 && code <= 97) style.fg = xterm256(code - 90 + 8);
    else if (code >= 40 && code <= 47) style.bg = xterm256(code - 40);
    else if (code >= 100 && code <= 107) style.bg = xterm256(code - 100 + 8);
    else if (code === 39) delete style.fg;
    else if (code === 49) delete style.bg;
    else if (code === 38 || code === 48) {
      const { color, used } = extendedColor(codes, i + 1);
      if (color !== undefined) style[code === 38 ? 'fg' : 'bg'] = color;
      i += used;
    }
  }
  return clean(style);
}

function extendedColor(codes: number[], from: number): { color: string | undefined; used: number } {
  const mode = codes[from];
  if (mode === 5) return { color: xterm256(codes[from + 1] ?? -1), used: 2 };
  if (mode === 2) {
    const [r, g, b] = [codes[from + 1], codes[from + 2], codes[from + 3]];
    if (r === undefined || g === undefined || b === undefined)
      return { color: undefined, used: codes.length };
    return { color: rgbHex(r, g, b), used: 4 };
  }
  return { color: undefined, used: 0 };
}

function clean(style: TextStyle): TextStyle {
  const out: TextStyle = {};
  for (const [key, value] of Object.entries(style) as Array<[keyof TextStyle, unknown]>) {
    if (value !== undefined && value !== false) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

function sameStyle(a: TextStyle, b: TextStyle): boolean {
  return (
    a.fg === b.fg &&
    a.bg === b.bg &&
    !!a.bold === !!b.bold &&
    !!a.dim === !!b.dim &&
    !!a.italic === !!b.italic &&
    !!a.underline === !!b.underline &&
    !!a.inverse === !!b.inverse
  );
}
