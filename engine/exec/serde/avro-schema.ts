// The Avro schema ksqlDB registers for an AVRO record of declared columns (Connect's AvroData
// form: record `io.confluent.ksql.avro_schemas.KsqlDataSourceSchema`, or the full name a
// KEY_/VALUE_SCHEMA_FULL_NAME (VALUE_AVRO_SCHEMA_FULL_NAME) gives, split at its last dot into
// namespace and name; nested records named `<parent>_<FIELD>` in the same namespace, every
// field a union with null first and `default: null`, DECIMAL bytes with logicalType decimal
// and connect.parameters, DATE/TIME/TIMESTAMP logical types, a map an array of MapEntry
// records), and the SQL types a registered Avro schema declares.
import { PlanError } from '../../errors.js';
import { T, type SqlType } from '../../types/sql-types.js';
import { avroTypeName, collectNames, type AvroSchema } from './avro-binary.js';
import type { SerdeColumn } from './serde.js';

export const AVRO_NAMESPACE = 'io.confluent.ksql.avro_schemas';
export const AVRO_RECORD = 'KsqlDataSourceSchema';

type Obj = Exclude<AvroSchema, string | AvroSchema[]>;

function logical(type: string, name: string, logicalType: string): Obj {
  return { type, 'connect.version': 1, 'connect.name': `org.apache.kafka.connect.data.${name}`, logicalType };
}

function optional(s: AvroSchema): AvroSchema[] {
  return ['null', s];
}

function typeSchema(t: SqlType, name: string, ns: string): AvroSchema {
  switch (t.kind) {
    case 'BOOLEAN':
      return 'boolean';
    case 'INTEGER':
      return 'int';
    case 'BIGINT':
      return 'long';
    case 'DOUBLE':
      return 'double';
    case 'STRING':
      return 'string';
    case 'BYTES':
      return 'bytes';
    case 'DECIMAL':
      return {
        type: 'bytes',
        scale: t.scale,
        precision: t.precision,
        'connect.version': 1,
        'connect.parameters': { scale: String(t.scale), 'connect.decimal.precision': String(t.precision) },
        'connect.name': 'org.apache.kafka.connect.data.Decimal',
        logicalType: 'decimal',
      };
    case 'TIMESTAMP':
      return logical('long', 'Timestamp', 'timestamp-millis');
    case 'DATE':
      return logical('int', 'Date', 'date');
    case 'TIME':
      return logical('int', 'Time', 'time-millis');
    case 'ARRAY':
      return { type: 'array', items: optional(typeSchema(t.item, name, ns)) };
    case 'MAP':
      if (t.key.kind !== 'STRING') throw new PlanError('Avro only supports MAPs with STRING keys');
      return {
        type: 'array',
        items: {
          type: 'record',
          name: `${name}_MapEntry`,
          fields: [
            { name: 'key', type: optional(typeSchema(t.key, `${name}_key`, ns)), default: null },
            { name: 'value', type: optional(typeSchema(t.value, `${name}_value`, ns)), default: null },
          ],
          'connect.internal.type': 'MapEntry',
          'connect.name': qualified(ns, `${name}_MapEntry`),
        },
      };
    case 'STRUCT':
      return recordSchema(name, ns, t.fields);
    default:
      throw new PlanError(`AVRO cannot hold a value of type ${t.kind}`);
  }
}

/** Refuses a field name Avro cannot hold, as Avro's Schema.validateName words it. */
function checkName(name: string): void {
  if (!/^[A-Za-z_]/.test(name))
    throw new PlanError(`Schema is not compatible with Avro: Illegal initial character: ${name}`);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw new PlanError(`Schema is not compatible with Avro: Illegal character in: ${name}`);
}

function qualified(ns: string, name: string): string {
  return ns === '' ? name : `${ns}.${name}`;
}

function recordSchema(name: string, ns: string, cols: readonly SerdeColumn[], top = false): Obj {
  cols.forEach((c) => checkName(c.name));
  return {
    type: 'record',
    name,
    ...(top && ns !== '' ? { namespace: ns } : {}),
    fields: cols.map((c) => ({
      name: c.name,
      type: optional(typeSchema(c.type, `${name}_${c.name}`, ns)),
      default: null,
    })),
    'connect.name': qualified(ns, name),
  };
}

/** The name ksqlDB gives a source's key record: its name in upper camel case, then `Key`
 *  (`LEFT_TABLE` → `LeftTableKey`), as Guava's UPPER_UNDERSCORE to UPPER_CAMEL turns it. */
