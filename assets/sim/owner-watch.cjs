// Required by the simulated lab's preloads: a pod, instance or container process ends when
// the lab process that started it ends, even by SIGKILL (which gives that process no chance
// to stop its children). The kernel reparents an orphan (to PID 1 or a subreaper), so a
// changed parent pid means the owner is gone. The lab's process registry reaps what is left
// at its next start and on `labops sim down`; this makes the common case need no reaping.
'use strict';

const owner = process.ppid;
const timer = setInterval(() => {
  if (process.ppid !== owner) process.exit(0);
}, 250);
timer.unref();
