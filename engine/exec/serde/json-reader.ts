// Compiled JSON readers: for each declared SQL type, a function turning JSON.parse output into
// an engine value with exactly coerceJson's rules. The type dispatch and struct field lists are
// worked out once per column instead of once per value, which is what the hot decode path needs.
import { coerceJson, type Value } from '../../types/values.js';
import type { SqlType } from '../../types/sql-types.js';

export type JsonReader = (v: unknown) => Value;

/** A named field with its reader (struct fields, or the columns of a JSON value). */
export interface FieldReader {
  name: string;
  read: JsonReader;
  /** Only an all-upper-case name can match a JSON key case-insensitively (see `missing`). */
  upper: boolean;
}

// `typeof v === 'string'` with a literal compiles to a plain type check; comparing typeof with a
// variable does not, hence one small function per native type (plain loops: no closure per call).
function allStrings(a: unknown[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== null && typeof a[i] !== 'string') return false;
  return true;
}
function allNumbers(a: unknown[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== null && typeof a[i] !== 'number') return false;
  return true;
}
function allBooleans(a: unknown[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== null && typeof a[i] !== 'boolean') return false;
  return true;
}

export function jsonReader(t: SqlType): JsonReader {
  switch (t.kind) {
    case 'STRING':
      return (v) => (typeof v === 'string' ? v : coerceJson(v, t));
    case 'DOUBLE':
      return (v) => (typeof v === 'number' ? v : coerceJson(v, t));
    case 'BOOLEAN':
      return (v) => (typeof v === 'boolean' ? v : coerceJson(v, t));
    case 'INTEGER':
      return (v) => (typeof v === 'number' ? Math.trunc(v) | 0 : coerceJson(v, t));
    case 'BIGINT':
      return (v) => (typeof v === 'number' && Number.isSafeInteger(v) ? v : coerceJson(v, t));
    case 'ARRAY':
      return arrayReader(t);
    case 'STRUCT': {
      const read = structReader(fieldReaders(t.fields));
      return (v) =>
        typeof v === 'object' && v !== null && !Array.isArray(v)
          ? read(v as Record<string, unknown>)
          : coerceJson(v, t);
    }
    default:
      return (v) => coerceJson(v, t);
  }
}

function arrayReader(t: SqlType & { kind: 'ARRAY' }): JsonReader {
  const k = t.item.kind;
  // arrays whose elements already have the right JavaScript type are kept, not copied
  const native = k === 'STRING' ? allStrings : k === 'DOUBLE' ? allNumbers : k === 'BOOLEAN' ? allBooleans : undefined;
  const item = jsonReader(t.item);
  return (v) => {
    if (!Array.isArray(v)) return coerceJson(v, t);
    if (native !== undefined && native(v)) return v as Value[];
    const out = new Array<Value>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = item(v[i]);
    return out;
  };
}

export function fieldReaders(fields: ReadonlyArray<{ name: string; type: SqlType }>): FieldReader[] {
  return fields.map((f) => ({ name: f.name, read: jsonReader(f.type), upper: f.name === f.name.toUpperCase() }));
}

/** Reads every field of a JSON object into a struct value (keys in declared order). */
export function readFields(obj: Record<string, unknown>, fields: readonly FieldReader[]): Value {
  const out: Record<string, Value> = {};
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const x = obj[f.name];
    out[f.name] = f.read(x === undefined ? missing(obj, f) : x);
  }
  return out;
}

// readFields compiled for one field list (and a variant into row slots): a property read by a name
// fixed in the code is one inline-cached load, where `obj[f.name]` over changing names goes through
// V8's megamorphic lookup, and the struct is one object literal of a fixed shape. Same reads, same
// order, same results. Names are embedded as JSON string literals; `__proto__` (which an object
// literal would take as the prototype) keeps the loop above.
const literal = (name: string): string => JSON.stringify(name);
const compilable = (fields: readonly FieldReader[]): boolean => fields.every((f) => f.name !== '__proto__');

function compiled<T>(fields: readonly FieldReader[], params: string, body: string): T {
  const setup = fields.map((f, k) => `const r${k} = F[${k}].read;`).join('\n');
  return new Function('F', 'I', `${setup}\nreturn function (${params}) {\n${body}\n};`)(
    fields,
    new UpperMatches(fields),
  ) as T;
}

