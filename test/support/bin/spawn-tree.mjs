#!/usr/bin/env node
// Starts a grandchild that sleeps, records both pids in the file named by argv[2], then
// sleeps itself: a process tree for the timeout and cancellation tests.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], { stdio: 'ignore' });
writeFileSync(process.argv[2], JSON.stringify([process.pid, child.pid]));
console.log('tree started');
setTimeout(() => {}, 120000);
