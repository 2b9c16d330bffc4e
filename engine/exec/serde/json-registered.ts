// A writer of JSON_SR records with the registered JSON schema a KEY_/VALUE_SCHEMA_ID names, as
// ksqlDB's ConnectSRSchemaDataTranslator writes them: framed with the id (nothing registered),
// an object schema's properties in its order (`connect.index`, else as listed), each from the
// column (or struct field) of its name; a property no column gives (or a null one) takes its
// `default`, else null if optional (not `required`, or nullable), else the record fails
// (registered-write.ts). A key, or a schema that is no object, is the one column's value.
import { RecordError } from '../../errors.js';
import { parseJsonExact, stringifyJson } from '../../types/exact-json.js';
import { toJson, type Value } from '../../types/values.js';
import { member } from './avro-data.js';
import { frame } from './confluent-wire.js';
import {
  isObjectSchema,
  nonNullJsonSchema,
  nullableJsonSchema,
  propertiesInOrder,
  type JsonSchema,
} from './json-schema.js';
import { heldSchema, registeredData, writeRegistered } from './registered-write.js';
import type { SchemaRegistry } from './schema-registry.js';
import type { SerdeColumn } from './serde.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The property's value from `got` (undefined: the data has no such field). */
function property(name: string, p: JsonSchema, required: boolean, got: unknown): unknown {
  if (got !== undefined && got !== null) return got;
  if (p['default'] !== undefined && p['default'] !== null) return p['default'];
  if (!required || nullableJsonSchema(p)) return null;
  throw new RecordError(
    got === undefined
      ? `Missing default value for required field: [${name}]. This field appears in JSON_SR schema in Schema Registry`
      : `Invalid value: null used for required field: "${name}"`,
  );
}

/** `v` (JSON data) completed as the schema `s` holds it. */
function complete(v: unknown, s: JsonSchema): unknown {
  if (v === null || v === undefined) return null;
  const t = nonNullJsonSchema(s);
  if (isObjectSchema(t) && isObject(v)) {
    const required = new Set(Array.isArray(t['required']) ? (t['required'] as string[]) : []);
    const out: Record<string, unknown> = {};
    for (const { name, p } of propertiesInOrder(t))
      out[name] = complete(property(name, p, required.has(name), member(v, name)), p);
    return out;
  }
  if (t['type'] === 'array' && Array.isArray(v)) return v.map((x) => complete(x, (t['items'] ?? {}) as JsonSchema));
  const extra = t['additionalProperties'];
  if (t['type'] === 'object' && typeof extra === 'object' && extra !== null && isObject(v))
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, complete(x, extra as JsonSchema)]));
  return v;
}

export function registeredJsonWriter(
  registry: SchemaRegistry | undefined,
  id: number,
  columns: readonly SerdeColumn[],
  isKey: boolean,
  topic: string | undefined,
): (values: readonly Value[], from?: number) => Buffer | null {
  const held = heldSchema(registry, id, 'JSON_SR', 'JSON');
  const schema = parseJsonExact(held.schema) as JsonSchema;
  const bare = isKey || !isObjectSchema(schema);
  return (values, from = 0) => {
    const data = registeredData(columns, values, from, bare, (v, c) => toJson(v, c.type));
    if (data === null) return null;
    return writeRegistered(topic, id, () => frame(id, Buffer.from(stringifyJson(complete(data, schema)), 'utf8')));
  };
}
