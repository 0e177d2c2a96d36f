/** Shown when a reply does not say which host answered. */
export const UNKNOWN_HOST = '(unknown)';

// The lab's server.js replies `{ "host": hello-node-abc, "message": "Hello World!"}`: the
// hostname is not quoted, so JSON.parse fails and a regex has to pick it out.
const HOST_FIELD = /"host"\s*:\s*([^,}]+)/;
// A DNS name is at most 253 characters; longer one-line bodies are not a host name.
const MAX_PLAIN_HOST = 253;

/**
 * Which backend answered, from a reply body: valid JSON `{"host": "x"}`, the lab's non-JSON
 * `{ "host": x, ...}`, or a short single-line plain-text body (e.g. `hostname` output).
 * Anything else gives {@link UNKNOWN_HOST}.
 */
export function parseHost(body: string): string {
  const text = body.trim();
  if (text === '') return UNKNOWN_HOST;
  const fromJson = hostFromJson(text);
  if (fromJson !== undefined) return fromJson;
  const match = HOST_FIELD.exec(text);
  if (match?.[1] !== undefined) {
    const host = unquote(match[1].trim());
    return host === '' ? UNKNOWN_HOST : host;
  }
  if (!text.includes('\n') && text.length <= MAX_PLAIN_HOST && !text.startsWith('<')) return text;
  return UNKNOWN_HOST;
}

function hostFromJson(text: string): string | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const host = (value as Record<string, unknown>).host;
    if (typeof host === 'string' && host.trim() !== '') return host.trim();
    if (typeof host === 'number') return String(host);
    return UNKNOWN_HOST;
  } catch {
    return undefined;
  }
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  return quoted?.[2] ?? value;
}

// The guide's reply quotes its message: `"message": "Hello World!"`.
const MESSAGE_FIELD = /"message"\s*:\s*"((?:[^"\\]|\\.)*)"/;
/** Longest message kept: enough to tell "Hello World!" from "Hello World v2!". */
const MAX_MESSAGE = 120;

/**
 * The `message` of a reply (valid JSON or the guide's `{ "host": x, "message": "..."}`), or
 * undefined when it has none. It tells the answers of two versions of the service apart.
 */
export function parseMessage(body: string): string | undefined {
  const text = body.trim();
  let message: string | undefined;
  if (text.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(text);
      const m =
        typeof value === 'object' && value !== null ? (value as Record<string, unknown>).message : undefined;
      if (typeof m === 'string') message = m;
    } catch {
      // Not JSON: the guide's reply; the field is picked out below.
    }
  }
  message ??= MESSAGE_FIELD.exec(text)?.[1];
  return message === undefined ? undefined : message.slice(0, MAX_MESSAGE);
}
