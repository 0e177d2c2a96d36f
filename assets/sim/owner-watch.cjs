// Required by the simulated lab's preloads: a pod, instance or container process ends when
// the lab process that started it ends, even by SIGKILL (which gives that process no chance
// to stop its children). The kernel reparents an orphan (to PID 1 or a subreaper), so a
// changed parent pid means the owner is gone. The lab's process registry reaps what is left
// at its next start and on `labops sim down`; this makes the common case need no reaping.
'use strict';

// The spawner names itself (LABOPS_SIM_OWNER): an owner killed before this preload ran has
// already handed the process to another parent, which `process.ppid` alone would take for it.
const owner = Number(process.env.LABOPS_SIM_OWNER) || process.ppid;
if (process.ppid !== owner) process.exit(0);
const timer = setInterval(() => {
  if (process.ppid !== owner) process.exit(0);
}, 250);
timer.unref();
