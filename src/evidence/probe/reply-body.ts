import { parseHost, parseMessage } from './parse-host.js';

/** What a 2xx reply body says: the answering host and, when it has one, its message. */
export interface BodyFacts {
  host: string;
  message: string | undefined;
}

// Each backend sends the same body again and again, so a body is read once and remembered
// (the lab's non-JSON reply costs two failed JSON.parse calls). Bounded: cleared when full.
const MAX_REMEMBERED = 512;
const MAX_REMEMBERED_LENGTH = 4096;
const remembered = new Map<string, BodyFacts>();

/** Host and message of a (possibly cut) reply body, decoded as UTF-8. */
export function describeBody(bytes: Buffer): BodyFacts {
  const body = bytes.toString('utf8');
  const known = remembered.get(body);
  if (known !== undefined) return known;
  const facts: BodyFacts = { host: parseHost(body), message: parseMessage(body) };
  if (body.length <= MAX_REMEMBERED_LENGTH) {
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(body, facts);
  }
  return facts;
}
