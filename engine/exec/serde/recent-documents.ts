// The JSON documents of the latest record values, by the identity of their bytes (or of a text
// record, text-record.ts, whose readers parse its text). On the in-memory
// driver one record reaches every query reading its topic (the capture topic feeds two, a rule's
// input up to seven), and each decoded the same bytes again; a sink writing JSON also knows the
// document it wrote. Here the first reader's parse (or the writer's document) serves the others.
// A document is plain JSON data, exactly what parsing the bytes gives, and nobody changes it
// (readers copy what they keep into new rows and structs, and engine values are never mutated).
// Only the last few are kept: delivery is depth first, so a record's readers all run while it is
// among the latest; an older one is parsed again, as before.

const SIZE = 32;
const bytesOf: Array<object | undefined> = new Array<object | undefined>(SIZE).fill(undefined);
const docOf: unknown[] = new Array<unknown>(SIZE).fill(undefined);
let next = 0;

/** What `recall` gives for bytes it does not hold (a document may be null). */
export const UNKNOWN: unique symbol = Symbol('unknown document');

export function remember(bytes: object, doc: unknown): void {
  bytesOf[next] = bytes;
  docOf[next] = doc;
  next = next === SIZE - 1 ? 0 : next + 1;
}

/** The document of these very bytes (the same Buffer object: record bytes are never written to
 *  once produced) or text record, or UNKNOWN. */
export function recall(bytes: object): unknown {
  let i = next;
  for (let n = 0; n < SIZE; n++) {
    i = i === 0 ? SIZE - 1 : i - 1;
    const b = bytesOf[i];
    if (b === undefined) return UNKNOWN;
    if (b === bytes) return docOf[i];
  }
  return UNKNOWN;
}
