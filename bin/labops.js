#!/usr/bin/env node
// The labops command: runs the compiled CLI (built by `npm run build`, run on install).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('labops is not built yet: run `npm run build` in the labops folder first.\n');
  process.exit(1);
}
await import(entry.href);
