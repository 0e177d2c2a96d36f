import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bestMatch, type CompiledTemplate, compileTemplate } from './route-template.js';

/** The parts of Discord's OpenAPI 3.1 description the stand-in reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
}

/** An operation found for a request: its template and JSON-pointer to each request body media type. */
export interface OperationRef {
  template: string;
  method: string;
  params: Record<string, string>;
  /** media type → JSON pointer of its schema inside the document. */
  bodySchemas: Record<string, string>;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** Where the description is looked for: `DISCORD_OPENAPI`, then a copy in the repo, then the shared fixtures. */
export function openApiCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const repo = path.resolve(here, '../../..');
  return [
    env.DISCORD_OPENAPI,
    path.join(repo, 'test/fixtures/discord/openapi.json'),
    path.resolve(repo, '../shared/fixtures/discord/openapi.json'),
  ].filter((p): p is string => typeof p === 'string' && p.length > 0);
}

let cached: { doc: OpenApiDocument; templates: CompiledTemplate[] } | undefined;

/** Loads (once per process) and returns the OpenAPI document with its compiled path templates. */
export function loadOpenApi(): { doc: OpenApiDocument; templates: CompiledTemplate[] } {
  if (cached) return cached;
  const file = openApiCandidates().find((p) => existsSync(p));
  if (!file) throw new Error(`Discord openapi.json not found; looked in ${openApiCandidates().join(', ')}`);
  const doc = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  cached = { doc, templates: Object.keys(doc.paths).map(compileTemplate) };
  return cached;
}

function pointerSegment(s: string): string {
  return encodeURIComponent(s.replaceAll('~', '~0').replaceAll('/', '~1'));
}

/** Finds the operation for `method` + `path` (path below `/api/v10`), or null if the document has none. */
export function findOperation(method: string, requestPath: string): OperationRef | null {
  const { doc, templates } = loadOpenApi();
  const hit = bestMatch(templates, requestPath);
  if (!hit) return null;
  const m = method.toLowerCase();
  const op = doc.paths[hit.tpl.template]?.[m] as
    | { requestBody?: { content?: Record<string, unknown> } }
    | undefined;
  if (!op) return null;
  const bodySchemas: Record<string, string> = {};
  for (const media of Object.keys(op.requestBody?.content ?? {})) {
    bodySchemas[media] = ['paths', hit.tpl.template, m, 'requestBody', 'content', media, 'schema']
      .map(pointerSegment)
      .join('/');
  }
  return { template: hit.tpl.template, method: m, params: hit.params, bodySchemas };
}
