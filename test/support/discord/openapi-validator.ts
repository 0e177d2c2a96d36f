import Ajv2020Module, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { findOperation, loadOpenApi } from './openapi-document.js';
import type { ViolationError } from './types.js';

const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;
const DOC_ID = 'https://discord.stand-in/openapi.json';

/**
 * Rewrites OpenAPI-only constructs so Ajv (draft 2020-12) validates what Discord accepts:
 * - `x-*` extension keywords are dropped;
 * - 64-bit integers (format int64, or bounds beyond 2^53, e.g. permission bitfields) also accept
 *   decimal strings: Discord documents `default_member_permissions` as a string and discord.js sends one.
 */
function translate(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(translate);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (!k.startsWith('x-')) out[k] = translate(v);
  const types = Array.isArray(out.type) ? out.type : [out.type];
  const big =
    out.format === 'int64' ||
    (typeof out.maximum === 'number' && out.maximum > Number.MAX_SAFE_INTEGER) ||
    (typeof out.minimum === 'number' && out.minimum < Number.MIN_SAFE_INTEGER);
  if (types.includes('integer') && big) return { anyOf: [out, { type: 'string', pattern: '^-?[0-9]+$' }] };
  return out;
}

let ajv: InstanceType<typeof Ajv2020> | undefined;
const compiled = new Map<string, ValidateFunction>();

function instance(): InstanceType<typeof Ajv2020> {
  if (ajv) return ajv;
  const a = new Ajv2020({
    strict: false,
    allErrors: true,
    verbose: true,
    validateSchema: false,
    validateFormats: true,
  });
  addFormats(a);
  a.addFormat('snowflake', /^(0|[1-9][0-9]{0,19})$/);
  a.addFormat('nonce', /^.{0,25}$/s);
  const { doc } = loadOpenApi();
  a.addSchema({ $id: DOC_ID, paths: translate(doc.paths), components: translate(doc.components) });
  ajv = a;
  return a;
}

function validatorFor(pointer: string): ValidateFunction {
  let fn = compiled.get(pointer);
  if (!fn) {
    fn = instance().compile({ $ref: `${DOC_ID}#/${pointer}` });
    compiled.set(pointer, fn);
  }
  return fn;
}

/** `/components/0/custom_id` → `components[0].custom_id`. */
export function jsonPath(instancePath: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  return (
    parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '') || '(body)'
  );
}

function dataAt(root: unknown, instancePath: string): unknown {
  let node = root;
  for (const part of instancePath.split('/').filter(Boolean)) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return node;
}

/** True when the error comes from a union branch whose `type` discriminator does not fit the data. */
function wrongBranch(e: ErrorObject, body: unknown): boolean {
  const data = dataAt(body, e.instancePath) as { type?: unknown } | undefined;
  const typeSchema = (e.parentSchema as { properties?: { type?: { enum?: unknown[]; const?: unknown } } })
    ?.properties?.type;
  if (!data || typeof data !== 'object' || !typeSchema || !('type' in data)) return false;
  if (Array.isArray(typeSchema.enum)) return !typeSchema.enum.includes(data.type);
  return 'const' in typeSchema && typeSchema.const !== data.type;
}

/**
 * Turns Ajv's errors into readable ones: drops the noise of oneOf/anyOf branches that do not apply
 * (their discriminating `type` differs from the data's), and folds enum/const failures per path.
 */
function explain(errors: ErrorObject[], body: unknown): ViolationError[] {
  const kept = errors.filter(
    (e) =>
      e.keyword !== 'oneOf' &&
      e.keyword !== 'anyOf' &&
      !(e.keyword === 'type' && (e.params as { type?: unknown }).type === 'null') &&
      !wrongBranch(e, body),
  );
  const choices = new Map<string, Set<unknown>>();
  const out: ViolationError[] = [];
  for (const e of kept) {
    if (e.keyword === 'enum' || e.keyword === 'const') {
      const p = e.params as { allowedValues?: unknown[]; allowedValue?: unknown };
      const set = choices.get(e.instancePath) ?? new Set<unknown>();
      for (const v of p.allowedValues ?? [p.allowedValue]) set.add(v);
      choices.set(e.instancePath, set);
      continue;
    }
    out.push({
      path: jsonPath(e.instancePath),
      message: e.message ?? e.keyword,
      code: `SCHEMA_${e.keyword.toUpperCase()}`,
    });
  }
  for (const [instancePath, set] of choices) {
    const parent = instancePath.replace(/\/type$/, '');
    const explainedBelow =
      instancePath.endsWith('/type') &&
      out.some((o) => o.path.startsWith(jsonPath(parent)) && o.path !== jsonPath(instancePath));
    if (explainedBelow) continue;
    out.push({
      path: jsonPath(instancePath),
      message: `must be one of ${[...set].map((v) => JSON.stringify(v)).join(', ')} (got ${JSON.stringify(dataAt(body, instancePath))})`,
      code: 'SCHEMA_ENUM',
    });
  }
  const seen = new Set<string>();
  return out.filter((o) => {
    const key = `${o.path}|${o.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Result of checking one request body against the OpenAPI description. */
export interface SchemaCheck {
  /** The operation's path template, or null when the document has no such operation. */
  template: string | null;
  errors: ViolationError[];
}

/**
 * Validates `body` (a parsed JSON body or a multipart `payload_json`) against the request body schema of
 * the operation `method path`. Loading and compiling happen once per process and per operation.
 */
export function validateRequestBody(method: string, requestPath: string, body: unknown): SchemaCheck {
  const op = findOperation(method, requestPath);
  if (!op) return { template: null, errors: [] };
  const pointer = op.bodySchemas['application/json'] ?? Object.values(op.bodySchemas)[0];
  if (!pointer || body === undefined) return { template: op.template, errors: [] };
  const fn = validatorFor(pointer);
  if (fn(body)) return { template: op.template, errors: [] };
  return { template: op.template, errors: explain(fn.errors ?? [], body) };
}
