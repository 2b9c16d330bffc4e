// The JSON format: values are objects keyed by column name (case-insensitive lookup on read),
// one-column keys are bare, WRAP_SINGLE_VALUE=false unwraps a one-column value.
import { PlanError, RecordError } from '../../errors.js';
import { toJson, type Value } from '../../types/values.js';
import { fieldReaders, jsonReader, rowReader } from './json-reader.js';
import { parseJsonExact, stringifyJson } from '../../types/exact-json.js';
import type { Deferral, Serde, SerdeOptions } from './serde.js';
import { directKinds, directValue, NOT_DIRECT } from './json-direct.js';
import { parsedFlat, plainJsonData, plainTest, UNPARSED } from './parsed-json.js';
import { recall, remember, UNKNOWN } from './recent-documents.js';
import { documentBuilder } from './json-document.js';

function parse(bytes: Buffer | string): unknown {
  try {
    return parseJsonExact(typeof bytes === 'string' ? bytes : bytes.toString('utf8'));
  } catch (err) {
    throw new RecordError(`Failed to deserialize data: invalid JSON (${(err as Error).message})`, { cause: err });
  }
}

const FLAT = new Set(['BOOLEAN', 'INTEGER', 'BIGINT', 'DOUBLE', 'DECIMAL', 'STRING', 'TIMESTAMP', 'DATE', 'TIME']);

/** Whether JSON.stringify writes the string as is between quotes: no quote, backslash, control
 *  character or surrogate (valid pairs included, which it keeps; a loop beats a regular expression
 *  on the short values of records). */
