import { CliExit, type CommandContext } from '../cli/io.js';

/**
 * The K=V data of `vault write`, read as Vault's kv-builder does (helper/kv-builder
 * builder.go, go-secure-stdlib kv-builder in 1.14): `k=v`; `k=-` (the value is all of stdin); a
 * lone `-` (a JSON object on stdin); an empty word is skipped; stdin can be read once; a
 * repeated key becomes a list. `@file` values are not simulated. Errors read
 * "Failed to parse K=V data: Invalid key/value pair '<word>': <why>" (command/write.go), exit 1.
 */
export async function writeData(ctx: CommandContext, words: string[]): Promise<Record<string, unknown>> {
  const data: Record<string, unknown> = {};
  let stdinUsed = false;
  const fail = (word: string, why: string): never => {
    throw new CliExit(`Failed to parse K=V data: Invalid key/value pair '${word}': ${why}\n`, 1);
  };
  const stdin = async (word: string) => {
    if (stdinUsed) fail(word, 'stdin already consumed');
    stdinUsed = true;
    return ctx.readStdin();
  };
  for (const word of words) {
    if (word === '') continue;
    const eq = word.indexOf('=');
    if (eq < 0) {
      if (word !== '-') fail(word, 'format must be key=value');
      const text = await stdin(word);
      try {
        Object.assign(data, JSON.parse(text) as Record<string, unknown>);
      } catch (err) {
        fail(word, (err as Error).message);
      }
      continue;
    }
    const key = word.slice(0, eq);
    const raw = word.slice(eq + 1);
    const value = raw === '-' ? await stdin(word) : raw;
    const prev = data[key];
    data[key] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
  }
  return data;
}
