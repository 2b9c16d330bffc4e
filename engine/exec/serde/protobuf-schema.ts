// The proto3 schema text ksqlDB's PROTOBUF format registers for a row of columns, as Confluent's
// ProtobufData.fromConnectSchema writes it: `syntax = "proto3";`, one message `ConnectDefault1`
// with a field per column numbered 1..n in column order (INTEGER int32, BIGINT int64, DOUBLE
// double, BOOLEAN bool, STRING string, BYTES bytes, DECIMAL confluent.type.Decimal, DATE
// google.type.Date, TIME google.type.TimeOfDay, TIMESTAMP google.protobuf.Timestamp), STRUCTs as
// nested messages ConnectDefault2, 3, ... (a SCHEMA_FULL_NAME names the top message and its
// package) and ARRAYs repeated fields; MAPs as repeated
// `<Field>Entry` messages; OPTIONAL nullable representation marks primitives `optional`, WRAPPER
// types them google.protobuf.*Value. protobuf-sr-serde.ts registers it and reads records of it.
import { PlanError } from '../../errors.js';
import { typeToString, type SqlType } from '../../types/sql-types.js';
import type { SerdeColumn } from './serde.js';
import type { NullableRepresentation } from '../../plan/catalog.js';

const SCALAR_NAMES: Partial<Record<SqlType['kind'], string>> = {
  INTEGER: 'int32',
  BIGINT: 'int64',
  DOUBLE: 'double',
  BOOLEAN: 'bool',
  STRING: 'string',
  BYTES: 'bytes',
  DECIMAL: 'confluent.type.Decimal',
  DATE: 'google.type.Date',
  TIME: 'google.type.TimeOfDay',
  TIMESTAMP: 'google.protobuf.Timestamp',
};

const IMPORTS: Partial<Record<SqlType['kind'], string>> = {
  DECIMAL: 'confluent/type/decimal.proto',
  DATE: 'google/type/date.proto',
  TIME: 'google/type/timeofday.proto',
  TIMESTAMP: 'google/protobuf/timestamp.proto',
};

const WRAPPERS: Partial<Record<SqlType['kind'], string>> = {
  INTEGER: 'google.protobuf.Int32Value',
  BIGINT: 'google.protobuf.Int64Value',
  DOUBLE: 'google.protobuf.DoubleValue',
  BOOLEAN: 'google.protobuf.BoolValue',
  STRING: 'google.protobuf.StringValue',
  BYTES: 'google.protobuf.BytesValue',
};

class Writer {
  private next = 1;
  readonly imports = new Set<string>();

  constructor(private readonly nullable: NullableRepresentation | undefined) {}

  /** The message `name` with `fields`, its nested messages inside it, indented by `pad`. */
  message(name: string, fields: readonly SerdeColumn[], pad: string): string {
    const nested: string[] = [];
    const lines = fields.map((f, i) => `${pad}  ${this.fieldType(f, pad + '  ', nested)} ${f.name} = ${i + 1};`);
    return `${pad}message ${name} {\n${[...nested, ...lines].join('\n')}\n${pad}}\n`;
  }

  private typeName(t: SqlType, field: string, pad: string, nested: string[]): string {
    const wrapper = this.nullable === 'WRAPPER' ? WRAPPERS[t.kind] : undefined;
    if (wrapper) {
      this.imports.add('google/protobuf/wrappers.proto');
      return wrapper;
    }
    const scalar = SCALAR_NAMES[t.kind];
    if (scalar) {
      const imp = IMPORTS[t.kind];
      if (imp) this.imports.add(imp);
      return scalar;
    }
    if (t.kind === 'STRUCT') {
      const name = `ConnectDefault${++this.next}`;
      nested.push(this.message(name, t.fields, pad).trimEnd());
      return name;
    }
    if (t.kind === 'MAP') {
      const name = `${field.charAt(0).toUpperCase()}${field.slice(1)}Entry`;
      const entry = [
        { name: 'key', type: t.key },
        { name: 'value', type: t.value },
      ];
      nested.push(this.message(name, entry, pad).trimEnd());
      return name;
    }
    throw new PlanError(`The 'PROTOBUF' format does not support type ${typeToString(t)} (field ${field})`);
  }

  private fieldType(f: SerdeColumn, pad: string, nested: string[]): string {
    if (f.type.kind === 'ARRAY') return `repeated ${this.typeName(f.type.item, f.name, pad, nested)}`;
    if (f.type.kind === 'MAP') return `repeated ${this.typeName(f.type, f.name, pad, nested)}`;
    const name = this.typeName(f.type, f.name, pad, nested);
    return this.nullable === 'OPTIONAL' && WRAPPERS[f.type.kind] ? `optional ${name}` : name;
  }
}

/** The proto3 text of the columns' message; `nullable` is the *_PROTOBUF_NULLABLE_REPRESENTATION;
 *  `fullName` (KEY_/VALUE_SCHEMA_FULL_NAME) names the message, its dotted prefix the package. */
export function protobufSchemaOf(
  columns: readonly SerdeColumn[],
  nullable?: NullableRepresentation,
  fullName?: string,
): string {
  const w = new Writer(nullable);
  const dot = fullName?.lastIndexOf('.') ?? -1;
  const name = fullName === undefined ? 'ConnectDefault1' : fullName.slice(dot + 1);
  const pkg = fullName !== undefined && dot > 0 ? `package ${fullName.slice(0, dot)};\n\n` : '';
  const body = w.message(name, columns, '');
  const imports = [...w.imports].sort().map((i) => `import "${i}";\n`);
  return `syntax = "proto3";\n\n${pkg}${imports.length ? imports.join('') + '\n' : ''}${body}`;
}
