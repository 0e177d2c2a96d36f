import type { StyledLine, StyledSpan, TextStyle } from './ansi.js';
import { TERMINAL_BG, TERMINAL_FG } from './ansi-colors.js';
import { escapeHtml } from './html.js';

/** CSS declarations for a span style; empty for the default style. */
export function styleToCss(style: TextStyle): string {
  let fg = style.fg;
  let bg = style.bg;
  if (style.inverse) [fg, bg] = [bg ?? TERMINAL_BG, fg ?? TERMINAL_FG];
  const css: string[] = [];
  if (fg) css.push(`color:${fg}`);
  if (bg) css.push(`background:${bg}`);
  if (style.bold) css.push('font-weight:bold');
  if (style.dim) css.push('opacity:.7');
  if (style.italic) css.push('font-style:italic');
  if (style.underline) css.push('text-decoration:underline');
  return css.join(';');
}

/** One span as HTML: the text always escaped, styled spans wrapped in `<span style>`. */
export function spanToHtml(span: StyledSpan): string {
  const text = escapeHtml(span.text);
  const css = styleToCss(span.style);
  // Colours are '#rrggbb' built by us, never taken from input, so the attribute is safe.
  return css === '' ? text : `<span style="${css}">${text}</span>`;
}

/** A line as HTML (without the line break). */
export function lineToHtml(line: StyledLine): string {
  return line.map(spanToHtml).join('');
}
