// The AVRO format: Avro binary records in the Confluent wire format. Writing registers the
// columns' Avro schema (avro-schema.ts; its record named by KEY_/VALUE_SCHEMA_FULL_NAME when
// given) under the topic's subject on the first record and frames each record with its id, or,
// given a KEY_/VALUE_SCHEMA_ID, writes with the registered schema (avro-registered.ts); reading
// decodes with the writer's schema, the one the frame's id names on the registry (none there: a
// RecordError, the record is skipped and logged), and takes the columns from the record's
// fields by name, ignoring case.
import { ExecError, NotSupportedError, RecordError } from '../../errors.js';
import type { Value } from '../../types/values.js';
import { AvroCodec, type AvroSchema } from './avro-binary.js';
import { fromAvro, member, toAvro } from './avro-data.js';
import { avroSchemaOf, AvroTypes, parseAvroSchema } from './avro-schema.js';
import { registeredAvroWriter } from './avro-registered.js';
import { frame, unframe } from './confluent-wire.js';
import { subjectOf, type SchemaRegistry } from './schema-registry.js';
import type { Serde, SerdeOptions } from './serde.js';

interface Writer {
  codec: AvroCodec;
  types: AvroTypes;
}

function writerOf(schema: AvroSchema): Writer {
  return { codec: new AvroCodec(schema), types: new AvroTypes(schema) };
}

/** The parsed Avro schema a registry holds under `id`, or undefined when it holds none. */
export function registeredAvro(registry: SchemaRegistry | undefined, id: number): AvroSchema | undefined {
  const found = registry?.byId(id);
  if (!found) return undefined;
  if (found.schemaType !== 'AVRO')
    throw new RecordError(`Failed to deserialize data: schema ${id} is ${found.schemaType}, not AVRO`);
  return parseAvroSchema(found.schema);
}

export function avroSerde(o: SerdeOptions): Serde {
  if (o.topic !== undefined && !o.schemaRegistry)
    throw new NotSupportedError(
      'schema-registry',
      `topic ${o.topic}: writing AVRO needs a Schema Registry, which this driver does not have (the in-memory driver has one; the Kafka driver none yet)`,
    );
  const unwrapped = o.columns.length === 1 && (o.isKey || !o.wrapSingle);
  const own = writerOf(avroSchemaOf(o.columns, unwrapped, o.isKey, o.sourceName, o.schemaFullName));
  const registered =
    o.schemaId === undefined
      ? undefined
      : registeredAvroWriter(o.schemaRegistry, o.schemaId, o.columns, o.isKey, o.topic);
  const readers = new Map<number, Writer>();
  let schemaId: number | undefined;
  const readerFor = (id: number): Writer => {
    let w = readers.get(id);
    if (!w) {
      if (!o.schemaRegistry)
        throw new RecordError(`Failed to deserialize data: AVRO schema id ${id}: no Schema Registry to read it from`);
      const s = registeredAvro(o.schemaRegistry, id);
      if (s === undefined)
        throw new RecordError(`Failed to deserialize data: AVRO schema id ${id} is not on the Schema Registry`);
      w = writerOf(s);
      readers.set(id, w);
    }
    return w;
  };
  const columnsOf = (datum: unknown, row: Value[], at: number): void => {
    if (
      unwrapped ||
      (o.columns.length === 1 && (datum === null || typeof datum !== 'object' || Array.isArray(datum)))
    ) {
      row[at] = fromAvro(datum as never, o.columns[0]!.type, o.columns[0]!.name);
      return;
    }
    if (datum === null) {
      o.columns.forEach((_, i) => (row[at + i] = null));
      return;
    }
    if (typeof datum !== 'object' || Array.isArray(datum) || Buffer.isBuffer(datum))
      throw new RecordError('Failed to deserialize data: AVRO record expected');
    o.columns.forEach((c, i) => {
      row[at + i] = fromAvro((member(datum as Record<string, unknown>, c.name) ?? null) as never, c.type, c.name);
    });
  };
  const into = (bytes: Buffer, row: Value[], at: number): void => {
    const { schemaId: id, payload } = unframe(bytes, 'AVRO');
    columnsOf(readerFor(id).codec.decode(payload), row, at);
  };
  return {
    deserialize(bytes: Buffer | null): Value[] {
      const row: Value[] = new Array<Value>(o.columns.length).fill(null);
      if (bytes !== null && o.columns.length > 0) into(bytes, row, 0);
      return row;
    },
    deserializeInto: into,
    serialize(values: readonly Value[], from = 0): Buffer | null {
      if (registered) return registered(values, from);
      if (o.columns.length === 0) return null;
      const data = unwrapped
        ? (values[from] ?? null)
        : Object.fromEntries(o.columns.map((c, i) => [c.name, values[from + i] ?? null]));
      if (data === null) return null;
      if (schemaId === undefined) {
        if (!o.schemaRegistry || o.topic === undefined)
          throw new ExecError('AVRO writes records only for a topic on a Schema Registry (none given)');
        schemaId = o.schemaRegistry.register(subjectOf(o.topic, o.isKey), 'AVRO', JSON.stringify(own.codec.schema));
      }
      return frame(schemaId, own.codec.encode(toAvro(data, own.codec.schema, own.types, o.topic ?? 'record')));
    },
  };
}
