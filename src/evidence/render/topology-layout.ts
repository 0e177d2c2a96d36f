/** Input and geometry of the network topology view (positions only; drawing is elsewhere). */

/** A Neutron network. */
export interface TopologyNetwork {
  name: string;
  /** True for the provider/external network floating IPs come from. */
  external?: boolean;
  /** Subnet ranges, shown as the label. */
  cidrs?: string[];
}

/** A Neutron router: gateway on an external network, interfaces on internal ones. */
export interface TopologyRouter {
  name: string;
  externalNetwork?: string;
  externalIp?: string;
  /** Internal networks with an interface on this router. */
  networks: string[];
}

/** A Nova instance as `openstack server show` describes it. */
export interface TopologyServer {
  name: string;
  status: string;
  /** Network name → addresses on it (fixed and floating, as Nova lists them). */
  addresses: Record<string, string[]>;
  floatingIps: string[];
  securityGroups: string[];
}

/** Everything the topology view draws. */
export interface Topology {
  networks: TopologyNetwork[];
  routers: TopologyRouter[];
  servers: TopologyServer[];
  title?: string;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Computed positions of every element. */
export interface TopologyLayout {
  width: number;
  height: number;
  externals: Array<{ net: TopologyNetwork; box: Box }>;
  routers: Array<{ router: TopologyRouter; box: Box }>;
  internals: Array<{ net: TopologyNetwork; box: Box }>;
  servers: Array<{ server: TopologyServer; box: Box; network: string }>;
}

export const CARD_W = 240;
export const CARD_H = 152;
const GAP = 20;
const MARGIN = 30;
const TITLE_H = 40;
const BAND_H = 34;
const ROUTER_W = 210;
const ROUTER_H = 54;
const MIN_WIDTH = 900;
/** Column name for instances on a network the input did not list. */
export const OTHER_NETWORK = '(other)';

/** Places external networks, routers, internal networks and instances in rows, top to bottom. */
export function topologyLayout(topology: Topology): TopologyLayout {
  const externalNets = topology.networks.filter((n) => n.external);
  const internalNets = topology.networks.filter((n) => !n.external);
  const internalNames = new Set(internalNets.map((n) => n.name));
  const serverNet = (s: TopologyServer) =>
    Object.keys(s.addresses).find((name) => internalNames.has(name)) ?? OTHER_NETWORK;
  const columns = internalNets.map((net) => ({
    net,
    servers: topology.servers.filter((s) => serverNet(s) === net.name),
  }));
  const strays = topology.servers.filter((s) => serverNet(s) === OTHER_NETWORK);
  if (strays.length > 0) columns.push({ net: { name: OTHER_NETWORK }, servers: strays });

  const columnWidth = (count: number) => Math.max(1, count) * (CARD_W + GAP) - GAP;
  const contentWidth = columns.reduce((sum, c) => sum + columnWidth(c.servers.length) + 2 * GAP, -2 * GAP);
  const width = Math.max(
    MIN_WIDTH,
    contentWidth + 2 * MARGIN,
    topology.routers.length * (ROUTER_W + GAP) + 2 * MARGIN,
  );

  let y = MARGIN + TITLE_H;
  const externals = externalNets.map((net) => {
    const box = { x: MARGIN, y, w: width - 2 * MARGIN, h: BAND_H };
    y += BAND_H + 12;
    return { net, box };
  });
  y += 40;
  const routerSlot = (width - 2 * MARGIN) / Math.max(1, topology.routers.length);
  const routers = topology.routers.map((router, i) => ({
    router,
    box: { x: MARGIN + i * routerSlot + (routerSlot - ROUTER_W) / 2, y, w: ROUTER_W, h: ROUTER_H },
  }));
  if (routers.length > 0) y += ROUTER_H + 60;

  let x = MARGIN + (width - 2 * MARGIN - Math.max(0, contentWidth)) / 2;
  const internals: TopologyLayout['internals'] = [];
  const servers: TopologyLayout['servers'] = [];
  for (const column of columns) {
    const w = columnWidth(column.servers.length);
    internals.push({ net: column.net, box: { x, y, w, h: BAND_H } });
    column.servers.forEach((server, i) => {
      servers.push({
        server,
        network: column.net.name,
        box: { x: x + i * (CARD_W + GAP), y: y + BAND_H + 40, w: CARD_W, h: CARD_H },
      });
    });
    x += w + 2 * GAP;
  }
  const bottom = servers.length > 0 ? y + BAND_H + 40 + CARD_H : internals.length > 0 ? y + BAND_H : y;
  return {
    width: Math.ceil(width),
    height: Math.ceil(bottom + MARGIN + 24),
    externals,
    routers,
    internals,
    servers,
  };
}
