import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Viewer } from './auth.js';

/** An HTML fragment (escaped where built with `html`). */
export type Fragment = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The dashboard's one style sheet, served from `/static/app.css` (no inline style, no script). */
export const STYLE = `body{font-family:system-ui,sans-serif;margin:0;color:#1a202c;background:#f7fafc}
header{background:#2d3748;color:#fff;padding:8px 16px;display:flex;gap:16px;align-items:center}
header a{color:#fff}nav{display:flex;gap:12px}main{padding:16px;max-width:1400px}
table{border-collapse:collapse;background:#fff}td,th{border:1px solid #cbd5e0;padding:4px 8px;text-align:left;vertical-align:top}
td.passed{background:#c6f6d5}td.failed{background:#fed7d7}td.none{color:#4a5568}td a{color:#1a365d}
.muted{color:#4a5568;font-size:13px}code{font-size:12px}form.inline{display:inline}
label{margin-right:8px}a:focus,button:focus,input:focus,select:focus{outline:3px solid #3182ce}
img.thumb{max-width:320px;border:1px solid #cbd5e0}`;

/** A whole page: header with the viewer's links, then the body. */
export function page(title: string, viewer: Viewer | undefined, body: Fragment): Fragment {
  const nav =
    viewer?.role === 'instructor'
      ? html`<a href="/">Class</a><a href="/live">Live</a><a href="/audit">Audit</a><a href="/export.csv">CSV</a><a href="/export.json">JSON</a>`
      : viewer
        ? html`<a href="/team/${encodeURIComponent(viewer.team)}">Team ${viewer.team}</a>`
        : '';
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · labops</title><link rel="stylesheet" href="/static/app.css"></head>
<body><header><strong>labops</strong><nav>${nav}</nav>${
    viewer ? html`<form class="inline" method="post" action="/signout"><button>Sign out</button></form>` : ''
  }</header>
<main><h1>${title}</h1>${body}</main></body></html>`;
}

/** `YYYY-MM-DD HH:MM` UTC of an ISO time or epoch milliseconds. */
export function when(t: string | number): string {
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? String(t) : d.toISOString().slice(0, 16).replace('T', ' ');
}

/** A duration in seconds with one decimal. */
export function secs(ms: number | undefined): string {
  return ms === undefined ? '' : `${(ms / 1000).toFixed(1)} s`;
}
