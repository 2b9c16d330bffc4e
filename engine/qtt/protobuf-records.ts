// A QTT case's PROTOBUF keys and values to topic bytes and back, as ksqlDB's harness converts
// them (a key, like a value, is the JSON object of its columns: PROTOBUF does not unwrap a single
// key): the case's JSON written as a message of the schema registered under the topic's subject
// (the case's own proto text: the message the source's SCHEMA_FULL_NAME names, else the first,
// by its field numbers and types; none registered: the source's columns' schema, registered),
// framed (Confluent's protobuf wire format) with the schema's id and the message's indexes; read
// back with the schema the frame's id names: the columns' own into the columns' JSON, another
// into the JSON of all its message's fields, as ksqlDB's harness reads them. PROTOBUF_NOSR
// records are the bare message (protobufMessage / protobufData, which record-codec.ts calls for
// them). Read objects give an empty top-level BYTES field as null, as ksqlDB's runner compares.
import { makeSerde } from '../exec/serde/serde.js';
import { registeredProto } from '../exec/serde/protobuf-registered.js';
import { frameMessage, splitMessage } from '../exec/serde/protobuf-frame.js';
import { readMessage, writeMessage } from '../exec/serde/proto-text/message-codec.js';
import { messageAt, messageNamed, sqlFieldsOf } from '../exec/serde/proto-text/proto-sql-types.js';
import { ProtoWriter } from '../exec/serde/protobuf-wire.js';
import { protobufSchemaOf } from '../exec/serde/protobuf-schema.js';
import { unframe } from '../exec/serde/confluent-wire.js';
import { subjectOf, type SchemaRegistry } from '../exec/serde/schema-registry.js';
import type { SourceDef } from '../plan/catalog.js';
import { coerceJson, fieldLookup, toJson } from '../types/values.js';
import { ExecError, RecordError } from '../errors.js';
import { emptyBytesAsNull } from './empty-bytes.js';

function codecOf(def: SourceDef, isKey: boolean): { cols: SourceDef['columns']; serde: ReturnType<typeof makeSerde> } {
  const cols = def.columns.filter((c) => (c.ns === 'KEY') === isKey);
  const serde = makeSerde({
    format: 'PROTOBUF_NOSR',
    columns: cols,
    isKey,
    wrapSingle: true,
    delimiter: ',',
    nullable: isKey ? def.keyNullable : def.valueNullable,
  });
  return { cols, serde };
}

/** The columns' own schema, as the source's writers register it. */
function ownSchema(def: SourceDef, isKey: boolean): string {
  const cols = def.columns.filter((c) => (c.ns === 'KEY') === isKey);
  return isKey
    ? protobufSchemaOf(cols, def.keyNullable, def.keySchemaFullName)
    : protobufSchemaOf(cols, def.valueNullable, def.valueSchemaFullName);
}

/** The message of a case's JSON object of the source's key or value columns (PROTOBUF_NOSR's record). */
export function protobufMessage(data: Record<string, unknown>, def: SourceDef, isKey: boolean): Buffer | null {
  const { cols, serde } = codecOf(def, isKey);
  const field = fieldLookup(data);
  return serde.serialize(cols.map((c) => coerceJson(field(c.name), c.type)));
}

/** The JSON object of the source's key or value columns a message holds. */
export function protobufData(message: Buffer, def: SourceDef, isKey: boolean): Record<string, unknown> {
  const { cols, serde } = codecOf(def, isKey);
  const row = serde.deserialize(message);
  return emptyBytesAsNull(Object.fromEntries(cols.map((c, i) => [c.name, toJson(row[i] ?? null, c.type)])), cols);
}

export function encodeProtobuf(
  data: unknown,
  def: SourceDef,
  isKey: boolean,
  registry: SchemaRegistry | undefined,
): Buffer {
  if (!registry) throw new ExecError(`topic ${def.topic}: PROTOBUF records need a Schema Registry`);
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new ExecError(`topic ${def.topic}: a PROTOBUF ${isKey ? 'key' : 'value'} must be an object of the columns`);
  const subject = subjectOf(def.topic, isKey);
  const cols = def.columns.filter((c) => (c.ns === 'KEY') === isKey);
  const own = ownSchema(def, isKey);
  const held = registry.latest(subject);
  if (!held || (held.schemaType === 'PROTOBUF' && held.schema === own)) {
    const message = protobufMessage(data as Record<string, unknown>, def, isKey) ?? Buffer.alloc(0);
    return frameMessage(held?.id ?? registry.register(subject, 'PROTOBUF', own), message);
  }
  const m = messageNamed(registeredProto(held), isKey ? def.keySchemaFullName : def.valueSchemaFullName);
  const field = fieldLookup(data as Record<string, unknown>);
  const w = new ProtoWriter();
  writeMessage(
    w,
    m,
    cols.map((c) => coerceJson(field(c.name), c.type)),
    cols,
  );
  return frameMessage(held.id, w.finish(), m.indexes);
}

export function decodeProtobuf(
  bytes: Buffer,
  def: SourceDef,
  isKey: boolean,
  registry: SchemaRegistry | undefined,
): unknown {
  const { schemaId: id, payload } = unframe(bytes, 'PROTOBUF');
  const { indexes, message } = splitMessage(payload);
  const held = registry?.byId(id);
  // without the schema (no registry given), the message is read as the columns' own
  if (!held || (held.schemaType === 'PROTOBUF' && held.schema === ownSchema(def, isKey))) {
    if (indexes.length !== 1 || indexes[0] !== 0)
      throw new RecordError(
        `topic ${def.topic}: a record of message [${indexes.join(', ')}] of schema ${id}, not of the columns' own`,
      );
    return protobufData(message, def, isKey);
  }
  // as ksqlDB's harness reads a record: every field of the writer's message, by its own name
  const m = messageAt(registeredProto(held), indexes);
  const fields = sqlFieldsOf(m, `schema ${id}`, true);
  const row = readMessage(m, message, fields);
  return emptyBytesAsNull(Object.fromEntries(fields.map((f, i) => [f.name, toJson(row[i] ?? null, f.type)])), fields);
}
