// The PROTOBUF format (with the Schema Registry): proto3 messages in Confluent's protobuf wire
// format: magic byte 0, the 4-byte schema id, the message-indexes array (zigzag varints, a single
// 0 for the schema's first message), then the message (protobuf-serde.ts's codec, fields 1..n in
// column order). A writer registers the columns' schema (protobuf-schema.ts) under the topic's
// subject on its first record. A reader reads records written with that same schema (an id the
// registry does not hold, or no registry: a RecordError, the record is logged); a record whose id
// names another schema (fields could be numbered otherwise) or another message than the
// first is refused by name, as its fields cannot be matched to the columns without a parser.
import { ExecError, NotSupportedError, PlanError, RecordError } from '../../errors.js';
import type { SqlType } from '../../types/sql-types.js';
import type { Value } from '../../types/values.js';
import { frame, unframe } from './confluent-wire.js';
import { protobufSchemaOf } from './protobuf-schema.js';
import { protobufSerde } from './protobuf-serde.js';
import { subjectOf } from './schema-registry.js';
import type { Serde, SerdeOptions } from './serde.js';

/** The message-indexes array of the schema's first message. */
const FIRST_MESSAGE = Buffer.from([0]);

/** The message of a framed PROTOBUF payload, after its message-indexes array. */
export function messageOf(payload: Buffer, schemaId: number): Buffer {
  let at = 0;
  const varint = (): number => {
    let v = 0;
    let shift = 0;
    for (;;) {
      if (at >= payload.length || shift > 28)
        throw new RecordError('Failed to deserialize data: PROTOBUF message-indexes array is truncated');
      const b = payload[at++]!;
      v |= (b & 0x7f) << shift;
      if (b < 0x80) return (v >>> 1) ^ -(v & 1);
      shift += 7;
    }
  };
  const count = varint();
  const indexes: number[] = [];
  for (let i = 0; i < count; i++) indexes.push(varint());
  if (indexes.some((x) => x !== 0))
    throw new NotSupportedError(
      'schema-registry-format',
      `PROTOBUF record of schema ${schemaId} is of message [${indexes.join(', ')}], not the schema's first: reading other messages is not supported yet`,
    );
  return payload.subarray(at);
}

/** The framed bytes of a PROTOBUF message of the first message of schema `schemaId`. */
export function frameMessage(schemaId: number, message: Buffer): Buffer {
  return frame(schemaId, Buffer.concat([FIRST_MESSAGE, message]));
}

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
  const own = protobufSchemaOf(o.columns, o.nullable);
  const known = new Set<number>();
  let schemaId: number | undefined;
  const payloadOf = (bytes: Buffer): Buffer => {
    const { schemaId: id, payload } = unframe(bytes, 'PROTOBUF');
    if (!known.has(id)) {
      if (!o.schemaRegistry)
        throw new RecordError(
          `Failed to deserialize data: PROTOBUF schema id ${id}: no Schema Registry to read it from`,
        );
      const held = o.schemaRegistry.byId(id);
      if (!held)
        throw new RecordError(`Failed to deserialize data: PROTOBUF schema id ${id} is not on the Schema Registry`);
      if (held.schemaType !== 'PROTOBUF' || held.schema !== own)
        throw new NotSupportedError(
          'schema-registry-format',
          `PROTOBUF record of schema ${id} (subject ${held.subject}): reading records written with a schema other than the columns' own is not supported yet (no proto schema parser)`,
        );
      known.add(id);
    }
    return messageOf(payload, id);
  };
  return {
    deserialize(bytes: Buffer | null): Value[] {
      if (bytes === null) return codec.deserialize(null);
      return codec.deserialize(payloadOf(bytes));
    },
    serialize(values: readonly Value[], from = 0): Buffer | null {
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
