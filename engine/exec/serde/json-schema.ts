// The JSON schema ksqlDB registers for a JSON_SR record of declared columns (as Connect's
// JsonSchemaData writes it: a nullable field is a oneOf of null and its type, `connect.index`
// keeps field order, `connect.type` tells the integer widths, bytes and maps), and the SQL types
// a registered JSON schema declares, for a CREATE without columns.
import { PlanError } from '../../errors.js';
import { T, type SqlType } from '../../types/sql-types.js';
import type { SerdeColumn } from './serde.js';

export type JsonSchema = Record<string, unknown>;

const LOGICAL: Record<string, { title: string; connectType: string }> = {
  TIMESTAMP: { title: 'org.apache.kafka.connect.data.Timestamp', connectType: 'int64' },
  DATE: { title: 'org.apache.kafka.connect.data.Date', connectType: 'int32' },
  TIME: { title: 'org.apache.kafka.connect.data.Time', connectType: 'int32' },
};

function typeSchema(t: SqlType): JsonSchema {
  switch (t.kind) {
    case 'BOOLEAN':
      return { type: 'boolean' };
    case 'INTEGER':
      return { type: 'integer', 'connect.type': 'int32' };
    case 'BIGINT':
      return { type: 'integer', 'connect.type': 'int64' };
    case 'DOUBLE':
      return { type: 'number', 'connect.type': 'float64' };
    case 'STRING':
      return { type: 'string' };
    case 'BYTES':
      return { type: 'string', 'connect.type': 'bytes' };
    case 'DECIMAL':
      return {
        type: 'number',
        title: 'org.apache.kafka.connect.data.Decimal',
        'connect.version': 1,
        'connect.type': 'bytes',
        'connect.parameters': { scale: String(t.scale), 'connect.decimal.precision': String(t.precision) },
      };
    case 'TIMESTAMP':
    case 'DATE':
    case 'TIME': {
      const l = LOGICAL[t.kind]!;
      return { type: 'integer', title: l.title, 'connect.version': 1, 'connect.type': l.connectType };
    }
    case 'ARRAY':
      return { type: 'array', items: optional(typeSchema(t.item)) };
    case 'MAP':
      return { type: 'object', additionalProperties: optional(typeSchema(t.value)), 'connect.type': 'map' };
    case 'STRUCT':
      return objectSchema(t.fields.map((f) => ({ name: f.name, type: f.type })));
    default:
      throw new PlanError(`JSON_SR cannot hold a value of type ${t.kind}`);
  }
}

function optional(s: JsonSchema): JsonSchema {
  return { oneOf: [{ type: 'null' }, s] };
}

