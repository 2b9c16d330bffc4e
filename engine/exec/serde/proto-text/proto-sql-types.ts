// The SQL types of a proto3 message's fields, as ksqlDB maps them (Confluent's
// ProtobufData.toConnectSchema, then ksqlDB's Connect-to-SQL types): int32, sint32 and sfixed32
// INT; int64, sint64, sfixed64, uint64 and the unsigned 32-bit uint32 and fixed32 BIGINT; float
// and double DOUBLE; bool BOOLEAN; string and enums STRING; bytes BYTES; google.protobuf
// wrappers their primitive; Timestamp, Date, TimeOfDay and confluent.type.Decimal TIMESTAMP,
// DATE, TIME and DECIMAL; other messages STRUCT; repeated ARRAY; map MAP; each oneof one STRUCT
// field `<oneof>_<index>` of its members, the oneofs first (in declaration order), then the other
// fields, as ProtobufData orders them. Also which message of a schema a record or a
// SCHEMA_FULL_NAME names.
import { NotSupportedError, PlanError, RecordError } from '../../../errors.js';
import { T, type SqlType, type StructField } from '../../../types/sql-types.js';
import type { ProtoField, ProtoMessage, ProtoScalar, ProtoSchema, ProtoType } from './proto-descriptor.js';

const SCALAR_TYPES: Record<ProtoScalar, SqlType> = {
  double: T.DOUBLE,
  float: T.DOUBLE,
  int32: T.INTEGER,
  sint32: T.INTEGER,
  sfixed32: T.INTEGER,
  int64: T.BIGINT,
  sint64: T.BIGINT,
  sfixed64: T.BIGINT,
  uint32: T.BIGINT,
  fixed32: T.BIGINT,
  uint64: T.BIGINT,
  fixed64: T.BIGINT,
  bool: T.BOOLEAN,
  string: T.STRING,
  bytes: T.BYTES,
};

/** One SQL field of a message: a proto field, or a oneof's members gathered in one STRUCT. */
export type MessageMember =
  { kind: 'field'; name: string; field: ProtoField } | { kind: 'oneof'; name: string; fields: ProtoField[] };

/** The message's SQL fields in order: a STRUCT per oneof of its members, then the other fields. */
export function membersOf(m: ProtoMessage): MessageMember[] {
  const oneofs: MessageMember[] = m.oneofs.map((name, index) => ({
    kind: 'oneof',
    name: `${name}_${index}`,
    fields: m.fields.filter((f) => f.oneof === index),
  }));
  const fields: MessageMember[] = m.fields
    .filter((f) => f.oneof === undefined)
    .map((f) => ({ kind: 'field', name: f.name, field: f }));
  return [...oneofs, ...fields];
}

class Mapper {
  private readonly open: string[] = [];

  constructor(
    private readonly where: string,
    private readonly name: (n: string) => string,
  ) {}

  type(t: ProtoType): SqlType {
    switch (t.kind) {
      case 'scalar':
      case 'wrapper':
        return SCALAR_TYPES[t.scalar];
      case 'enum':
        return T.STRING;
      case 'timestamp':
        return T.TIMESTAMP;
      case 'date':
        return T.DATE;
      case 'time':
        return T.TIME;
      case 'decimal':
        return T.decimal(t.precision, t.scale);
      case 'map':
        return T.map(SCALAR_TYPES[t.key], this.type(t.value));
      case 'message':
        return this.struct(t.message);
    }
  }

  field(f: ProtoField): SqlType {
    const t = this.type(f.type);
    return f.repeated && f.type.kind !== 'map' ? T.array(t) : t;
  }

  struct(m: ProtoMessage): SqlType {
    if (this.open.includes(m.fullName))
      throw new NotSupportedError(
        'protobuf-schema',
        `${this.where} ${m.at.line}:${m.at.col}: message ${m.fullName} contains itself (${[...this.open, m.fullName].join(' -> ')}): recursive messages have no SQL type`,
      );
    this.open.push(m.fullName);
    const fields: StructField[] = membersOf(m).map((x) => ({
      name: this.name(x.name),
      type:
        x.kind === 'field'
          ? this.field(x.field)
          : T.struct(x.fields.map((f) => ({ name: this.name(f.name), type: this.field(f) }))),
    }));
    this.open.pop();
    return T.struct(fields);
  }
}

/** The SQL fields of message `m`; `keepNames` false upper-cases them (as inference without an id does). */
export function sqlFieldsOf(m: ProtoMessage, where: string, keepNames: boolean): StructField[] {
  const t = new Mapper(where, keepNames ? (n) => n : (n) => n.toUpperCase()).struct(m);
  return t.kind === 'STRUCT' ? t.fields : [];
}

/** The message a SCHEMA_FULL_NAME names (package-qualified), else the schema's first message. */
export function messageNamed(schema: ProtoSchema, fullName: string | undefined): ProtoMessage {
  if (fullName === undefined) return schema.messages[0]!;
  const found = schema.byName.get(fullName.replace(/^\./, ''));
  if (!found)
    throw new PlanError(
      `${schema.where}: the schema has no message ${fullName} (it has ${[...schema.byName.keys()].join(', ')})`,
    );
  return found;
}

/** The message Confluent's message indexes name ([] and [0] are the first top-level message). */
export function messageAt(schema: ProtoSchema, indexes: readonly number[]): ProtoMessage {
  const path = indexes.length === 0 ? [0] : indexes;
  const found = schema.messages.find(
    (m) => m.indexes.length === path.length && m.indexes.every((x, i) => x === path[i]),
  );
  if (!found)
    throw new RecordError(`Failed to deserialize data: ${schema.where} has no message at indexes [${path.join(', ')}]`);
  return found;
}
