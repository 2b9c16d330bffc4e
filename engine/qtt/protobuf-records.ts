// A QTT case's PROTOBUF keys and values to topic bytes and back, as ksqlDB's harness converts
// them (a key, like a value, is the JSON object of its columns: PROTOBUF does not unwrap a single
// key): the case's JSON written as the message of the source's columns, framed (Confluent's
// protobuf wire format) with the id of the columns' schema registered under the topic's subject;
// read back into the columns' JSON. A subject holding another schema (a case's own proto text) is
// refused by name, as is the frame of another schema. PROTOBUF_NOSR records are the bare message
// (protobufMessage / protobufData, which record-codec.ts calls for them).
import { makeSerde } from '../exec/serde/serde.js';
import { frameMessage, messageOf } from '../exec/serde/protobuf-sr-serde.js';
import { protobufSchemaOf } from '../exec/serde/protobuf-schema.js';
import { unframe } from '../exec/serde/confluent-wire.js';
import { subjectOf, type SchemaRegistry } from '../exec/serde/schema-registry.js';
import type { SourceDef } from '../plan/catalog.js';
import { coerceJson, fieldLookup, toJson } from '../types/values.js';
import { ExecError, NotSupportedError } from '../errors.js';

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

function schemaId(def: SourceDef, isKey: boolean, registry: SchemaRegistry, own: string): number {
  const subject = subjectOf(def.topic, isKey);
  const held = registry.latest(subject);
  if (!held) return registry.register(subject, 'PROTOBUF', own);
  if (held.schemaType !== 'PROTOBUF' || held.schema !== own)
    throw new NotSupportedError(
      'schema-registry-format',
      `topic ${def.topic}: ${subject} holds another schema than the columns' own PROTOBUF schema; writing records of it is not supported yet`,
    );
  return held.id;
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
  return Object.fromEntries(cols.map((c, i) => [c.name, toJson(row[i] ?? null, c.type)]));
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
  const message = protobufMessage(data as Record<string, unknown>, def, isKey) ?? Buffer.alloc(0);
  const cols = def.columns.filter((c) => (c.ns === 'KEY') === isKey);
  return frameMessage(
    schemaId(def, isKey, registry, protobufSchemaOf(cols, isKey ? def.keyNullable : def.valueNullable)),
    message,
  );
}

export function decodeProtobuf(bytes: Buffer, def: SourceDef, isKey: boolean): unknown {
  const { schemaId: id, payload } = unframe(bytes, 'PROTOBUF');
  return protobufData(messageOf(payload, id), def, isKey);
}
