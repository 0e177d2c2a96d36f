import { describe, expect, it } from 'vitest';
import { rulesInPortuguese, t } from '../../src/bot/i18n.js';
import { dockerTag, k8sName, openstackName, replicas, teamName } from '../../src/jobs/names.js';

// A bad input answered to a pt-BR client names the broken rule in Portuguese: every message the
// contract's name rules can give is translated (an English rule added later fails this test).

const BAD: [
  string,
  { safeParse: (v: unknown) => { success: boolean; error?: { issues: { message: string }[] } } },
  unknown[],
][] = [
  ['k8sName', k8sName, ['', 'x'.repeat(64), 'Hello_Node', '-a']],
  ['dockerTag', dockerTag, ['', '.v1', 'v 1', 'x'.repeat(129)]],
  ['openstackName', openstackName, ['x'.repeat(256), 'a/b', ' lead']],
  ['teamName', teamName, ['Team', 'a'.repeat(32)]],
  ['replicas', replicas, ['many', 2.5, -1, 1000]],
];

describe('input rules in Portuguese', () => {
  for (const [name, schema, values] of BAD)
    it(`${name}: every rule message is translated`, () => {
      for (const v of values) {
        const r = schema.safeParse(v);
        expect(r.success, `${name} accepted ${JSON.stringify(v)}`).toBe(false);
        for (const { message } of r.error?.issues ?? []) {
          const pt = rulesInPortuguese(message);
          // zod's own generic messages (e.g. "Too small") are not ours to translate.
          if (/^(Too small|Too big|Invalid)/.test(message)) continue;
          expect(pt, `untranslated: ${message}`).not.toBe(message);
        }
      }
    });

  it('the pt-BR bad-input answer carries the rule in Portuguese, the English one in English', () => {
    const message = '/scale: replicas: replicas must be at most 20';
    expect(t('pt-BR').badInput(message)).toBe(
      '⚠️ Entrada inválida — /scale: replicas: o número de réplicas deve ser no máximo 20\nNada foi executado.',
    );
    expect(t('en-US').badInput(message)).toContain('replicas must be at most 20');
  });
});
