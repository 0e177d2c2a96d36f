import { captureHtml } from './capture-html.js';
import { escapeHtml, htmlPage, SANS_FONT } from './html.js';
import { type Box, type Topology, type TopologyLayout, topologyLayout } from './topology-layout.js';

const EXT = '#2b6cb0';
const INT = '#2f855a';
const ROUTER = '#6b46c1';

/** Draws external network, routers, internal networks and instances (with floating IPs) as a PNG. */
export function renderTopology(topology: Topology): Promise<Buffer> {
  const layout = topologyLayout(topology);
  return captureHtml(topologyHtml(topology, layout), { width: layout.width, height: layout.height });
}

/** The diagram as an SVG inside a page; every label is escaped. */
export function topologyHtml(topology: Topology, layout: TopologyLayout): string {
  const parts: string[] = [];
  const title = topology.title ?? 'OpenStack network topology';
  parts.push(text(30, 44, title, 'title'));

  for (const { router, box } of layout.routers) {
    const ext = layout.externals.find((e) => e.net.name === router.externalNetwork) ?? layout.externals[0];
    if (ext) parts.push(line(cx(box), box.y, cx(box), ext.box.y + ext.box.h, EXT));
    for (const name of router.networks) {
      const net = layout.internals.find((n) => n.net.name === name);
      if (net) parts.push(elbow(cx(box), box.y + box.h, cx(net.box), net.box.y, INT));
    }
  }
  for (const { box } of layout.servers) parts.push(line(cx(box), box.y, cx(box), box.y - 40, INT));

  for (const { net, box } of layout.externals) {
    parts.push(rect(box, EXT, EXT, 6));
    parts.push(
      text(box.x + 12, box.y + 22, `${net.name}  ·  external  ${(net.cidrs ?? []).join(', ')}`, 'band'),
    );
  }
  for (const { router, box } of layout.routers) {
    parts.push(rect(box, '#faf5ff', ROUTER, 10));
    parts.push(text(box.x + 12, box.y + 22, `router ${clip(router.name, 22)}`, 'strong', ROUTER));
    if (router.externalIp) parts.push(text(box.x + 12, box.y + 42, `gateway ${router.externalIp}`, 'small'));
  }
  for (const { net, box } of layout.internals) {
    parts.push(rect(box, INT, INT, 6));
    parts.push(
      text(
        box.x + 12,
        box.y + 22,
        clip(`${net.name}  ${(net.cidrs ?? []).join(', ')}`, Math.floor(box.w / 8)),
        'band',
      ),
    );
  }
  for (const { server, box, network } of layout.servers) parts.push(card(server, box, network));
  parts.push(legend(layout));

  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}">${parts.join('')}</svg>`;
  return htmlPage(svg, CSS);
}

function card(server: Topology['servers'][number], box: Box, network: string): string {
  const active = server.status.toUpperCase() === 'ACTIVE';
  const statusColor = active ? '#2f855a' : server.status.toUpperCase() === 'ERROR' ? '#c53030' : '#b7791f';
  const fixed = (server.addresses[network] ?? []).filter((ip) => !server.floatingIps.includes(ip));
  const pill = { x: box.x + 12, y: box.y + 34, w: 72, h: 20 };
  return [
    rect(box, '#ffffff', '#a0aec0', 8),
    text(box.x + 12, box.y + 24, clip(server.name, 23), 'strong'),
    rect(pill, statusColor, statusColor, 10),
    `<text x="${pill.x + pill.w / 2}" y="${pill.y + 14}" class="pill" text-anchor="middle">${escapeHtml(clip(server.status, 9))}</text>`,
    text(box.x + 12, box.y + 76, `fixed ${clip(fixed.join(', ') || '—', 24)}`, 'mono'),
    text(
      box.x + 12,
      box.y + 96,
      `floating ${clip(server.floatingIps.join(', ') || '—', 21)}`,
      'mono',
      server.floatingIps.length > 0 ? EXT : '#718096',
    ),
    text(box.x + 12, box.y + 120, 'security groups', 'small'),
    text(box.x + 12, box.y + 138, clip(server.securityGroups.join(', ') || '—', 30), 'small', '#2d3748'),
  ].join('');
}

function legend(layout: TopologyLayout): string {
  const y = layout.height - 18;
  return [
    rect({ x: 30, y: y - 10, w: 14, h: 10 }, EXT, EXT, 2),
    text(50, y, 'external network / floating IP', 'small'),
    rect({ x: 260, y: y - 10, w: 14, h: 10 }, INT, INT, 2),
    text(280, y, 'internal network', 'small'),
    rect({ x: 410, y: y - 10, w: 14, h: 10 }, '#faf5ff', ROUTER, 2),
    text(430, y, 'router', 'small'),
  ].join('');
}

const cx = (box: Box) => box.x + box.w / 2;
const clip = (value: string, max: number) =>
  value.length > max ? `${value.slice(0, Math.max(1, max - 1))}…` : value;

function rect(box: Box, fill: string, stroke: string, radius: number): string {
  return `<rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" rx="${radius}" fill="${fill}" stroke="${stroke}" stroke-width="1.5"/>`;
}
function line(x1: number, y1: number, x2: number, y2: number, color: string): string {
  return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${color}" stroke-width="3"/>`;
}
function elbow(x1: number, y1: number, x2: number, y2: number, color: string): string {
  const mid = (y1 + y2) / 2;
  return `<path d="M${x1} ${y1} V${mid} H${x2} V${y2}" fill="none" stroke="${color}" stroke-width="3"/>`;
}
function text(x: number, y: number, value: string, cls: string, fill?: string): string {
  return `<text x="${x}" y="${y}" class="${cls}"${fill ? ` style="fill:${fill}"` : ''}>${escapeHtml(value)}</text>`;
}

const CSS = `
body{background:#f7fafc}
svg{display:block;font-family:${SANS_FONT}}
.title{font-size:20px;font-weight:bold;fill:#1a202c}
.band{font-size:14px;font-weight:bold;fill:#ffffff}
.strong{font-size:15px;font-weight:bold;fill:#1a202c}
.pill{font-size:11px;font-weight:bold;fill:#ffffff}
.mono{font-family:'DejaVu Sans Mono',monospace;font-size:12.5px;fill:#2d3748}
.small{font-size:12px;fill:#4a5568}
`;
