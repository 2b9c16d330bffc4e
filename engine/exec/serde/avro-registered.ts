// A writer of AVRO records with the registered schema a KEY_/VALUE_SCHEMA_ID names, as ksqlDB's
// AvroSRSchemaDataTranslator writes them: the schema's own text, field order and record names,
// the record framed with the id (nothing registered); each of its fields from the column of
// its name, a field no column gives (or a null one) its default, else null if nullable, else
// the record fails (registered-write.ts). A key, or a schema that is no record, is the one
// column's value.
import type { Value } from '../../types/values.js';
import { AvroCodec } from './avro-binary.js';
import { toAvro } from './avro-data.js';
import { AvroTypes, parseAvroSchema } from './avro-schema.js';
import { frame } from './confluent-wire.js';
import { heldSchema, registeredData, writeRegistered } from './registered-write.js';
import type { SchemaRegistry } from './schema-registry.js';
import type { SerdeColumn } from './serde.js';

export function registeredAvroWriter(
  registry: SchemaRegistry | undefined,
  id: number,
  columns: readonly SerdeColumn[],
  isKey: boolean,
  topic: string | undefined,
): (values: readonly Value[], from?: number) => Buffer | null {
  const schema = parseAvroSchema(heldSchema(registry, id, 'AVRO', 'AVRO').schema);
  const codec = new AvroCodec(schema);
  const types = new AvroTypes(schema);
  const where = `schema ${id}`;
  const bare = isKey || !types.isRecord(schema, where);
  return (values, from = 0) => {
    const data = registeredData(columns, values, from, bare, (v) => v);
    if (data === null) return null;
    return writeRegistered(topic, id, () => frame(id, codec.encode(toAvro(data, schema, types, where, true))));
  };
}
