import type { IncomingMessage } from 'node:http';
import type { RecordedFile } from './types.js';

/** A request body as Discord reads it: JSON, or multipart with `payload_json` and `files[n]`. */
export interface ParsedBody {
  body: unknown;
  files: RecordedFile[];
  /** Size of the raw body in bytes. */
  size: number;
  /** Why the body could not be read, if it could not. */
  error?: string;
}

/** Reads the whole request body. */
export async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseMultipart(raw: Buffer, contentType: string): Promise<ParsedBody> {
  // Node 20's Web Request parses multipart/form-data without extra dependencies.
  const form = await new Request('http://stand-in/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: raw,
  }).formData();
  const files: RecordedFile[] = [];
  let body: unknown;
  const fields: Record<string, string> = {};
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      if (field === 'payload_json') body = JSON.parse(value);
      else fields[field] = value;
      continue;
    }
    const data = Buffer.from(await value.arrayBuffer());
    files.push({
      field,
      filename: value.name,
      size: data.length,
      contentType: value.type || 'application/octet-stream',
      data,
    });
  }
  if (body === undefined && Object.keys(fields).length > 0) body = fields;
  return { body, files, size: raw.length };
}

/** Parses `raw` according to its content type; never throws (errors are returned in `error`). */
export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody> {
  if (raw.length === 0) return { body: undefined, files: [], size: 0 };
  const type = (contentType ?? '').toLowerCase();
  try {
    if (type.startsWith('multipart/form-data')) return await parseMultipart(raw, contentType ?? '');
    if (type.startsWith('application/json') || type === '')
      return { body: JSON.parse(raw.toString('utf8')), files: [], size: raw.length };
    return {
      body: raw.toString('utf8'),
      files: [],
      size: raw.length,
      error: `unsupported content-type ${type}`,
    };
  } catch (err) {
    return {
      body: raw.toString('utf8'),
      files: [],
      size: raw.length,
      error: `unreadable body: ${(err as Error).message}`,
    };
  }
}