// a name missing from the object is looked up among the object's keys in upper case, all fields at
// once on the first miss (`ix`): the records of a capture spell their keys in lower case, so every
// field misses. `ix` also holds the exact matches, so once objects keep missing (I.missing) it is
// made first and every field read from it, without the failed property reads (each a lookup on
// objects of changing shapes, which no inline cache serves)
const fieldValue = (f: FieldReader, k: number): string =>
  f.upper
    ? `r${k}(ix !== undefined ? ix[${k}] : (x = obj[${literal(f.name)}]) === undefined ? (ix = I.of(obj))[${k}] : x)`
    : `r${k}(obj[${literal(f.name)}])`;

/** The start of a compiled reader's body: the matches made at once when objects keep missing. */
const FIRST = 'let x;\nlet ix = I.missing ? I.of(obj) : undefined;\n';

/**
 * `missing` for every field of one list at once: for each all-upper-case field name, the value of
 * the key spelled so exactly, else of the first key of the object (in its order) spelled so in upper
 * case: what reading the exact name, then `missing`, gives. One pass over the object's keys, each
 * key's field found by its own spelling (records repeat the same few keys), into an array reused
 * from object to object (a reader reads one object at a time; a nested struct has a reader of its
 * own).
 */
class UpperMatches {
  private readonly names: Array<string | undefined>;
  /** A key as spelled → the position of the field its upper case names, times 2, plus 1 when it is
   *  spelled exactly so; -1 when none. Bounded. */
  private readonly position = new Map<string, number>();
  private readonly found: unknown[];
  private readonly exact: boolean[];
  /** Whether the last object read needed the case-insensitive match (some field was not spelled
   *  exactly): the next is read from the matches at once. */
  missing = false;

  constructor(fields: readonly FieldReader[]) {
    this.names = fields.map((f) => (f.upper ? f.name : undefined));
    this.found = new Array<unknown>(fields.length).fill(undefined);
    this.exact = new Array<boolean>(fields.length).fill(false);
  }

  of(obj: Record<string, unknown>): unknown[] {
    const found = this.found;
    const exact = this.exact;
    found.fill(undefined);
    exact.fill(false);
    let inexact = false;
    for (const k of Object.keys(obj)) {
      let p = this.position.get(k);
      if (p === undefined) {
        if (this.position.size >= 4096) this.position.clear();
        const i = this.names.indexOf(k.toUpperCase());
        this.position.set(k, (p = i < 0 ? -1 : i * 2 + (k === this.names[i] ? 1 : 0)));
      }
      if (p < 0) continue;
      const i = p >> 1;
      if ((p & 1) === 1) {
        found[i] = obj[k];
        exact[i] = true;
      } else if (found[i] === undefined && !exact[i]) {
        found[i] = obj[k];
        inexact = true;
      }
    }
    this.missing = inexact;
    return found;
  }
}

/** readFields for one field list. */
export function structReader(fields: readonly FieldReader[]): (obj: Record<string, unknown>) => Value {
  if (!compilable(fields)) return (obj) => readFields(obj, fields);
  return compiled(
    fields,
    'obj',
    `${FIRST}return { ${fields.map((f, k) => `${literal(f.name)}: ${fieldValue(f, k)}`).join(', ')} };`,
  );
}

/** Reads the fields of a JSON object into consecutive row slots starting at `at`. */
export function rowReader(
  fields: readonly FieldReader[],
): (obj: Record<string, unknown>, row: Value[], at: number) => void {
  return compiled(
    fields,
    'obj, row, at',
    FIRST + fields.map((f, k) => `row[at + ${k}] = ${fieldValue(f, k)};`).join('\n'),
  );
}

/** ksqlDB matches JSON keys case-insensitively when the exact name is missing: the first key
 *  (in the object's order) whose upper-case spelling is the field name. */
function missing(obj: Record<string, unknown>, f: FieldReader): unknown {
  if (!f.upper) return undefined;
  for (const k of Object.keys(obj)) if (k.toUpperCase() === f.name) return obj[k];
  return undefined;
}
