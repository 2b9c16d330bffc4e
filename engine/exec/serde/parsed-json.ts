// What reading a value's JSON text back gives (parseJsonExact of what the JSON serde writes), known
// without the text, for the values where that is simple: a writer hands it to the readers of its
// record (recent-documents.ts) instead of their parsing the bytes. Anything where the text and the
// value part ways is UNPARSED, and the readers parse as before: integers from 2^53 on (the exact
// parser reads those digits as a bigint), bigints, -0 (written "0") inside structures, undefined,
// and anything that is not plain data.
import { PRIMITIVE_KINDS } from '../../types/sql-types.js';

/** The value has no simple parsed form: parse its text. */
export const UNPARSED: unique symbol = Symbol('unparsed');

const LIMIT = 2 ** 53;

/** The parsed form of a primitive column as flatJson writes it. Pure. */
export function parsedFlat(v: unknown): unknown {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    // Jackson's names for the non-finite doubles are written as strings
    if (!Number.isFinite(v)) return String(v);
    if (v > -LIMIT && v < LIMIT) return v === 0 ? 0 : v;
    return UNPARSED;
  }
  if (v === null || v === undefined) return null;
  return UNPARSED;
}

/** Whether `x` (toJson's output) reads back from its JSON text as the same data. Pure. */
export function plainJsonData(x: unknown): boolean {
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return true;
  if (typeof x === 'number') return x > -LIMIT && x < LIMIT && !Object.is(x, -0);
  if (typeof x !== 'object') return false;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) if (!plainJsonData(x[i])) return false;
    return true;
  }
  if (Object.getPrototypeOf(x) !== Object.prototype) return false;
  for (const k in x) {
    if (!Object.hasOwn(x, k) || k === '__proto__') return false;
    if (!plainJsonData((x as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** plainJsonData(toJson(v, t)) for a primitive value, told without building it (undefined, which
 *  toJson passes on and is no JSON, only in an array: a column's missing value is null). */
function plainPrimitive(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  // toJson writes non-finite doubles as their names, bytes as base64 text
  if (typeof v === 'number') return !Number.isFinite(v) || (v > -LIMIT && v < LIMIT && !Object.is(v, -0));
  return Buffer.isBuffer(v);
}

/**
 * For a column of a primitive type or an ARRAY of one, a test telling whether
 * plainJsonData(toJson(v, type)) holds without building toJson's copy (what a writer asks of every
 * record it may defer, before any reader wants the document). Undefined for other types (MAP, STRUCT,
 * nested arrays): build the document to know.
 */
export function plainTest(t: { kind: string; item?: { kind: string } }): ((v: unknown) => boolean) | undefined {
  if (PRIMITIVE_KINDS.has(t.kind)) return plainPrimitive;
  if (t.kind !== 'ARRAY' || t.item === undefined || !PRIMITIVE_KINDS.has(t.item.kind)) return undefined;
  return (v) => {
    if (v === null || v === undefined) return true;
    // not an array: toJson passes it on as it is
    if (!Array.isArray(v)) return plainJsonData(v);
    for (let i = 0; i < v.length; i++) if (!plainPrimitive(v[i])) return false;
    return true;
  };
}
