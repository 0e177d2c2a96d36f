#!/usr/bin/env node
// Prints argv[2] megabytes of log-like lines as fast as the pipe takes them.
const total = Number(process.argv[2] ?? '200') * 1024 * 1024;
const line = `${'x'.repeat(99)}\n`;
const chunk = line.repeat(1024 * 10);
let sent = 0;
function write() {
  while (sent < total) {
    sent += chunk.length;
    if (!process.stdout.write(chunk)) return process.stdout.once('drain', write);
  }
  console.log('done');
}
write();