export function avroKeyName(source: string): string {
  const camel = source
    .split('_')
    .map((w) => (w === '' ? '' : w[0]!.toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
  return `${camel}Key`;
}

/** The schema of a record holding `cols`: a record of them, named `fullName` when given, else
 *  ksqlDB's default (a key's after its source when known), or the one column's type when
 *  unwrapped: nullable, unless a record. */
export function avroSchemaOf(
  cols: readonly SerdeColumn[],
  unwrapped: boolean,
  isKey = false,
  source?: string,
  fullName?: string,
): AvroSchema {
  const full = fullName ?? `${AVRO_NAMESPACE}.${isKey && source !== undefined ? avroKeyName(source) : AVRO_RECORD}`;
  const dot = full.lastIndexOf('.');
  const ns = dot < 0 ? '' : full.slice(0, dot);
  const name = full.slice(dot + 1);
  if (unwrapped && cols.length === 1) {
    const t = cols[0]!.type;
    // a record at the top is no union with null (a key's null is no record at all)
    return t.kind === 'STRUCT' ? recordSchema(name, ns, t.fields, true) : optional(typeSchema(t, name, ns));
  }
  return recordSchema(name, ns, cols, true);
}

/** The schema without its null branch (a union of null and one type is that type). */
export type AvroObject = Obj;

/** A registered Avro schema's text parsed (a primitive may be registered as its bare name). */
export function parseAvroSchema(text: string): AvroSchema {
  try {
    return JSON.parse(text) as AvroSchema;
  } catch {
    if (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(text)) return text;
    throw new PlanError(`not an Avro schema: ${text.slice(0, 80)}`);
  }
}

export function nonNullAvro(s: AvroSchema, where: string): AvroSchema {
  if (!Array.isArray(s)) return s;
  const rest = s.filter((b) => b !== 'null' && !(typeof b === 'object' && !Array.isArray(b) && b.type === 'null'));
  if (rest.length === 1) return nonNullAvro(rest[0]!, where);
  throw new PlanError(`AVRO schema: ${where} is a union of ${rest.length} non-null types, which has no SQL type`);
}

/** Whether an Avro array schema is Connect's form of a map (an array of key/value records). */
export function isMapEntryArray(s: Obj, resolve: (s: AvroSchema) => AvroSchema): boolean {
  if (s.type !== 'array' || s.items === undefined) return false;
  const it = resolve(s.items);
  if (typeof it !== 'object' || Array.isArray(it) || it.type !== 'record') return false;
  const names = (it.fields ?? []).map((f) => f.name);
  return names.length === 2 && names[0] === 'key' && names[1] === 'value';
}

/** SQL types of Avro schemas, with the named types of the schema they come from resolved. */
export class AvroTypes {
  private readonly names = new Map<string, AvroSchema>();

  constructor(root: AvroSchema) {
    collectNames(root, this.names);
  }

  /** A schema node with a name reference or a wrapped `type` resolved to its definition. */
  resolve(s: AvroSchema): AvroSchema {
    if (typeof s === 'string') return this.names.get(s) ?? s;
    if (!Array.isArray(s) && typeof s.type !== 'string') return { ...s, ...this.asObj(this.resolve(s.type)) };
    return s;
  }

  private asObj(s: AvroSchema): Obj {
    return typeof s === 'string' || Array.isArray(s) ? { type: s } : s;
  }

  /** The SQL type of an Avro schema (Connect's AvroData, then ksqlDB's conversion). `keepNames`:
   *  record fields as named; otherwise upper-cased, as ksqlDB infers from a subject's latest. */
  sqlType(raw: AvroSchema, where: string, keepNames: boolean): SqlType {
    const s = this.resolve(nonNullAvro(raw, where));
    const type = avroTypeName(s);
    const o = typeof s === 'object' && !Array.isArray(s) ? s : undefined;
    const lt = o?.logicalType;
    switch (type) {
      case 'boolean':
        return T.BOOLEAN;
      case 'int':
        if (lt === 'date') return T.DATE;
        if (lt === 'time-millis') return T.TIME;
        return T.INTEGER;
      case 'long':
        return lt === 'timestamp-millis' ? T.TIMESTAMP : T.BIGINT;
      case 'float':
      case 'double':
        return T.DOUBLE;
      case 'string':
      case 'enum':
        return T.STRING;
      case 'bytes':
      case 'fixed':
        if (lt === 'decimal') return T.decimal(Number(o!['precision'] ?? 64), Number(o!['scale'] ?? 0));
        return T.BYTES;
      case 'array': {
        if (isMapEntryArray(o!, (x) => this.resolve(x))) {
          const entry = this.resolve(o!.items!) as Obj;
          const [k, v] = entry.fields!;
          return T.map(
            this.sqlType(k!.type, `${where}.key`, keepNames),
            this.sqlType(v!.type, `${where}.value`, keepNames),
          );
        }
        return T.array(this.sqlType(o!.items!, `${where}[]`, keepNames));
      }
      case 'map':
        return T.map(T.STRING, this.sqlType(o!.values!, `${where}{}`, keepNames));
      case 'record':
        return T.struct(this.columns(o!, where, keepNames));
      default:
        throw new PlanError(`AVRO schema: ${where} has no SQL type (type ${JSON.stringify(type)})`);
    }
  }

  columns(rec: Obj, where: string, keepNames: boolean): SerdeColumn[] {
    return (rec.fields ?? []).map((f) => ({
      name: keepNames ? f.name : f.name.toUpperCase(),
      type: this.sqlType(f.type, `${where}.${f.name}`, keepNames),
    }));
  }

  /** Whether the schema (without its null branch) is a record. */
  isRecord(s: AvroSchema, where: string): boolean {
    return avroTypeName(this.resolve(nonNullAvro(s, where))) === 'record';
  }
}
