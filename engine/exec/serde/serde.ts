// The serde contract: a format turns a row of declared columns into record bytes and back.
// Formats are JSON, KAFKA, DELIMITED, NONE, PROTOBUF_NOSR, and JSON_SR, AVRO and PROTOBUF (on a
// Schema Registry).
import { typeToString } from '../../types/sql-types.js';
import { PlanError } from '../../errors.js';
import type { Value } from '../../types/values.js';
import type { SqlType } from '../../types/sql-types.js';
import { jsonSerde } from './json-serde.js';
import { kafkaSerde } from './kafka-serde.js';
import { delimitedSerde } from './delimited-serde.js';
import { protobufSerde } from './protobuf-serde.js';
import { jsonSrSerde } from './json-sr-serde.js';
import { avroSerde } from './avro-serde.js';
import { protobufSrSerde } from './protobuf-sr-serde.js';
import type { SchemaRegistry } from './schema-registry.js';
import type { NullableRepresentation } from '../../plan/catalog.js';

export interface SerdeColumn {
  name: string;
  type: SqlType;
}

/** Serde.deferral's answers: 0 cannot defer; 1 can, some value must be read from the document;
 *  2 can, and readers may take every value as it is. */
export type Deferral = 0 | 1 | 2;

export interface Serde {
  /** Bytes to column values (in declared order); throws RecordError on unreadable input. */
  deserialize(bytes: Buffer | null): Value[];
  /** Decodes non-null bytes straight into `row` from index `at` (one slot per column), saving
   *  the intermediate array on the hot path; formats without it are read with deserialize. */
  deserializeInto?(bytes: Buffer, row: Value[], at: number): void;
  /** Column values to bytes; null when the format writes no bytes (NONE, or no columns). The
   *  columns are read from `values[from]` on (default 0), so a sink can pass its whole row. */
  serialize(values: readonly Value[], from?: number): Buffer | null;
  /** The document `serialize(values, from)`'s bytes parse back to (JSON), when it is plain data known
   *  without writing them; then writing them later cannot fail and gives the same bytes. Otherwise
   *  UNPARSED (parsed-json.ts). Lets an in-process writer defer the bytes (deferred-record.ts). */
  document?(values: readonly Value[], from?: number): unknown;
  /** Whether `document(values, from)` gives a document (is not UNPARSED), told cheaply. */
  canDefer?(values: readonly Value[], from?: number): boolean;
  /** canDefer and json-direct.ts's rowDirect over `fields`, in one pass over the values (Deferral). */
  deferral?(values: readonly Value[], from?: number): Deferral;
  /** deserializeInto from the document the bytes parse to (a writer's `document`), not the bytes. */
  documentInto?(doc: unknown, row: Value[], at: number): void;
  /** deserializeInto from the text the bytes hold in UTF-8 (a text record, text-record.ts);
   *  `record` identifies the record, so its readers parse the text once. */
  textInto?(text: string, record: object, row: Value[], at: number): void;
  /** JSON: the fields of the object its bytes hold, in order (absent for a bare value): a reader
   *  and a writer both JSON pass values between their fields directly (json-direct.ts). */
  readonly fields?: readonly SerdeColumn[];
}

export interface SerdeOptions {
  format: string;
  columns: readonly SerdeColumn[];
  isKey: boolean;
  /** WRAP_SINGLE_VALUE: false unwraps a one-column value. */
  wrapSingle: boolean;
  delimiter: string;
  /** PROTOBUF_NOSR's KEY_/VALUE_PROTOBUF_NULLABLE_REPRESENTATION (unset: proto3's zero values). */
  nullable?: NullableRepresentation | undefined;
  /** Schema Registry formats (JSON_SR, AVRO, PROTOBUF): the registry a writer registers its schema on, and
   *  the topic whose subject it registers under; an AVRO reader looks its writer's schema up on it. */
  schemaRegistry?: SchemaRegistry | undefined;
  topic?: string | undefined;
  /** AVRO: the source (stream or table) the records belong to; its key record is named after it. */
  sourceName?: string | undefined;
  /** AVRO, JSON_SR, PROTOBUF: the registered schema (KEY_/VALUE_SCHEMA_ID) a writer writes with,
   *  not its own. */
  schemaId?: number | undefined;
  /** PROTOBUF: KEY_/VALUE_SCHEMA_FULL_NAME, the message of that schema, or the own schema's name;
   *  AVRO: the full name of the own schema's record (VALUE_AVRO_SCHEMA_FULL_NAME too). */
  schemaFullName?: string | undefined;
}

export const KNOWN_FORMATS = new Set([
  'JSON',
  'KAFKA',
  'DELIMITED',
  'NONE',
  'PROTOBUF_NOSR',
  'JSON_SR',
  'AVRO',
  'PROTOBUF',
]);

export function checkFormatName(format: string): void {
  if (!KNOWN_FORMATS.has(format)) throw new PlanError(`Unknown format: ${format}`);
}

const noneSerde: Serde = { deserialize: () => [], serialize: () => null };

export function makeSerde(o: SerdeOptions): Serde {
  checkFormatName(o.format);
  switch (o.format) {
    case 'JSON':
      return jsonSerde(o);
    case 'KAFKA':
      return kafkaSerde(o);
    case 'DELIMITED':
      return delimitedSerde(o);
    case 'PROTOBUF_NOSR':
      return protobufSerde(o);
    case 'JSON_SR':
      return jsonSrSerde(o);
    case 'AVRO':
      return avroSerde(o);
    case 'PROTOBUF':
      return protobufSrSerde(o);
    default:
      if (o.columns.length > 0)
        throw new PlanError(
          `The 'NONE' format can only be used when no columns are defined. Got: [${o.columns.map((c) => `\`${c.name}\` ${typeToString(c.type)}${o.isKey ? ' KEY' : ''}`).join(', ')}]`,
        );
      return noneSerde;
  }
}
