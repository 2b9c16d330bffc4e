// A QTT case's AVRO keys and values to topic bytes and back, as ksqlDB's harness converts them:
// the case's JSON written with the schema registered under the topic's subject (the source's
// columns' schema registered when the case registered none) and framed with its id; a record
// read back with the schema its frame's id names, then given as the columns' JSON and the JSON
// of the record's other fields (a registered schema's, the columns a prefix of them), as
// ksqlDB's harness reads every field of the writer's record (an empty top-level BYTES field as
// null, as ksqlDB's runner compares it).
import { AvroCodec } from '../exec/serde/avro-binary.js';
import { fromAvro, member, toAvro } from '../exec/serde/avro-data.js';
import { avroSchemaOf, AvroTypes, nonNullAvro, parseAvroSchema, type AvroObject } from '../exec/serde/avro-schema.js';
import { frame, unframe } from '../exec/serde/confluent-wire.js';
import { subjectOf, type SchemaRegistry } from '../exec/serde/schema-registry.js';
import type { SourceDef } from '../plan/catalog.js';
import { toJson } from '../types/values.js';
import { ExecError, RecordError } from '../errors.js';
import { emptyBytesAsNull } from './empty-bytes.js';

function columns(def: SourceDef, isKey: boolean): { cols: SourceDef['columns']; unwrapped: boolean } {
  const cols = def.columns.filter((c) => (c.ns === 'KEY') === isKey);
  return { cols, unwrapped: cols.length === 1 && (isKey || !def.wrapSingleValue) };
}

export function encodeAvro(
  data: unknown,
  def: SourceDef,
  isKey: boolean,
  registry: SchemaRegistry | undefined,
): Buffer {
  if (!registry) throw new ExecError(`topic ${def.topic}: AVRO records need a Schema Registry`);
  const subject = subjectOf(def.topic, isKey);
  const { cols, unwrapped } = columns(def, isKey);
  const held = registry.latest(subject);
  const fullName = isKey ? def.keySchemaFullName : def.valueSchemaFullName;
  const schema = held ? parseAvroSchema(held.schema) : avroSchemaOf(cols, unwrapped, isKey, def.name, fullName);
  const id = held?.id ?? registry.register(subject, 'AVRO', JSON.stringify(schema));
  const codec = new AvroCodec(schema);
  return frame(
    id,
    codec.encode(toAvro(data, schema, new AvroTypes(schema), `${def.topic} ${isKey ? 'key' : 'value'}`)),
  );
}

export function decodeAvro(
  bytes: Buffer,
  def: SourceDef,
  isKey: boolean,
  registry: SchemaRegistry | undefined,
): unknown {
  const { schemaId, payload } = unframe(bytes, 'AVRO');
  const held = registry?.byId(schemaId);
  if (!held) throw new RecordError(`topic ${def.topic}: no schema with id ${schemaId} on the Schema Registry`);
  const schema = parseAvroSchema(held.schema);
  const datum = new AvroCodec(schema).decode(payload);
  const { cols, unwrapped } = columns(def, isKey);
  if (unwrapped) return toJson(fromAvro(datum, cols[0]!.type, cols[0]!.name), cols[0]!.type);
  if (datum === null || typeof datum !== 'object' || Array.isArray(datum) || Buffer.isBuffer(datum)) return datum;
  const types = new AvroTypes(schema);
  const where = `schema ${schemaId}`;
  const named = new Set(cols.map((c) => c.name.toUpperCase()));
  const extra = types.isRecord(schema, where)
    ? types
        .columns(types.resolve(nonNullAvro(schema, where)) as AvroObject, where, true)
        .filter((f) => !named.has(f.name.toUpperCase()))
    : [];
  return emptyBytesAsNull(
    Object.fromEntries(
      [...cols, ...extra].map((c) => [
        c.name,
        toJson(fromAvro((member(datum, c.name) ?? null) as never, c.type, c.name), c.type),
      ]),
    ),
    cols,
  );
}