function objectSchema(cols: readonly SerdeColumn[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  cols.forEach((c, i) => (properties[c.name] = { ...optional(typeSchema(c.type)), 'connect.index': i }));
  return { type: 'object', properties };
}

/** The schema of a record holding `cols`: an object of them, or the one column's type when
 *  unwrapped (nullable, as the column is); a value's object is not nullable, a key's is. */
export function jsonSchemaOf(cols: readonly SerdeColumn[], unwrapped: boolean, isKey = false): string {
  if (unwrapped && cols.length === 1) return JSON.stringify(optional(typeSchema(cols[0]!.type)));
  return JSON.stringify(isKey ? optional(objectSchema(cols)) : objectSchema(cols));
}

/** Whether a schema (without its null branch) is an object of properties, not a map. */
export function isObjectSchema(s: JsonSchema): boolean {
  const alts = (s['oneOf'] ?? s['anyOf']) as JsonSchema[] | undefined;
  if (Array.isArray(alts)) {
    const rest = alts.filter((a) => a['type'] !== 'null');
    return rest.length === 1 && isObjectSchema(rest[0]!);
  }
  return s['type'] === 'object' && s['connect.type'] !== 'map' && s['properties'] !== undefined;
}

/** Whether a schema admits null (`oneOf`/`anyOf` with null, a type list with it, or null). */
export function nullableJsonSchema(s: JsonSchema): boolean {
  const alts = (s['oneOf'] ?? s['anyOf']) as JsonSchema[] | undefined;
  if (Array.isArray(alts)) return alts.some(nullableJsonSchema);
  const t = s['type'];
  return t === 'null' || (Array.isArray(t) && t.includes('null'));
}

/** Strips the null branch of a nullable field (`oneOf`/`anyOf` of null and one type, or a type list). */
export function nonNullJsonSchema(s: JsonSchema): JsonSchema {
  const alts = (s['oneOf'] ?? s['anyOf']) as JsonSchema[] | undefined;
  if (Array.isArray(alts)) {
    const rest = alts.filter((a) => a['type'] !== 'null');
    if (rest.length === 1) return nonNullJsonSchema(rest[0]!);
    throw new PlanError(`JSON_SR schema: a union of ${rest.length} non-null types has no SQL type`);
  }
  if (Array.isArray(s['type'])) {
    const rest = (s['type'] as string[]).filter((x) => x !== 'null');
    if (rest.length === 1) return { ...s, type: rest[0] };
    throw new PlanError(`JSON_SR schema: a type list ${JSON.stringify(s['type'])} has no SQL type`);
  }
  return s;
}

/** The SQL type a JSON schema declares (Connect's JsonSchemaData conversion, then ksqlDB's). */
export function sqlTypeOfJsonSchema(raw: JsonSchema, where: string, keepNames = false): SqlType {
  const s = nonNullJsonSchema(raw);
  const connect = s['connect.type'];
  const title = s['title'];
  switch (s['type']) {
    case 'boolean':
      return T.BOOLEAN;
    case 'integer':
      if (title === LOGICAL['TIMESTAMP']!.title) return T.TIMESTAMP;
      if (title === LOGICAL['DATE']!.title) return T.DATE;
      if (title === LOGICAL['TIME']!.title) return T.TIME;
      return connect === 'int32' || connect === 'int16' || connect === 'int8' ? T.INTEGER : T.BIGINT;
    case 'number': {
      if (title === 'org.apache.kafka.connect.data.Decimal') {
        const p = (s['connect.parameters'] ?? {}) as Record<string, string>;
        return T.decimal(Number(p['connect.decimal.precision'] ?? 64), Number(p['scale'] ?? 0));
      }
      return T.DOUBLE;
    }
    case 'string':
      return connect === 'bytes' ? T.BYTES : T.STRING;
    case 'array':
      return T.array(sqlTypeOfJsonSchema((s['items'] ?? {}) as JsonSchema, `${where}[]`, keepNames));
    case 'object': {
      const extra = s['additionalProperties'];
      if (connect === 'map' || (s['properties'] === undefined && typeof extra === 'object'))
        return T.map(T.STRING, sqlTypeOfJsonSchema(extra as JsonSchema, `${where}{}`, keepNames));
      return T.struct(columnsOfJsonSchema(s, where, keepNames));
    }
    default:
      throw new PlanError(`JSON_SR schema: ${where} has no SQL type (type ${JSON.stringify(s['type'])})`);
  }
}

/** The columns of an object schema, in `connect.index` order where given, else as listed; names
 *  upper-cased as ksqlDB infers them from a subject's latest schema, or kept (`keepNames`) as it
 *  takes the schema a KEY_/VALUE_SCHEMA_ID names, as it is. */
export function columnsOfJsonSchema(s: JsonSchema, where: string, keepNames = false): SerdeColumn[] {
  return propertiesInOrder(s).map((e) => ({
    name: keepNames ? e.name : e.name.toUpperCase(),
    type: sqlTypeOfJsonSchema(e.p, `${where}.${e.name}`, keepNames),
  }));
}

/** An object schema's properties in `connect.index` order where given, else as listed. */
export function propertiesInOrder(s: JsonSchema): Array<{ name: string; p: JsonSchema }> {
  const props = (s['properties'] ?? {}) as Record<string, JsonSchema>;
  const entries = Object.entries(props).map(([name, p], i) => ({
    name,
    p,
    at: typeof p['connect.index'] === 'number' ? p['connect.index'] : i,
  }));
  entries.sort((a, b) => a.at - b.at);
  return entries;
}
