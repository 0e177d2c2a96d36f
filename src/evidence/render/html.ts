/** HTML helpers shared by the views: escaping and the page shell every capture uses. */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values (also fine in SVG). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

/** Monospace stack; DejaVu Sans Mono comes with the Debian fonts-dejavu-core package. */
export const MONO_FONT = "'DejaVu Sans Mono', 'Liberation Mono', monospace";
/** Proportional stack for the diagrams. */
export const SANS_FONT = "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";

/**
 * A complete document around `body`. The Content-Security-Policy forbids scripts and every
 * fetch: rendered text comes from command output and live data, so even if escaping were
 * missed somewhere nothing could run or leave the machine.
 */
export function htmlPage(body: string, css: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<style>
*{box-sizing:border-box}
html,body{margin:0;padding:0}
${css}
</style></head><body>${body}</body></html>`;
}
