import { z } from 'zod';

/*
 * docker's `--format '{{json .}}'` lines, in one place: the fields Docker 27's formatter
 * exposes for `docker images` and `docker container ls` (cli/command/formatter/image.go and
 * container.go), every one a string. The runner parses each line with these schemas; the
 * simulated docker builds its rows with these types.
 */

const field = z.string();

/** One line of `docker images --format '{{json .}}'`. */
export const dockerImageLineSchema = z.looseObject({
  Repository: field,
  Tag: field,
  ID: field,
  Size: field.optional(),
  CreatedSince: field.optional(),
  CreatedAt: field.optional(),
  /** `<none>` until the image was pushed or pulled by digest. */
  Digest: field.optional(),
});

/** One line of `docker container ls --format '{{json .}}'`. */
export const dockerContainerLineSchema = z.looseObject({
  ID: field,
  Image: field,
  Names: field,
  Status: field,
  Ports: field.optional(),
  State: field.optional(),
  Command: field.optional(),
  CreatedAt: field.optional(),
  RunningFor: field.optional(),
});

export type DockerImageLine = z.input<typeof dockerImageLineSchema> & Record<string, string>;
export type DockerContainerLine = z.input<typeof dockerContainerLineSchema> & Record<string, string>;

/** The JSON lines of `text` that parse with `schema` (docker prints one object per line). */
export function dockerJsonLines<T>(text: string, schema: z.ZodType<T>): T[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('{'))
    .map((l) => schema.parse(JSON.parse(l)));
}
