// Registers the schemas of a QTT case's `topics` list on the runner's registry, as ksqlDB's
// runner does before the statements run: each topic's `keySchema` under `<topic>-key` and
// `valueSchema` under `<topic>-value`, in list order (so ids count as the case expects for its
// KEY_/VALUE_SCHEMA_ID; a topic's keySchemaId/valueSchemaId gives the id itself), typed by the topic's `keyFormat`/`valueFormat` (JSON is JSON_SR's schema).
// A schema's references (keySchemaReferences/valueSchemaReferences) go with it as the texts of the
// files it imports, as the runner's ProtobufSchema carries them resolved (not registered apart).
import { subjectOf, type SchemaType } from '../exec/serde/schema-registry.js';
import type { MemorySchemaRegistry } from '../exec/serde/memory-schema-registry.js';
import { PlanError } from '../errors.js';
import type { QttCase, QttSchemaReference } from './load-cases.js';

function schemaType(format: string | undefined, topic: string): SchemaType {
  const f = (format ?? 'AVRO').toUpperCase();
  if (f === 'AVRO') return 'AVRO';
  if (f === 'JSON' || f === 'JSON_SR') return 'JSON';
  if (f === 'PROTOBUF') return 'PROTOBUF';
  throw new PlanError(`QTT topic ${topic}: a schema of format ${f} cannot be registered`);
}

function text(schema: unknown): string {
  return typeof schema === 'string' ? schema : JSON.stringify(schema);
}

function dependencies(refs: QttSchemaReference[] | undefined): Record<string, string> | undefined {
  return refs && Object.fromEntries(refs.map((r) => [r.name, text(r.schema)]));
}

export function registerCaseSchemas(c: QttCase, registry: MemorySchemaRegistry): void {
  for (const t of c.topics ?? []) {
    if (t.keySchema !== undefined && t.keySchema !== null)
      registry.register(
        subjectOf(t.name, true),
        schemaType(t.keyFormat, t.name),
        text(t.keySchema),
        t.keySchemaId,
        dependencies(t.keySchemaReferences),
      );
    if (t.valueSchema !== undefined && t.valueSchema !== null)
      registry.register(
        subjectOf(t.name, false),
        schemaType(t.valueFormat, t.name),
        text(t.valueSchema),
        t.valueSchemaId,
        dependencies(t.valueSchemaReferences),
      );
  }
}
