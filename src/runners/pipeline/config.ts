import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { k8sName } from '../../jobs/names.js';
import { Codes, UserError } from '../../shared/errors.js';

/** Docker's repository name component (lowercase, digits, separators `.`, `_`, `__`, `-`). */
const imageName = z
  .string()
  .regex(
    /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/,
    'an image name uses lowercase letters, digits and single ".", "_" or "-" between them',
  );

/**
 * `labops.yaml` at the root of the team's app repository: what to build and roll out, and
 * when the new version counts as live.
 */
export const pipelineConfig = z
  .object({
    image: imageName.default('hello-node'),
    deployment: k8sName.default('hello-node'),
    verify: z
      .object({
        /** Requests sent through the load balancer while it rolls (at 25 a second), at least. */
        requests: z.number().int().min(10).max(5_000).default(200),
        /** The share of requests that may fail while it rolls, 0 to 1. */
        maxFailureShare: z.number().min(0).max(1).default(0.05),
        /** How long the new version has, from the rollout's start, to give every answer. */
        timeoutSeconds: z.number().int().min(5).max(1_800).default(120),
      })
      .strict()
      .default({ requests: 200, maxFailureShare: 0.05, timeoutSeconds: 120 }),
  })
  .strict();
export type PipelineConfig = z.output<typeof pipelineConfig>;

/** What `labops pipeline init` writes: every setting with its default, commented. */
export const DEFAULT_PIPELINE_YAML = `# labops delivery pipeline: a push to main builds, pushes, rolls out and verifies this app.
# The image, tagged with the commit's short id (and its git tag, if any), on your Docker Hub user.
image: hello-node
# The Kubernetes deployment to roll out.
deployment: hello-node
verify:
  # Requests through the load balancer while it rolls out (25 a second), at least.
  requests: 200
  # Share of those requests that may fail while it rolls out (0 to 1).
  maxFailureShare: 0.05
  # Seconds the new version has, from the rollout's start, until every answer comes from it.
  timeoutSeconds: 120
`;

/**
 * Pure: parses and validates `labops.yaml`. A refusal names the file's line and the key, e.g.
 * `labops.yaml line 7: verify.maxFailureShare: Too big: expected number to be <=1`.
 */
export function parsePipelineConfig(text: string, file = 'labops.yaml'): PipelineConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = syntax.linePos?.[0]?.line ?? 1;
    throw refusal(file, line, 'yaml', syntax.message.split('\n')[0] ?? 'not valid YAML');
  }
  const parsed = pipelineConfig.safeParse(doc.toJS() ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '?';
    const line = keyLine(doc, path, key, lines);
    const known = Object.keys(knownKeys(path)).join(', ');
    throw refusal(file, line, [...path, key].join('.'), `unknown key (known here: ${known})`);
  }
  const line = valueLine(doc, path, lines);
  throw refusal(file, line, path.join('.') || 'file', issue.message);
}

function refusal(file: string, line: number, key: string, why: string): UserError {
  return new UserError(
    Codes.pipelineConfigInvalid,
    `${file} line ${line}: ${key}: ${why}; fix it, commit and push again (nothing was built)`,
  );
}

function knownKeys(path: readonly string[]): Record<string, unknown> {
  return path[0] === 'verify' ? { requests: 0, maxFailureShare: 0, timeoutSeconds: 0 } : pipelineConfig.shape;
}

/** The line of the value at `path`, or of the nearest parent that exists. */
function valueLine(doc: ReturnType<typeof parseDocument>, path: string[], lines: LineCounter): number {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return lines.linePos(node.range[0]).line;
  }
  return 1;
}

/** The line of the key `key` in the map at `path`. */
function keyLine(doc: ReturnType<typeof parseDocument>, path: string[], key: string, lines: LineCounter) {
  const map = path.length ? doc.getIn(path, true) : doc.contents;
  if (isMap(map)) {
    const item = map.items.find((i) => isScalar(i.key) && String(i.key.value) === key);
    const range = isScalar(item?.key) ? item.key.range : undefined;
    if (range) return lines.linePos(range[0]).line;
  }
  return valueLine(doc, path, lines);
}
