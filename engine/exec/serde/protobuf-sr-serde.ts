// The PROTOBUF format (with the Schema Registry): proto3 messages in Confluent's protobuf wire
// format: magic byte 0, the 4-byte schema id, the message-indexes array (protobuf-frame.ts), then
// the message. A writer registers the columns' schema (protobuf-schema.ts) under the topic's
// subject on its first record and writes with protobuf-serde.ts's codec (fields 1..n in column
// order), or, given a KEY_/VALUE_SCHEMA_ID, writes the registered schema's message
// (protobuf-registered.ts). A reader reads a record with the schema its id names (an id the
// registry does not hold, or no registry: a RecordError, the record is logged): the columns' own
// schema with that codec, any other proto schema parsed (proto-text/) and read by its field
// numbers and types, the message the record's indexes name, its fields matched to the columns
// by name.
import { ExecError, NotSupportedError, PlanError, RecordError } from '../../errors.js';
import type { SqlType } from '../../types/sql-types.js';
import type { Value } from '../../types/values.js';
import { unframe } from './confluent-wire.js';
import { frameMessage, splitMessage } from './protobuf-frame.js';
import { readMessage } from './proto-text/message-codec.js';
import { messageAt } from './proto-text/proto-sql-types.js';
import { registeredProto, registeredWriter } from './protobuf-registered.js';
import type { ProtoSchema } from './proto-text/proto-descriptor.js';
import { protobufSchemaOf } from './protobuf-schema.js';
import { protobufSerde } from './protobuf-serde.js';
import { subjectOf } from './schema-registry.js';
import type { Serde, SerdeOptions } from './serde.js';

/** ksqlDB's PROTOBUF format refuses MAPs whose keys are not STRING (ksql issue 6177). */
function checkMapKeys(types: readonly SqlType[]): void {
  for (const t of types) {
    if (t.kind === 'MAP') {
      if (t.key.kind !== 'STRING') throw new PlanError('PROTOBUF format only supports MAP types with STRING keys');
      checkMapKeys([t.value]);
    } else if (t.kind === 'ARRAY') checkMapKeys([t.item]);
    else if (t.kind === 'STRUCT') checkMapKeys(t.fields.map((f) => f.type));
  }
}

export function protobufSrSerde(o: SerdeOptions): Serde {
  if (o.topic !== undefined && !o.schemaRegistry)
    throw new NotSupportedError(
      'schema-registry',
      `topic ${o.topic}: writing PROTOBUF needs a Schema Registry, which this driver does not have (the in-memory driver has one; the Kafka driver none yet)`,
    );
  const codec = protobufSerde({ ...o, format: 'PROTOBUF_NOSR' });
  checkMapKeys(o.columns.map((c) => c.type));
  const own = protobufSchemaOf(o.columns, o.nullable, o.schemaId === undefined ? o.schemaFullName : undefined);
  const registered =
    o.schemaId === undefined ? undefined : registeredWriter(o.schemaRegistry, o.schemaId, o.schemaFullName, o.columns);
  /** Per schema id: null for the columns' own schema, else the parsed registered one. */
  const known = new Map<number, ProtoSchema | null>();
  let schemaId: number | undefined;
  const read = (bytes: Buffer): Value[] => {
    const { schemaId: id, payload } = unframe(bytes, 'PROTOBUF');
    let schema = known.get(id);
    if (schema === undefined) {
      if (!o.schemaRegistry)
        throw new RecordError(
          `Failed to deserialize data: PROTOBUF schema id ${id}: no Schema Registry to read it from`,
        );
      const held = o.schemaRegistry.byId(id);
      if (!held)
        throw new RecordError(`Failed to deserialize data: PROTOBUF schema id ${id} is not on the Schema Registry`);
      schema = held.schemaType === 'PROTOBUF' && held.schema === own ? null : registeredProto(held);
      known.set(id, schema);
    }
    const { indexes, message } = splitMessage(payload);
    if (schema === null) {
      if (indexes.length !== 1 || indexes[0] !== 0)
        throw new RecordError(
          `Failed to deserialize data: PROTOBUF schema ${id} has no message [${indexes.join(', ')}]`,
        );
      return codec.deserialize(message);
    }
    return readMessage(messageAt(schema, indexes), message, o.columns);
  };
  return {
    deserialize(bytes: Buffer | null): Value[] {
      if (bytes === null) return codec.deserialize(null);
      return read(bytes);
    },
    serialize(values: readonly Value[], from = 0): Buffer | null {
      if (registered) return o.columns.length === 0 && o.isKey ? null : registered(values, from);
      const message = codec.serialize(values, from);
      if (message === null) return null;
      if (schemaId === undefined) {
        if (!o.schemaRegistry || o.topic === undefined)
          throw new ExecError('PROTOBUF writes records only for a topic on a Schema Registry (none given)');
        schemaId = o.schemaRegistry.register(subjectOf(o.topic, o.isKey), 'PROTOBUF', own);
      }
      return frameMessage(schemaId, message);
    },
  };
}
