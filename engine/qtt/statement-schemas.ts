// The schemas ksqlDB's QTT runner derives from a case's CREATE STREAM/TABLE statements that
// declare columns (TestCaseBuilderUtil.createTopicFromStatement), to register before the
// statements run: for the key and for the value, when that side's format carries a registered
// schema (AVRO, JSON_SR, PROTOBUF) and the statement declares columns of that side, the schema of
// those columns as the format's writer registers it. A statement that does not plan (bad
// properties, unknown types) gives none, as the runner skips it.
import { parseStatements, type CreateSource } from '../syntax/index.js';
import { Props } from '../plan/properties.js';
import { defaultFormats, readFormats, readNullable, readWrapSingle, schemaFullName } from '../plan/ddl.js';
import type { Column } from '../plan/catalog.js';
import { convertType } from '../types/convert-type.js';
import { avroSchemaOf } from '../exec/serde/avro-schema.js';
import { jsonSchemaOf } from '../exec/serde/json-schema.js';
import { protobufSchemaOf } from '../exec/serde/protobuf-schema.js';
import type { SchemaType } from '../exec/serde/schema-registry.js';

export interface DerivedSchema {
  schemaType: SchemaType;
  schema: string;
}

export interface StatementTopic {
  name: string;
  key?: DerivedSchema;
  value?: DerivedSchema;
}

function derive(s: CreateSource, props: Readonly<Record<string, string>>): StatementTopic | undefined {
  const p = new Props(s.properties);
  const name = p.string('KAFKA_TOPIC');
  if (name === undefined || s.elements.length === 0) return undefined;
  const formats = readFormats(p, undefined, defaultFormats(props));
  const columns: Column[] = s.elements
    .filter((e) => e.constraint !== 'HEADERS' && e.constraint !== 'HEADER')
    .map((e) => ({
      name: e.name,
      type: convertType(e.type),
      ns: e.constraint === 'KEY' || e.constraint === 'PRIMARY_KEY' ? 'KEY' : 'VALUE',
    }));
  const wrapSingle = readWrapSingle(p, columns, props);
  const derived = (isKey: boolean): DerivedSchema | undefined => {
    const side = isKey ? 'KEY' : 'VALUE';
    const cols = columns.filter((c) => (c.ns === 'KEY') === isKey);
    if (cols.length === 0) return undefined;
    const unwrapped = cols.length === 1 && (isKey || !wrapSingle);
    switch (isKey ? formats.keyFormat : formats.valueFormat) {
      case 'AVRO':
        return {
          schemaType: 'AVRO',
          schema: JSON.stringify(avroSchemaOf(cols, unwrapped, isKey, s.name, schemaFullName(p, side, 'AVRO'))),
        };
      case 'JSON_SR':
        return { schemaType: 'JSON', schema: jsonSchemaOf(cols, unwrapped, isKey) };
      case 'PROTOBUF':
        return {
          schemaType: 'PROTOBUF',
          schema: protobufSchemaOf(cols, readNullable(p, side), schemaFullName(p, side, 'PROTOBUF')),
        };
      default:
        return undefined;
    }
  };
  const key = derived(true);
  const value = derived(false);
  return { name, ...(key ? { key } : {}), ...(value ? { value } : {}) };
}

/** The topics (with derived schemas) of each of `statements` that declares columns, in order. */
export function statementTopics(
  statements: readonly string[],
  props: Readonly<Record<string, string>>,
): StatementTopic[] {
  const out: StatementTopic[] = [];
  for (const sql of statements) {
    try {
      const parsed = parseStatements(sql);
      const s = parsed.length === 1 ? parsed[0]! : undefined;
      const topic = s?.kind === 'CreateSource' ? derive(s, props) : undefined;
      if (topic) out.push(topic);
    } catch {
      // the statement's own error is reported when the case runs it
    }
  }
  return out;
}
