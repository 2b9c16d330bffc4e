// Schema inference: the columns of the schema registered for a topic's key or value, read from
// the Schema Registry (by id when the statement gives KEY_/VALUE_SCHEMA_ID, else the subject's
// latest version), as ksqlDB infers a CREATE's columns from the registry. JSON_SR's, AVRO's and
// PROTOBUF's schemas are read (PROTOBUF: the fields of the message SCHEMA_FULL_NAME names, else
// the first, for the key as for the value, as PROTOBUF never unwraps a key).
import { NotSupportedError, PlanError } from '../../errors.js';
import type { InferredColumns } from '../../plan/plan-services.js';
import { columnsOfJsonSchema, isObjectSchema, sqlTypeOfJsonSchema } from './json-schema.js';
import { subjectOf, type RegisteredSchema, type SchemaRegistry } from './schema-registry.js';
import { AvroTypes, parseAvroSchema } from './avro-schema.js';
import { protoSchemaOf } from './proto-text/resolve-proto.js';
import { messageNamed, sqlFieldsOf } from './proto-text/proto-sql-types.js';

export function inferFromRegistry(
  registry: SchemaRegistry,
  format: string,
  topic: string,
  isKey: boolean,
  schemaId: number | undefined,
  fullName?: string,
): InferredColumns | undefined {
  const subject = subjectOf(topic, isKey);
  const found = schemaId !== undefined ? registry.byId(schemaId) : registry.latest(subject);
  if (!found) {
    if (schemaId !== undefined)
      throw new PlanError(
        `Schema Registry has no schema with id ${schemaId} (for ${isKey ? 'keys' : 'values'} of topic '${topic}')`,
      );
    return undefined;
  }
  if (format === 'AVRO') return inferAvro(found, subject, isKey, schemaId !== undefined);
  if (format === 'PROTOBUF') return inferProtobuf(found, subject, schemaId !== undefined, fullName);
  if (format !== 'JSON_SR')
    throw new NotSupportedError(
      'schema-registry-format',
      `unsupported format: ${format}: the embedded engine cannot infer columns from its schemas (only JSON_SR's, AVRO's and PROTOBUF's)`,
    );
  if (found.schemaType !== 'JSON')
    throw new PlanError(
      `subject ${subject}: the registered schema is ${found.schemaType}, not the JSON schema ${format} needs`,
    );
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(found.schema) as Record<string, unknown>;
  } catch (err) {
    throw new PlanError(`subject ${subject}: schema ${found.id} is not valid JSON: ${(err as Error).message}`);
  }
  const where = `subject ${subject}`;
  const keep = schemaId !== undefined;
  if (isKey) return { columns: [{ name: 'ROWKEY', type: sqlTypeOfJsonSchema(doc, where, keep) }], anonymous: true };
  if (isObjectSchema(doc)) return { columns: columnsOfJsonSchema(nonNullRecord(doc), where, keep), anonymous: false };
  return { columns: [{ name: 'ROWVAL', type: sqlTypeOfJsonSchema(doc, where, keep) }], anonymous: true };
}

function nonNullRecord(s: Record<string, unknown>): Record<string, unknown> {
  const alts = (s['oneOf'] ?? s['anyOf']) as Array<Record<string, unknown>> | undefined;
  return Array.isArray(alts) ? nonNullRecord(alts.find((a) => a['type'] !== 'null')!) : s;
}

function inferAvro(found: RegisteredSchema, subject: string, isKey: boolean, keep: boolean): InferredColumns {
  if (found.schemaType !== 'AVRO')
    throw new PlanError(
      `subject ${subject}: the registered schema is ${found.schemaType}, not the Avro schema AVRO needs`,
    );
  const doc = parseAvroSchema(found.schema);
  const types = new AvroTypes(doc);
  const where = `subject ${subject}`;
  if (isKey) return { columns: [{ name: 'ROWKEY', type: types.sqlType(doc, where, keep) }], anonymous: true };
  if (types.isRecord(doc, where)) {
    const t = types.sqlType(doc, where, keep);
    return { columns: t.kind === 'STRUCT' ? t.fields : [], anonymous: false };
  }
  return { columns: [{ name: 'ROWVAL', type: types.sqlType(doc, where, keep) }], anonymous: true };
}

function inferProtobuf(
  found: RegisteredSchema,
  subject: string,
  keep: boolean,
  fullName: string | undefined,
): InferredColumns {
  if (found.schemaType !== 'PROTOBUF')
    throw new PlanError(
      `subject ${subject}: the registered schema is ${found.schemaType}, not the proto schema PROTOBUF needs`,
    );
  const where = `subject ${subject} (schema ${found.id})`;
  const schema = protoSchemaOf(found.schema, where, found.dependencies);
  return { columns: sqlFieldsOf(messageNamed(schema, fullName), where, keep), anonymous: false };
}
