// Between engine values (or a QTT case's JSON) and generic Avro data: to Avro guided by the
// writer's schema (DECIMAL to the unscaled bytes of its `decimal` logical type, a map to Connect's
// MapEntry array when the schema says so, record fields matched by name ignoring case, base64
// text to bytes), and from Avro guided by the columns' SQL types (as ksqlDB's AvroDataTranslator).
// Written with a registered schema (`registered`), a record field takes its value as a Connect
// Struct of that schema gives it: a null or absent value its default; absent and without one,
// null if the field is nullable, else the record fails (as ksqlDB's AvroSRSchemaDataTranslator).
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

function nullable(s: AvroSchema): boolean {
  if (Array.isArray(s)) return s.some(nullable);
  return s === 'null' || (typeof s === 'object' && s.type === 'null');
}

type AvroField = NonNullable<AvroObject['fields']>[number];

/** A registered record's field value from `got` (undefined: the data has no such field). */
function registeredField(f: AvroField, got: unknown, types: AvroTypes, where: string): unknown {
  const hasDefault = f.default !== undefined && f.default !== null;
  if (got !== undefined && got !== null) return got;
  if (hasDefault) {
    // Avro writes a bytes default as the string of its ISO-8859-1 characters
    const t = types.resolve(nonNullAvro(f.type, where));
    const raw = avroTypeName(t) === 'bytes' || avroTypeName(t) === 'fixed';
    return raw && typeof f.default === 'string' ? Buffer.from(f.default, 'latin1') : f.default;
  }
  if (nullable(f.type)) return null;
  throw new RecordError(
    got === undefined
      ? `Missing default value for required Avro field: [${f.name}]. This field appears in Avro schema in Schema Registry`
      : `Invalid value: null used for required field: "${f.name}", schema type: ${avroTypeName(types.resolve(f.type)).toUpperCase()}`,
  );
}

/** `v` as the Avro data `schema` holds (null stays null; a union takes its non-null branch);
 *  `registered`: fields filled as a Struct of a registered schema fills them (see the header). */
export function toAvro(v: unknown, schema: AvroSchema, types: AvroTypes, where: string, registered = false): AvroDatum {
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
          key: toAvro(key, k!.type, types, `${where}.key`, registered),
          value: toAvro(value, x!.type, types, `${where}.value`, registered),
        }));
      }
      if (!Array.isArray(v)) throw new RecordError(`Avro: ${where} needs an array, got ${JSON.stringify(v)}`);
      return v.map((x, i) => toAvro(x, o!.items!, types, `${where}[${i}]`, registered));
    }
    case 'map': {
      if (!isObject(v)) throw new RecordError(`Avro: ${where} needs a map, got ${JSON.stringify(v)}`);
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k, toAvro(x, o!.values!, types, `${where}.${k}`, registered)]),
      );
    }
    case 'record': {
      if (!isObject(v)) throw new RecordError(`Avro: ${where} needs a record, got ${JSON.stringify(v)}`);
      const out: { [k: string]: AvroDatum } = {};
      for (const f of o!.fields ?? []) {
        const got = member(v, f.name);
        const at = `${where}.${f.name}`;
        const value = registered ? registeredField(f, got, types, at) : got === undefined ? (f.default ?? null) : got;
        out[f.name] = toAvro(value, f.type, types, at, registered);
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
