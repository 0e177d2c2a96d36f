/**
 * Decoding of the Kubernetes protobuf encoding (`application/vnd.kubernetes.protobuf`),
 * which kubectl's typed clients use for `kubectl create deployment|service|namespace|…`.
 * Only the fields those generators send are described; unknown fields are skipped.
 */

import { type FieldType, f, KINDS, type Schema } from './protobuf-schemas.js';
import { badRequest } from './status.js';

class Reader {
  i = 0;
  constructor(readonly b: Buffer) {}
  varint(): bigint {
    let r = 0n;
    let s = 0n;
    for (;;) {
      const x = this.b[this.i++];
      if (x === undefined) throw badRequest('truncated protobuf message');
      r |= BigInt(x & 0x7f) << s;
      s += 7n;
      if (!(x & 0x80)) return r;
    }
  }
  bytes(): Buffer {
    const n = Number(this.varint());
    const out = this.b.subarray(this.i, this.i + n);
    this.i += n;
    return out;
  }
}

function decodeValue(type: FieldType, wire: number, r: Reader): unknown {
  if (type === 'int' || type === 'bool') {
    const v = wire === 0 ? r.varint() : 0n;
    return type === 'bool' ? v !== 0n : Number(BigInt.asIntN(64, v));
  }
  const raw = r.bytes();
  if (type === 'string') return raw.toString('utf8');
  if (type === 'bytes') return raw.toString('base64');
  if (type === 'time') {
    const t = decodeMessage(raw, { 1: f('seconds', 'int'), 2: f('nanos', 'int') }) as { seconds?: number };
    return t.seconds ? new Date(t.seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
  }
  if (type === 'intstr') {
    const v = decodeMessage(raw, {
      1: f('type', 'int'),
      2: f('intVal', 'int', { keepZero: true }),
      3: f('strVal', 'string'),
    }) as { type?: number; intVal?: number; strVal?: string };
    return v.type === 1 ? (v.strVal ?? '') : (v.intVal ?? 0);
  }
  if (type === 'quantity')
    return (decodeMessage(raw, { 1: f('string', 'string') }) as { string?: string }).string;
  return decodeMessage(raw, type);
}

function decodeMessage(buf: Buffer, schema: Schema): Record<string, unknown> {
  const r = new Reader(buf);
  const out: Record<string, unknown> = {};
  while (r.i < buf.length) {
    const key = Number(r.varint());
    const num = key >> 3;
    const wire = key & 7;
    const field = schema[num];
    if (!field) {
      if (wire === 0) r.varint();
      else if (wire === 2) r.bytes();
      else if (wire === 1) r.i += 8;
      else if (wire === 5) r.i += 4;
      else throw badRequest(`unsupported protobuf wire type ${wire}`);
      continue;
    }
    if (field.map) {
      const entry = decodeMessage(r.bytes(), {
        1: f('key', 'string'),
        2: f('value', field.type, { keepZero: true }),
      });
      out[field.name] ??= {};
      const m = out[field.name] as Record<string, unknown>;
      m[String(entry.key ?? '')] = entry.value ?? '';
      continue;
    }
    const v = decodeValue(field.type, wire, r);
    if (field.repeated) {
      out[field.name] ??= [];
      (out[field.name] as unknown[]).push(v);
    } else if (v === undefined || v === '' || ((v === 0 || v === false) && !field.keepZero)) continue;
    else if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0)
      continue;
    else out[field.name] = v;
  }
  return out;
}

/** Decodes a `k8s\0`-prefixed protobuf body into the JSON form of the object. */
export function decodeKubeProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || body.subarray(0, 4).toString('latin1') !== 'k8s\u0000')
    throw badRequest('the protobuf body lacks the k8s magic prefix');
  const unknown = decodeMessage(body.subarray(4), {
    1: f('typeMeta', { 1: f('apiVersion', 'string'), 2: f('kind', 'string') }),
    2: f('raw', 'bytes'),
  }) as { typeMeta?: { apiVersion?: string; kind?: string }; raw?: string };
  const apiVersion = unknown.typeMeta?.apiVersion ?? '';
  const kind = unknown.typeMeta?.kind ?? '';
  const schema = KINDS[`${apiVersion}/${kind}`];
  if (!schema) throw new UnsupportedProtobufKind(`${apiVersion}/${kind}`);
  const obj = decodeMessage(Buffer.from(unknown.raw ?? '', 'base64'), schema);
  if (kind === 'Ingress') inlineRuleValues(obj);
  return { apiVersion, kind, ...obj };
}

/** Thrown for a protobuf body of a kind this decoder does not describe (answered with 415). */
export class UnsupportedProtobufKind extends Error {
  override readonly name = 'UnsupportedProtobufKind';
}

/** Moves each Ingress rule's `ingressRuleValue.http` up to `http`, as the JSON form has it. */
function inlineRuleValues(obj: Record<string, unknown>): void {
  const spec = obj.spec as { rules?: Record<string, unknown>[] } | undefined;
  for (const rule of spec?.rules ?? []) {
    const value = rule.ingressRuleValue as Record<string, unknown> | undefined;
    delete rule.ingressRuleValue;
    if (value) Object.assign(rule, value);
  }
}
