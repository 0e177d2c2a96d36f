// Preloaded (node --require) into every simulated pod process so the lab's unmodified
// server.js behaves as it does in a container: os.hostname() is the pod name, and a
// listen() on a container port lands on the loopback port the simulator assigned.
'use strict';

require('./owner-watch.cjs');
const os = require('node:os');
const net = require('node:net');

const podName = process.env.LABOPS_POD_NAME;
if (podName) os.hostname = () => podName;

// LABOPS_PORT_MAP is "containerPort=hostPort,..." e.g. "8080=41234".
const portMap = new Map();
for (const pair of (process.env.LABOPS_PORT_MAP || '').split(',')) {
  const [from, to] = pair.split('=').map(Number);
  if (from && to) portMap.set(from, to);
}

const servers = new Set();
const originalListen = net.Server.prototype.listen;

net.Server.prototype.listen = function listen(...args) {
  servers.add(this);
  const first = args[0];
  if (first !== null && typeof first === 'object' && !Array.isArray(first)) {
    const port = Number(first.port);
    if (portMap.has(port)) args[0] = { ...first, port: portMap.get(port), host: '127.0.0.1' };
  } else if (first !== undefined && typeof first !== 'function' && portMap.has(Number(first))) {
    // listen(port[, host][, backlog][, cb]): keep the callback, force the loopback host.
    const cb = args.find((a) => typeof a === 'function');
    args = [portMap.get(Number(first)), '127.0.0.1'];
    if (cb) args.push(cb);
  }
  return originalListen.apply(this, args);
};

// Like a container given SIGTERM by the kubelet: stop accepting, finish in-flight
// requests, then exit; a short grace period bounds it.
process.on('SIGTERM', () => {
  const grace = Number(process.env.LABOPS_GRACE_MS || 2000);
  setTimeout(() => process.exit(0), grace).unref();
  let open = servers.size;
  if (open === 0) process.exit(0);
  for (const s of servers) {
    if (typeof s.closeIdleConnections === 'function') s.closeIdleConnections();
    s.close(() => {
      open -= 1;
      if (open === 0) process.exit(0);
    });
  }
});