function plainJsonText(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92 || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/** JSON text of a primitive value, as JSON.stringify writes it except that non-finite numbers
 *  are the strings "NaN", "Infinity" and "-Infinity" (Jackson's default, so ksqlDB's); plain
 *  strings are just quoted, which is about twice as fast as JSON.stringify. */
export function flatJson(v: Value | undefined): string {
  if (typeof v === 'number') return Number.isFinite(v) ? '' + v : '"' + v + '"';
  if (typeof v === 'string') return plainJsonText(v) ? '"' + v + '"' : JSON.stringify(v);
  if (v === null || v === undefined) return 'null';
  return typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : stringifyJson(v);
}

export function jsonSerde(o: SerdeOptions): Serde {
  const cols = o.columns;
  for (const c of cols) {
    if (c.type.kind === 'MAP' && c.type.key.kind !== 'STRING')
      throw new PlanError('JSON only supports MAP types with STRING keys');
  }
  const unwrapped = cols.length === 1 && (o.isKey || !o.wrapSingle);
  const readInto = rowReader(fieldReaders(cols));
  const readOne = cols.length === 1 ? jsonReader(cols[0]!.type) : undefined;
  // primitive columns serialise straight into the JSON text, skipping an intermediate object
  const flat = cols.every((c) => FLAT.has(c.type.kind));
  const prefixes = cols.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c.name)}:`);
  const names = cols.map((c) => c.name);
  // values share their documents (recent-documents.ts); an object literal would take a
  // "__proto__" key as its prototype, so such a value never does
  const shared = !o.isKey && !names.includes('__proto__');
  const fromDocument = (doc: unknown, row: Value[], at: number): void => {
    if (unwrapped) {
      row[at] = readOne!(doc);
      return;
    }
    if (doc === null) {
      for (let i = 0; i < cols.length; i++) row[at + i] = null;
      return;
    }
    if (typeof doc !== 'object' || Array.isArray(doc)) {
      throw new RecordError(
        `Failed to deserialize data: expected a JSON object with fields ${cols.map((c) => c.name).join(', ')}, got ${stringifyJson(doc)}`,
      );
    }
    readInto(doc as Record<string, unknown>, row, at);
  };
  const decodeInto = (bytes: Buffer, row: Value[], at: number): void => {
    let doc = shared ? recall(bytes) : UNKNOWN;
    if (doc === UNKNOWN) {
      doc = parse(bytes);
      if (shared) remember(bytes, doc);
    }
    fromDocument(doc, row, at);
  };
  // the same from a text record's text, which is what its bytes decode to
  const textInto = (text: string, record: object, row: Value[], at: number): void => {
    let doc = shared ? recall(record) : UNKNOWN;
    if (doc === UNKNOWN) {
      doc = parse(text);
      if (shared) remember(record, doc);
    }
    fromDocument(doc, row, at);
  };
  // the document of what serialize writes, for a writer deferring its bytes (none for "__proto__")
  const document = cols.length > 0 && !names.includes('__proto__') ? documentBuilder(cols, flat, unwrapped) : undefined;
  // whether a document exists, told per column without building it where the types allow
  const tests = cols.map((c) => plainTest(c.type));
  const testable = !flat && !unwrapped && tests.every((t) => t !== undefined);
  // readers take values directly only from a value with fields (json-direct.ts)
  const fields = document && !unwrapped ? cols : undefined;
  const kinds = fields ? directKinds(fields) : [];
  /** Whether a value readers would take directly is one they may (rowDirect's check of one value). */
  const direct = (i: number, v: Value | undefined): boolean => {
    const k = kinds[i];
    return k === undefined || directValue(k, v) !== NOT_DIRECT;
  };
  const deferral = (values: readonly Value[], from = 0): Deferral => {
    if (!document) return 0;
    if (fields === undefined) {
      if (flat) return parsedFlat(values[from] ?? null) !== UNPARSED ? 1 : 0;
      return document(values, from) !== UNPARSED ? 1 : 0;
    }
    let all = true;
    if (testable) {
      for (let i = 0; i < cols.length; i++) {
        const v = values[from + i] ?? null;
        if (!tests[i]!(v)) return 0;
        if (all && !direct(i, v)) all = false;
      }
      return all ? 2 : 1;
    }
    if (!flat) {
      if (document(values, from) === UNPARSED) return 0;
      for (let i = 0; i < cols.length && all; i++) all = direct(i, values[from + i]);
      return all ? 2 : 1;
    }
    for (let i = 0; i < cols.length; i++) {
      const v = values[from + i];
      if (parsedFlat(v) === UNPARSED) return 0;
      if (all && !direct(i, v)) all = false;
    }
    return all ? 2 : 1;
  };
  return {
    deserialize(bytes) {
      if (bytes === null) return cols.map(() => null);
      const out: Value[] = new Array<Value>(cols.length);
      decodeInto(bytes, out, 0);
      return out;
    },
    deserializeInto: decodeInto,
    documentInto: fromDocument,
    textInto,
    document: (values, from = 0) => (document ? document(values, from) : UNPARSED),
    canDefer: (values, from = 0) => deferral(values, from) !== 0,
    deferral,
    ...(fields ? { fields } : {}),
    serialize(values, from = 0) {
      if (cols.length === 0) return o.isKey ? null : Buffer.from('{}');
      // a primitive: flatJson writes what stringifyJson(toJson(…)) would
      if (unwrapped)
        return Buffer.from(
          flat ? flatJson(values[from] ?? null) : stringifyJson(toJson(values[from] ?? null, cols[0]!.type)),
        );
      if (flat) {
        let s = '';
        for (let i = 0; i < cols.length; i++) s += prefixes[i]! + flatJson(values[from + i]);
        const bytes = Buffer.from(s + '}');
        // the document reading the text back gives, when every value allows
        if (shared) {
          const doc = document!(values, from);
          if (doc !== UNPARSED) remember(bytes, doc);
        }
        return bytes;
      }
      const obj: Record<string, unknown> = {};
      for (let i = 0; i < cols.length; i++) obj[cols[i]!.name] = toJson(values[from + i] ?? null, cols[i]!.type);
      const bytes = Buffer.from(stringifyJson(obj));
      if (shared && plainJsonData(obj)) remember(bytes, obj);
      return bytes;
    },
  };
}
