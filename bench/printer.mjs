// A recipe whose one step prints many log lines over a while through the runner's exec (as a
// long `juju deploy` would), and the stand-in's button helper.

/** A node script printing `lines` lines spread evenly over `ms` milliseconds. */
const PRINTER = `
const n = Number(process.argv[1]), total = Number(process.argv[2]);
let i = 0;
const start = Date.now();
const tick = () => {
  const due = Math.min(n, Math.floor(((Date.now() - start) / total) * n));
  while (i < due) console.log('line ' + (++i) + ' of ' + n + ' ' + 'x'.repeat(40));
  if (i >= n) process.exit(0);
  setTimeout(tick, 20);
};
tick();
`;

/** A recipe for job `job` running the printer once. */
export function printerRecipe(job, lines, ms) {
  return {
    job,
    steps: [
      {
        name: 'print',
        apply: async (_d, ctx) => {
          await ctx.exec({
            argv: [process.execPath, '-e', PRINTER, String(lines), String(ms)],
            timeoutMs: ms + 60_000,
          });
          return `printed ${lines} lines`;
        },
        timeoutMs: ms + 90_000,
      },
    ],
    result: () => ({ summary: `printed ${lines} lines`, fields: [] }),
  };
}

/** The custom ids of the buttons in a message's components. */
export function buttonIdsOf(components) {
  const out = [];
  const walk = (c) => {
    if (typeof c?.custom_id === 'string') out.push(c.custom_id);
    if (Array.isArray(c?.components)) c.components.forEach(walk);
  };
  if (Array.isArray(components)) components.forEach(walk);
  return out;
}
