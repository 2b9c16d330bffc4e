// What reading a value's JSON text back gives (parseJsonExact of what the JSON serde writes), known
// without the text, for the values where that is simple: a writer hands it to the readers of its
// record (recent-documents.ts) instead of their parsing the bytes. Anything where the text and the
// value part ways is UNPARSED, and the readers parse as before: integers from 2^53 on (the exact
// parser reads those digits as a bigint), bigints, -0 (written "0") inside structures, undefined,
// and anything that is not plain data.

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
