// Registers the schemas of a QTT case's topics on the runner's registry, as ksqlDB's runner does
// before the statements run (TestCaseBuilderUtil.getAllTopics, then TestExecutor): the case's
// `topics` list, each topic's `keySchema`/`valueSchema` typed by its `keyFormat`/`valueFormat`
// (JSON is JSON_SR's schema), completed by the schemas derived from the CREATE statements that
// declare columns (statement-schemas.ts), the topics of the records last; then, in the order a
// Java HashMap of those topics iterates them (java-hash-order.ts), each topic's key schema under
// `<topic>-key` and value schema under `<topic>-value`, so the ids count as the case expects for
// its KEY_/VALUE_SCHEMA_ID (a topic's keySchemaId/valueSchemaId gives the id itself). A schema's
// references (keySchemaReferences/valueSchemaReferences) go with it as the texts of the files it
// imports, as the runner's ProtobufSchema carries them resolved (not registered apart).
import { subjectOf, type SchemaType } from '../exec/serde/schema-registry.js';
import type { MemorySchemaRegistry } from '../exec/serde/memory-schema-registry.js';
import { PlanError } from '../errors.js';
import type { QttCase, QttSchemaReference } from './load-cases.js';
import { statementTopics, type DerivedSchema } from './statement-schemas.js';
import { javaHashOrder } from './java-hash-order.js';

interface CaseSchema extends DerivedSchema {
  id?: number | undefined;
  dependencies?: Record<string, string> | undefined;
}

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
  const topics = new Map<string, { key?: CaseSchema | undefined; value?: CaseSchema | undefined }>();
  for (const t of c.topics ?? []) {
    const of = (
      schema: unknown,
      format: string | undefined,
      id: number | undefined,
      refs: QttSchemaReference[] | undefined,
    ): CaseSchema | undefined =>
      schema === undefined || schema === null
        ? undefined
        : { schemaType: schemaType(format, t.name), schema: text(schema), id, dependencies: dependencies(refs) };
    topics.set(t.name, {
      key: of(t.keySchema, t.keyFormat, t.keySchemaId, t.keySchemaReferences),
      value: of(t.valueSchema, t.valueFormat, t.valueSchemaId, t.valueSchemaReferences),
    });
  }
  for (const s of statementTopics(c.statements, c.properties)) {
    const held = topics.get(s.name);
    topics.set(s.name, { key: held?.key ?? s.key, value: held?.value ?? s.value });
  }
  for (const r of [...c.inputs, ...c.outputs]) if (!topics.has(r.topic)) topics.set(r.topic, {});
  for (const name of javaHashOrder([...topics.keys()])) {
    const t = topics.get(name)!;
    for (const [isKey, s] of [
      [true, t.key],
      [false, t.value],
    ] as const)
      if (s) registry.register(subjectOf(name, isKey), s.schemaType, s.schema, s.id, s.dependencies);
  }
}
