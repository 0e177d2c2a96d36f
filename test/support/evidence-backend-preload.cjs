'use strict';
// Loaded with `node --require` before the lab's unmodified server.js so that several copies
// can run side by side, each answering as its own host on its own loopback port:
//   EVIDENCE_BACKEND_HOST  what os.hostname() returns (the "host" in the reply)
//   EVIDENCE_BACKEND_PORT  port used instead of 8080 (0 = any free port)
// Once listening it writes "evidence-backend listening <port>" to stderr for the parent.
const os = require('node:os');
const net = require('node:net');

const host = process.env.EVIDENCE_BACKEND_HOST;
const port = process.env.EVIDENCE_BACKEND_PORT;

if (host) os.hostname = () => host;

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function patchedListen(...args) {
  if (args[0] === 8080 && port !== undefined) {
    this.once('listening', () => {
      process.stderr.write(`evidence-backend listening ${this.address().port}\n`);
    });
    return listen.call(this, Number(port), '127.0.0.1', ...args.slice(1));
  }
  return listen.apply(this, args);
};
