import type { ViolationError } from './types.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Discord's name rule for chat-input commands and options (lowercase where the script has case). */
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const SUBCOMMAND = 1;
const GROUP = 2;

function textLength(c: Obj): number {
  const own = String(c.name ?? '').length + String(c.description ?? '').length;
  const choices = arr(c.choices).reduce<number>(
    (n, ch) => n + String(obj(ch).name ?? '').length + String(obj(ch).value ?? '').length,
    0,
  );
  return own + choices + arr(c.options).reduce<number>((n, o) => n + textLength(obj(o)), 0);
}

function checkName(name: unknown, at: string, out: ViolationError[]): void {
  const s = String(name ?? '');
  if (!NAME.test(s) || s !== s.toLowerCase())
    out.push({ path: `${at}.name`, message: `invalid name "${s}" (1–32, lowercase, no spaces)` });
}

function checkOptions(options: unknown[], at: string, out: ViolationError[]): void {
  let seenOptional = false;
  const names = new Set<string>();
  const kinds = new Set<boolean>();
  options.forEach((raw, i) => {
    const o = obj(raw);
    const here = `${at}[${i}]`;
    checkName(o.name, here, out);
    for (const [k, v] of Object.entries(obj(o.name_localizations)))
      checkName(v, `${here}.name_localizations.${k}`, out);
    if (names.has(String(o.name)))
      out.push({ path: `${here}.name`, message: `duplicate option name "${String(o.name)}"` });
    names.add(String(o.name));
    const nested = o.type === SUBCOMMAND || o.type === GROUP;
    kinds.add(nested);
    if (!nested) {
      if (o.required === true && seenOptional)
        out.push({ path: here, message: 'required options must come before optional ones' });
      if (o.required !== true) seenOptional = true;
      if (o.autocomplete === true && arr(o.choices).length > 0)
        out.push({ path: here, message: 'autocomplete cannot be combined with choices' });
    }
    if (arr(o.choices).length > 25) out.push({ path: `${here}.choices`, message: 'more than 25 choices' });
    checkOptions(arr(o.options), `${here}.options`, out);
  });
  if (kinds.size > 1) out.push({ path: at, message: 'subcommands cannot be mixed with plain options' });
}

/** Checks a bulk-overwrite command list against the rules Discord documents beyond the schema. */
export function checkCommandLimits(body: unknown): ViolationError[] {
  const out: ViolationError[] = [];
  const list = arr(body);
  const names = new Set<string>();
  list.forEach((raw, i) => {
    const c = obj(raw);
    const at = `[${i}]`;
    const type = c.type ?? 1;
    if (type === 1) {
      checkName(c.name, at, out);
      for (const [k, v] of Object.entries(obj(c.name_localizations)))
        checkName(v, `${at}.name_localizations.${k}`, out);
      if (!c.description)
        out.push({ path: `${at}.description`, message: 'chat-input commands need a description' });
    }
    const key = `${String(type)}:${String(c.name)}`;
    if (names.has(key))
      out.push({ path: `${at}.name`, message: `duplicate command name "${String(c.name)}"` });
    names.add(key);
    checkOptions(arr(c.options), `${at}.options`, out);
    if (textLength(c) > 8000)
      out.push({ path: at, message: 'name + description + option texts exceed 8000 chars' });
  });
  if (list.filter((c) => (obj(c).type ?? 1) === 1).length > 100)
    out.push({ path: '', message: 'more than 100 chat-input commands' });
  return out;
}
