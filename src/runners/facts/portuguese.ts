import { FACT_ORDER, FACT_VARIANTS, FACTS } from './names.js';

/**
 * Pure: a NOT_READY message (as {@link notReadyText} writes it in English) said in Portuguese;
 * any other text is returned as it is.
 */
export function notReadyInPortuguese(message: string): string {
  for (const { en, 'pt-BR': pt } of [
    ...FACT_ORDER.map((f) => FACTS[f].missing),
    ...Object.values(FACT_VARIANTS),
  ]) {
    if (!message.startsWith(`${en} (`)) continue;
    return message
      .replace(en, pt)
      .replace(
        /\. Run (.+) first( \(step (\d+)\))?\.$/,
        (_m, fix: string, _s, n?: string) => `. Rode ${fix} antes${n ? ` (passo ${n})` : ''}.`,
      );
  }
  return message;
}
