/**
 * A stand-in for juju / openstack / docker in tests. It appends its argv (and the
 * credential-bearing environment names it saw) to $HOME/argv.jsonl, then answers from
 * the rules in $HOME/standin.json: the first rule whose `match` words all occur in argv
 * prints a real fixture (or a section of one) on stdout or stderr and exits with `exit`.
 * HOME is used because exec passes it to every tool, so nothing else needs allowing.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function section(text, header) {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(header));
  if (start < 0) throw new Error(`no section "${header}"`);
  const out = [];
  for (const l of lines.slice(start + 1)) {
    if ((header.startsWith('=== ') ? /^=== / : /^(\$ |=== |c:\\.*>)/).test(l)) break;
    out.push(l);
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

export function run(tool) {
  const home = process.env.HOME ?? '.';
  const argv = process.argv.slice(2);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(OS_|DOCKER_HOST$)/.test(k)));
  appendFileSync(path.join(home, 'argv.jsonl'), `${JSON.stringify({ tool, argv, env })}\n`);
  const cfg = JSON.parse(readFileSync(path.join(home, 'standin.json'), 'utf8'));
  const rules = cfg[tool] ?? [];
  const rule = rules.find((r) => r.match.every((w) => argv.includes(w)));
  if (!rule) {
    process.stderr.write(`stand-in ${tool}: no rule for ${argv.join(' ')}\n`);
    process.exit(2);
  }
  let text = rule.text ?? '';
  if (rule.fixture) {
    text = readFileSync(path.join(cfg.fixtures, rule.fixture), 'utf8');
    if (rule.section) text = section(text, rule.section);
  }
  (rule.stream === 'stderr' ? process.stderr : process.stdout).write(text);
  process.exitCode = rule.exit ?? 0;
}
