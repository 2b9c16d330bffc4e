// Between engine values (or a QTT case's JSON) and generic Avro data: to Avro guided by the
// writer's schema (DECIMAL to the unscaled bytes of its `decimal` logical type, a map to Connect's
// MapEntry array when the schema says so, record fields matched by name ignoring case, base64
// text to bytes), and from Avro guided by the columns' SQL types (as ksqlDB's AvroDataTranslator).
import { RecordError } from '../../errors.js';
import { normLong } from '../../types/long.js';
import type { SqlType } from '../../types/sql-types.js';
import type { Value } from '../../types/values.js';
import { avroTypeName, type AvroDatum, type AvroSchema } from './avro-binary.js';
import { isMapEntryArray, nonNullAvro, type AvroObject, type AvroTypes } from './avro-schema.js';
import { decimalBytes, decimalOf } from './decimal-bytes.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v);
}

/** The member of `o` named `name`, matched exactly first, then ignoring case. */
export function member(o: Record<string, unknown>, name: string): unknown {
  if (name in o) return o[name];
  const up = name.toUpperCase();
  for (const k of Object.keys(o)) if (k.toUpperCase() === up) return o[k];
  return undefined;
}

/** `v` as the Avro data `schema` holds (null stays null; a union takes its non-null branch). */
export function toAvro(v: unknown, schema: AvroSchema, types: AvroTypes, where: string): AvroDatum {
  if (v === null || v === undefined) return null;
  const s = types.resolve(nonNullAvro(schema, where));
  const o: AvroObject | undefined = typeof s === 'object' && !Array.isArray(s) ? s : undefined;
  const type = avroTypeName(s);
  switch (type) {
    case 'int':
    case 'long':
      if (typeof v === 'string' && /^-?\d+$/.test(v)) return normLong(BigInt(v));
      return v as AvroDatum;
    case 'float':
    case 'double':
      return typeof v === 'string' ? Number(v) : (v as AvroDatum);
    case 'bytes':
    case 'fixed':
      if (o?.logicalType === 'decimal') return decimalBytes(Number(v), Number(o['scale'] ?? 0));
      return Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'base64');
    case 'string':
    case 'enum':
      return typeof v === 'string' ? v : JSON.stringify(v);
    case 'array': {
      if (isMapEntryArray(o!, (x) => types.resolve(x))) {
        if (!isObject(v)) throw new RecordError(`Avro: ${where} needs a map, got ${JSON.stringify(v)}`);
        const entry = types.resolve(o!.items!) as AvroObject;
        const [k, x] = entry.fields!;
        return Object.entries(v).map(([key, value]) => ({
          key: toAvro(key, k!.type, types, `${where}.key`),
          value: toAvro(value, x!.type, types, `${where}.value`),
        }));
      }
      if (!Array.isArray(v)) throw new RecordError(`Avro: ${where} needs an array, got ${JSON.stringify(v)}`);
      return v.map((x, i) => toAvro(x, o!.items!, types, `${where}[${i}]`));
    }
    case 'map': {
      if (!isObject(v)) throw new RecordError(`Avro: ${where} needs a map, got ${JSON.stringify(v)}`);
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toAvro(x, o!.values!, types, `${where}.${k}`)]));
    }
    case 'record': {
      if (!isObject(v)) throw new RecordError(`Avro: ${where} needs a record, got ${JSON.stringify(v)}`);
      const out: { [k: string]: AvroDatum } = {};
      for (const f of o!.fields ?? []) {
        const got = member(v, f.name);
        out[f.name] = toAvro(got === undefined ? (f.default ?? null) : got, f.type, types, `${where}.${f.name}`);
      }
      return out;
    }
    default:
      return v as AvroDatum;
  }
}

/** Avro data as the engine value of SQL type `t`. */
export function fromAvro(d: AvroDatum, t: SqlType, where: string): Value {
  if (d === null) return null;
  switch (t.kind) {
    case 'BIGINT':
      return typeof d === 'bigint' ? normLong(d) : Number(d);
    case 'INTEGER':
    case 'DOUBLE':
    case 'TIMESTAMP':
    case 'DATE':
    case 'TIME':
      return typeof d === 'bigint' ? Number(d) : Number(d);
    case 'BOOLEAN':
      return Boolean(d);
    case 'STRING':
      return typeof d === 'string' ? d : String(d);
    case 'BYTES':
      return d as Buffer;
    case 'DECIMAL':
      return Buffer.isBuffer(d) ? decimalOf(d, t.scale) : Number(d);
    case 'ARRAY':
      if (!Array.isArray(d)) throw new RecordError(`Avro: ${where} is no array`);
      return d.map((x, i) => fromAvro(x, t.item, `${where}[${i}]`));
    case 'MAP': {
      const out: { [k: string]: Value } = {};
      if (Array.isArray(d)) {
        for (const e of d as Array<{ key: AvroDatum; value: AvroDatum }>)
          out[String(e.key)] = fromAvro(e.value, t.value, `${where}.value`);
      } else
        for (const [k, x] of Object.entries(d as object)) out[k] = fromAvro(x as AvroDatum, t.value, `${where}.${k}`);
      return out;
    }
    case 'STRUCT': {
      if (!isObject(d)) throw new RecordError(`Avro: ${where} is no record`);
      const out: { [k: string]: Value } = {};
      for (const f of t.fields)
        out[f.name] = fromAvro((member(d, f.name) ?? null) as AvroDatum, f.type, `${where}.${f.name}`);
      return out;
    }
    default:
      throw new RecordError(`Avro: ${where}: no engine value of type ${t.kind}`);
  }
}
