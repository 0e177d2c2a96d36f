/**
 * Turns a resolved build context into something runnable: the command from the
 * Dockerfile's CMD/ENTRYPOINT, the EXPOSEd ports, and a private copy of the context that
 * plays the role of the container's filesystem.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** What a pod needs from its image. */
export interface ImageSpec {
  /** Arguments after `node`, e.g. `['server.js']`. */
  nodeArgs: string[];
  exposed: number[];
}

function parseInstructionArgs(rest: string): string[] {
  const trimmed = rest.trim();
  if (trimmed.startsWith('[')) {
    try {
      const arr = JSON.parse(trimmed) as unknown;
      if (Array.isArray(arr)) return arr.map(String);
    } catch {
      // Not valid JSON: Docker then treats it as shell form too.
    }
  }
  return trimmed.split(/\s+/).filter(Boolean);
}

/** Reads CMD, ENTRYPOINT and EXPOSE from a Dockerfile's text (line continuations joined). */
export function parseDockerfile(text: string): { command: string[]; exposed: number[] } {
  let cmd: string[] = [];
  let entrypoint: string[] = [];
  const exposed: number[] = [];
  for (const line of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const [, instr, rest] = m as unknown as [string, string, string];
    const op = instr.toUpperCase();
    if (op === 'CMD') cmd = parseInstructionArgs(rest);
    else if (op === 'ENTRYPOINT') entrypoint = parseInstructionArgs(rest);
    else if (op === 'EXPOSE')
      for (const p of rest.split(/\s+/)) if (Number.parseInt(p, 10) > 0) exposed.push(Number.parseInt(p, 10));
  }
  return { command: [...entrypoint, ...cmd], exposed };
}

/**
 * The node arguments of an image: its command must run `node`/`nodejs`; a context without a
 * Dockerfile runs `server.js`. Throws with the reason a container would fail to start.
 */
export function readImageSpec(contextDir: string): ImageSpec {
  const dockerfile = join(contextDir, 'Dockerfile');
  if (!existsSync(dockerfile)) return { nodeArgs: ['server.js'], exposed: [] };
  const { command, exposed } = parseDockerfile(readFileSync(dockerfile, 'utf8'));
  const [exe, ...args] = command;
  if (!exe) throw new Error('no command specified');
  if (basename(exe) !== 'node' && basename(exe) !== 'nodejs')
    throw new Error(`exec: "${exe}": executable file not found in $PATH`);
  if (args.length === 0) throw new Error('the image command runs node without a script');
  return { nodeArgs: args, exposed };
}

/**
 * Copies the context to `rootDir` (the pod's filesystem). A package.json marking the files
 * as CommonJS is added when the context has none, since a container has no enclosing
 * ESM package around the app.
 */
export function prepareRootfs(contextDir: string, rootDir: string): void {
  mkdirSync(rootDir, { recursive: true });
  cpSync(contextDir, rootDir, {
    recursive: true,
    filter: (src) => !/(^|[/\\])\.git$/.test(src),
  });
  const pkg = join(rootDir, 'package.json');
  if (!existsSync(pkg)) writeFileSync(pkg, '{ "type": "commonjs" }\n');
}
