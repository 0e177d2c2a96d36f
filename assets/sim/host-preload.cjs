// Preload for a simulated instance's server: `os.hostname()` answers the instance name and a
// server that listens on a bare port binds to the instance's (floating) address instead.
'use strict';
const os = require('node:os');
const net = require('node:net');

const hostname = process.env.LABOPS_SIM_HOSTNAME;
const bindHost = process.env.LABOPS_SIM_BIND_HOST;
if (hostname) os.hostname = () => hostname;
if (bindHost) {
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function patchedListen(...args) {
    if (typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function')) {
      args.splice(1, 0, bindHost);
    } else if (args[0] && typeof args[0] === 'object' && args[0].port !== undefined && !args[0].host) {
      args[0] = { ...args[0], host: bindHost };
    }
    return listen.apply(this, args);
  };
}
