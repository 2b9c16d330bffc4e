// JSON functions over JSON text (EXTRACTJSONFIELD, IS_JSON_STRING, JSON_ARRAY_LENGTH,
// JSON_ARRAY_CONTAINS, JSON_CONCAT, JSON_ITEMS, JSON_KEYS, JSON_RECORDS) and TO_JSON_STRING of
// any SQL value. Unreadable JSON gives null (false for the predicates), never an error.
import type { SqlType } from '../../types/sql-types.js';
import type { Value } from '../../types/values.js';
import { javaDouble } from '../serde/delimited-serde.js';
import { readJson, writeJson, nodeText, JsonNumber, JsonObject, type JsonNode } from './json-text.js';
import { defineFunction, type FunctionDef } from './registry.js';
import { nullSafe, sig, typedSig, type Impl } from './signature.js';
import { formatLocalDate, formatLocalTime, formatTimestamp } from './time-text.js';

/** `$.a.b[0]` and `$['a']` paths as EXTRACTJSONFIELD reads them. */
export function extractJsonField(json: string, path: string): string | null {
  let cur = readJson(json);
  if (cur === undefined) return null;
  const steps = path.replace(/^\$/, '').match(/\.([^.[\]]+)|\[\s*(-?\d+)\s*\]|\[\s*['"]([^'"]+)['"]\s*\]/g) ?? [];
  for (const s of steps) {
    const idx = /^\[\s*(-?\d+)\s*\]$/.exec(s);
    if (idx) {
      const i = Number(idx[1]);
      if (!Array.isArray(cur) || i < 0 || i >= cur.length) return null;
      cur = cur[i]!;
      continue;
    }
    const key = s.startsWith('.') ? s.substring(1) : s.replace(/^\[\s*['"]|['"]\s*\]$/g, '');
    if (!(cur instanceof JsonObject) || !cur.entries.has(key)) return null;
    cur = cur.entries.get(key)!;
  }
  return cur === null ? null : nodeText(cur);
}

/** A SQL value as JSON text (TO_JSON_STRING): temporal values as ISO text, bytes as base64. */
export function toJsonText(v: Value, t: SqlType): string {
  if (v === null) return 'null';
  switch (t.kind) {
    case 'DOUBLE':
      return javaDouble(v as number);
    case 'DECIMAL':
      return (v as number).toFixed(t.scale);
    case 'TIMESTAMP':
      return JSON.stringify(formatTimestamp(v as number));
    case 'DATE':
      return JSON.stringify(formatLocalDate(v as number));
    case 'TIME':
      return JSON.stringify(formatLocalTime(v as number));
    case 'BYTES':
      return JSON.stringify((v as Buffer).toString('base64'));
    case 'ARRAY':
      return `[${(v as Value[]).map((x) => toJsonText(x, t.item)).join(',')}]`;
    case 'MAP':
      return `{${Object.entries(v as Record<string, Value>)
        .map(([k, x]) => `${JSON.stringify(k)}:${toJsonText(x, t.value)}`)
        .join(',')}}`;
    case 'STRUCT': {
      const o = v as Record<string, Value>;
      return `{${t.fields.map((f) => `${JSON.stringify(f.name)}:${toJsonText(o[f.name] ?? null, f.type)}`).join(',')}}`;
    }
    default:
      return JSON.stringify(v);
  }
}

function parsed(f: (n: JsonNode) => Value): Impl {
  return nullSafe(1, (a) => {
    const n = readJson(a[0] as string);
    return n === undefined ? null : f(n);
  });
}

function arrayContains(a: Value[]): Value {
  const text = a[0] as string | null;
  if (text === null) return false;
  const n = readJson(text);
  if (!Array.isArray(n)) return false;
  const v = a[1] ?? null;
  return n.some((x) => jsonEquals(x, v));
}

function jsonEquals(n: JsonNode, v: Value): boolean {
  if (v === null) return n === null;
  if (typeof v === 'number') return n instanceof JsonNumber && Number(n.text) === v;
  if (typeof v === 'string' || typeof v === 'boolean') return n === v;
  return false;
}

/** PostgreSQL's `||`: objects merge (later keys win), anything else concatenates as arrays. */
function concat(a: Value[]): Value {
  const nodes: JsonNode[] = [];
  for (const x of a) {
    if (x === null) return null;
    const n = readJson(x as string);
    if (n === undefined) return null;
    nodes.push(n);
  }
  if (nodes.every((n) => n instanceof JsonObject)) {
    const out = new JsonObject();
    for (const n of nodes as JsonObject[]) for (const [k, v] of n.entries) out.entries.set(k, v);
    return writeJson(out);
  }
  return writeJson(nodes.flatMap((n) => (Array.isArray(n) ? n : [n])));
}

function records(n: JsonNode): Value {
  if (!(n instanceof JsonObject)) return null;
  const out: Record<string, Value> = {};
  for (const [k, v] of n.entries) out[k] = nodeText(v);
  return out;
}

export const JSON_FUNCTIONS: FunctionDef[] = [
  defineFunction('EXTRACTJSONFIELD', 'JSON', 'Extracts the value at a JSONPath from JSON text, as a string.', [
    sig(
      ['STRING input', 'STRING jsonPath'],
      'STRING',
      nullSafe(2, (v) => extractJsonField(v[0] as string, v[1] as string)),
    ),
  ]),
  defineFunction('IS_JSON_STRING', 'JSON', 'Whether the text parses as a JSON value.', [
    sig(['STRING json'], 'BOOLEAN', (a) => a[0] !== null && readJson(a[0] as string) !== undefined),
  ]),
  defineFunction('JSON_ARRAY_LENGTH', 'JSON', 'The number of elements of a JSON array, or null.', [
    sig(
      ['STRING json'],
      'INT',
      parsed((n) => (Array.isArray(n) ? n.length : null)),
    ),
  ]),
  defineFunction('JSON_ARRAY_CONTAINS', 'JSON', 'Whether a JSON array contains a value.', [
    sig(['STRING jsonArray', 'T val'], 'BOOLEAN', arrayContains),
  ]),
  defineFunction('JSON_CONCAT', 'JSON', "Concatenates JSON values with PostgreSQL's || rules.", [
    sig(['STRING... jsonStrings'], 'STRING', concat),
  ]),
  defineFunction('JSON_ITEMS', 'JSON', 'The elements of a JSON array, each as JSON text.', [
    sig(
      ['STRING jsonArray'],
      'ARRAY<STRING>',
      parsed((n) => (Array.isArray(n) ? n.map(writeJson) : null)),
    ),
  ]),
  defineFunction('JSON_KEYS', 'JSON', 'The top-level keys of a JSON object.', [
    sig(
      ['STRING jsonObj'],
      'ARRAY<STRING>',
      parsed((n) => (n instanceof JsonObject ? [...n.entries.keys()] : null)),
    ),
  ]),
  defineFunction('JSON_RECORDS', 'JSON', 'The top-level entries of a JSON object, values as text.', [
    sig(['STRING jsonObj'], 'MAP<STRING, STRING>', parsed(records)),
  ]),
  defineFunction('TO_JSON_STRING', 'JSON', 'Any SQL value as JSON text.', [
    typedSig(['T val'], 'STRING', (info) => {
      const t = info.args[0]!;
      return (a) => toJsonText(a[0] ?? null, t);
    }),
  ]),
];
