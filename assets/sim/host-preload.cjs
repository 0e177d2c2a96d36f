// Preload for a simulated instance's or container's server: `os.hostname()` answers the
// instance name (or the container's short id) and a server that listens on a bare port binds
// to the instance's (floating) address instead. With LABOPS_SIM_PORT_MAP ("8080:8081,…",
// container port to host port, as `docker run -p H:C` publishes), a published container port
// listens on its host port, and an unpublished one on a free loopback port, unreachable like
// a port of a container's own network namespace.
'use strict';
require('./owner-watch.cjs');
const os = require('node:os');
const net = require('node:net');

const hostname = process.env.LABOPS_SIM_HOSTNAME;
const bindHost = process.env.LABOPS_SIM_BIND_HOST;
const portMap = process.env.LABOPS_SIM_PORT_MAP;
const published = new Map(
  (portMap ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => pair.split(':').map(Number)),
);
if (hostname) os.hostname = () => hostname;

/** Where a server asking for `port` really listens: [host, port]. */
function target(port) {
  if (portMap === undefined) return [bindHost, port];
  const host = published.get(Number(port));
  return host === undefined ? ['127.0.0.1', 0] : [bindHost, host];
}

if (bindHost) {
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function patchedListen(...args) {
    if (typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function')) {
      const [host, port] = target(args[0]);
      args.splice(0, 1, port, host);
    } else if (args[0] && typeof args[0] === 'object' && args[0].port !== undefined && !args[0].host) {
      const [host, port] = target(args[0].port);
      args[0] = { ...args[0], host, port };
    }
    return listen.apply(this, args);
  };
}
