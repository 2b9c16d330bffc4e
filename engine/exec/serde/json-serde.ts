// The JSON format: values are objects keyed by column name (case-insensitive lookup on read),
// one-column keys are bare, WRAP_SINGLE_VALUE=false unwraps a one-column value.
import { PlanError, RecordError } from '../../errors.js';
import { coerceJson, fieldLookup, toJson, type Value } from '../values.js';
import type { Serde, SerdeOptions } from './serde.js';

function parse(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new RecordError(`Failed to deserialize data: invalid JSON (${(err as Error).message})`, { cause: err });
  }
}

const FLAT = new Set(['BOOLEAN', 'INTEGER', 'BIGINT', 'DOUBLE', 'DECIMAL', 'STRING', 'TIMESTAMP', 'DATE', 'TIME']);

export function jsonSerde(o: SerdeOptions): Serde {
  const cols = o.columns;
  for (const c of cols) {
    if (c.type.kind === 'MAP' && c.type.key.kind !== 'STRING') throw new PlanError('JSON only supports MAP types with STRING keys');
  }
  const unwrapped = cols.length === 1 && (o.isKey || !o.wrapSingle);
  // primitive columns serialise straight into the JSON text, skipping an intermediate object
  const flat = cols.every((c) => FLAT.has(c.type.kind));
  const prefixes = cols.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c.name)}:`);
  return {
    deserialize(bytes) {
      if (bytes === null) return cols.map(() => null);
      const doc = parse(bytes);
      if (unwrapped) return [coerceJson(doc, cols[0]!.type)];
      if (doc === null) return cols.map(() => null);
      if (typeof doc !== 'object' || Array.isArray(doc)) {
        throw new RecordError(`Failed to deserialize data: expected a JSON object with fields ${cols.map((c) => c.name).join(', ')}, got ${JSON.stringify(doc)}`);
      }
      const look = fieldLookup(doc as Record<string, unknown>);
      const out: Value[] = new Array<Value>(cols.length);
      for (let i = 0; i < cols.length; i++) out[i] = coerceJson(look(cols[i]!.name), cols[i]!.type);
      return out;
    },
    serialize(values) {
      if (cols.length === 0) return o.isKey ? null : Buffer.from('{}');
      if (unwrapped) return Buffer.from(JSON.stringify(toJson(values[0] ?? null, cols[0]!.type)));
      if (flat) {
        let s = '';
        for (let i = 0; i < cols.length; i++) s += prefixes[i]! + JSON.stringify(values[i] ?? null);
        return Buffer.from(s + '}');
      }
      const obj: Record<string, unknown> = {};
      for (let i = 0; i < cols.length; i++) obj[cols[i]!.name] = toJson(values[i] ?? null, cols[i]!.type);
      return Buffer.from(JSON.stringify(obj));
    },
  };
}
