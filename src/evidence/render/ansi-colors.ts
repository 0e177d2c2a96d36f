/** Terminal colours: the 16 named ANSI colours, the xterm 256-colour cube and gray ramp. */

/** Default foreground and background of the rendered terminal. */
export const TERMINAL_FG = '#d4d4d4';
export const TERMINAL_BG = '#1e1e1e';

// A palette readable on a dark background (close to common editor terminals).
const BASE16 = [
  '#000000',
  '#cd3131',
  '#0dbc79',
  '#e5e510',
  '#2472c8',
  '#bc3fbc',
  '#11a8cd',
  '#e5e5e5',
  '#666666',
  '#f14c4c',
  '#23d18b',
  '#f5f543',
  '#3b8eea',
  '#d670d6',
  '#29b8db',
  '#ffffff',
];
const CUBE_LEVELS = [0, 95, 135, 175, 215, 255];

/** `#rrggbb` for r, g, b in 0..255 (clamped). */
export function rgbHex(r: number, g: number, b: number): string {
  const part = (n: number) =>
    Math.max(0, Math.min(255, Math.round(n)))
      .toString(16)
      .padStart(2, '0');
  return `#${part(r)}${part(g)}${part(b)}`;
}

/** Colour of xterm palette index 0..255; undefined outside that range. */
export function xterm256(index: number): string | undefined {
  if (!Number.isInteger(index) || index < 0 || index > 255) return undefined;
  if (index < 16) return BASE16[index];
  if (index < 232) {
    const n = index - 16;
    const level = (i: number) => CUBE_LEVELS[i] as number;
    return rgbHex(level(Math.floor(n / 36)), level(Math.floor(n / 6) % 6), level(n % 6));
  }
  const gray = 8 + (index - 232) * 10;
  return rgbHex(gray, gray, gray);
}
