import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { repoRoot } from './procs.js';

/** The project's `src` folder. */
export const srcRoot = join(repoRoot, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** Static `import … from` / `export … from` and dynamic `import('…')` of relative paths. */
const SPECIFIERS = [
  /^\s*(?:import|export)\s[^;]*?\sfrom\s+['"](\.[^'"]+)['"]/gm,
  /\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g,
];

/** Every source file under src (relative path) with the relative paths of the modules it imports. */
export function importGraph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const file of files(srcRoot)) {
    const text = readFileSync(file, 'utf8');
    const deps = SPECIFIERS.flatMap((re) => [...text.matchAll(re)]).map((m) =>
      relative(srcRoot, resolve(dirname(file), (m[1] as string).replace(/\.js$/, '.ts'))),
    );
    g.set(relative(srcRoot, file), deps);
  }
  return g;
}

/** The imports that break a rule: `from → to` for each edge where `allowed(from, to)` is false. */
export function forbiddenImports(allowed: (from: string, to: string) => boolean): string[] {
  const out: string[] = [];
  for (const [from, deps] of importGraph())
    for (const to of deps) if (!allowed(from, to)) out.push(`${from} → ${to}`);
  return out;
}
