import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLine } from '../../src/client/parse-line.js';
import { prepareJob } from '../../src/client/prepare.js';
import { commands } from '../../src/commands/index.js';
import type { CommandDefinition, OptionDefinition } from '../../src/commands/types.js';
import { jobs } from '../../src/jobs/definitions.js';
import { isUserError } from '../../src/shared/errors.js';

let tried = 0;
const nasty = fc.constantFrom(
  '; rm -rf /',
  '$(id)',
  '`id`',
  '| sh',
  '&& reboot',
  '../../etc/passwd',
  '\n',
  '--help',
  '-rf',
  "'",
  '"',
  '\\',
  '*',
  '\u0000',
);
const anyValue = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  nasty,
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
);

function valueFor(o: OptionDefinition) {
  const typed =
    o.type === 'integer'
      ? fc.integer({ min: (o.min ?? -5) - 3, max: (o.max ?? 50) + 3 })
      : o.type === 'boolean'
        ? fc.boolean()
        : o.choices?.length
          ? fc.oneof(fc.constantFrom(...o.choices), fc.string({ maxLength: 20 }))
          : fc.oneof(
              fc.stringMatching(/^[a-z0-9][a-z0-9-.]{0,20}$/),
              fc.string({ maxLength: 70 }),
              nasty.map((n) => `x${n}`),
            );
  return fc.oneof({ weight: 4, arbitrary: typed }, { weight: 1, arbitrary: anyValue });
}

/** Option records for one command: mostly well-typed per its definition, sometimes anything. */
function optionsFor(def: CommandDefinition<any>) {
  const shape = (opts: OptionDefinition[]) =>
    fc.record(Object.fromEntries(opts.map((o) => [o.name, valueFor(o)])), { requiredKeys: [] });
  const extra = fc.dictionary(fc.string({ maxLength: 10 }), anyValue, { maxKeys: 2 });
  const base = def.subcommands?.length
    ? fc.oneof(
        ...def.subcommands.map((s) =>
          shape(s.options).map((o) => ({ subcommand: s.name, ...o }) as Record<string, unknown>),
        ),
        fc.record({ subcommand: fc.string({ maxLength: 10 }) }),
      )
    : shape(def.options ?? []);
  return fc.oneof(
    { weight: 5, arbitrary: base },
    { weight: 1, arbitrary: fc.tuple(base, extra).map(([a, b]) => ({ ...b, ...a })) },
  );
}

describe('bad input never becomes a job', () => {
  it.each(commands.filter((c) => c.job).map((c) => [c.name, c] as const))(
    '/%s: prepareJob returns schema-valid job data or a UserError naming the command',
    (_name, def) => {
      fc.assert(
        fc.property(optionsFor(def), fc.boolean(), (raw, dryRun) => {
          tried++;
          try {
            const p = prepareJob(def, raw, { dryRun });
            expect(jobs[p.name].data.safeParse(p.data).success).toBe(true);
            for (const v of Object.values(p.data))
              expect(typeof v === 'string' ? v.includes('\u0000') : false).toBe(false);
          } catch (err) {
            expect(isUserError(err), String(err)).toBe(true);
            expect((err as Error).message.startsWith(`/${def.name}`)).toBe(true);
          }
        }),
        { numRuns: 300 },
      );
    },
  );

  it('the terminal line parser answers any line with a parse or a UserError', () => {
    const word = fc.oneof(
      fc.constantFrom(
        ...commands.map((c) => `/${c.name}`),
        '--dry-run',
        '--yes',
        'team:x',
        'replicas:5',
        'hello-node',
      ),
      fc.string({ maxLength: 20 }),
      nasty,
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 6 }), (words) => {
        tried++;
        const line = words.join(' ');
        try {
          const parsed = parseLine(line);
          if (parsed.command.job) {
            try {
              prepareJob(parsed.command, parsed.options, {});
            } catch (err) {
              expect(isUserError(err)).toBe(true);
            }
          }
        } catch (err) {
          expect(isUserError(err), `${line} → ${String(err)}`).toBe(true);
          expect((err as Error).message.length).toBeGreaterThan(5);
        }
      }),
      { numRuns: 3000 },
    );
    process.stderr.write(`[property] option records and command lines tried: ${tried}\n`);
  });
});

describe('no argument ever reaches a shell', () => {
  it('no runner source builds `sh -c` / `bash -c` argv', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const walk = (d: string): string[] =>
      readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
    const offenders = walk('src/runners')
      .concat(walk('src/shared'))
      .filter((f) =>
        /['"`](?:ba|z|da)?sh['"`]\s*,\s*['"`]-c['"`]|shell:\s*true/.test(readFileSync(f, 'utf8')),
      );
    expect(offenders).toEqual([]);
  });
});
