// Reading a JSON writer's column values as a JSON reader would read the document they write, without
// the document: a deferred record (deferred-record.ts) carries the writer's row, and a reader whose
// columns are found among the writer's by their exact names (the lookup a document read tries first)
// takes the values themselves where they are ones the text would give back unchanged. Anything else
// (a column matched only case-insensitively or missing, a type pair outside the simple ones, or a
// value such as -0, NaN, a bigint or an integer beyond 2^53 that the text changes) goes the document
// way, so the result is always what parsing the bytes would give.
import type { Value } from '../../types/values.js';
import type { SqlType } from '../../types/sql-types.js';

export interface JsonField {
  name: string;
  type: SqlType;
}

/** A column kind read directly: the JSON reader of that type returns such values unchanged. */
const enum Kind {
  String,
  Boolean,
  Integer,
  Bigint,
  Double,
  StringArray,
  BooleanArray,
  DoubleArray,
}

/** Returned when a value must be read from its document. */
export const NOT_DIRECT: unique symbol = Symbol('not direct');

function kindOf(t: SqlType): Kind | undefined {
  switch (t.kind) {
    case 'STRING':
      return Kind.String;
    case 'BOOLEAN':
      return Kind.Boolean;
    case 'INTEGER':
      return Kind.Integer;
    case 'BIGINT':
      return Kind.Bigint;
    case 'DOUBLE':
      return Kind.Double;
    case 'ARRAY':
      return t.item.kind === 'STRING'
        ? Kind.StringArray
        : t.item.kind === 'BOOLEAN'
          ? Kind.BooleanArray
          : t.item.kind === 'DOUBLE'
            ? Kind.DoubleArray
            : undefined;
    default:
      return undefined;
  }
}

/** How a reader finds its fields among a writer's: the writer index and kind per reader field, or
 *  undefined when some field cannot be read directly (then every record goes the document way). */
export interface FieldMap {
  at: Int32Array;
  kinds: Kind[];
}

export function fieldMap(reader: readonly JsonField[], writer: readonly JsonField[]): FieldMap | undefined {
  const at = new Int32Array(reader.length);
  const kinds: Kind[] = [];
  for (let k = 0; k < reader.length; k++) {
    const r = reader[k]!;
    const j = writer.findIndex((w) => w.name === r.name);
    if (j < 0) return undefined;
    const kind = kindOf(r.type);
    if (kind === undefined || kind !== kindOf(writer[j]!.type)) return undefined;
    at[k] = j;
    kinds.push(kind);
  }
  return { at, kinds };
}

const LIMIT = 2 ** 53;

/** A double the text writes and reads back as itself: finite, not -0 (whose text is "0"), and
 *  within ±2^53 (an integer literal of 16 digits or more is read back exactly, as a bigint). */
const sameDouble = (v: number): boolean => v > -LIMIT && v < LIMIT && (v !== 0 || 1 / v > 0);

function sameArray(v: unknown, item: 'string' | 'boolean' | 'number'): boolean {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    if (x === null) continue;
    if (typeof x !== item) return false;
    if (item === 'number' && !sameDouble(x as number)) return false;
  }
  return true;
}

/** Each writer field's kind (undefined where no reader takes it directly), made once per field list. */
const writerKinds = new WeakMap<readonly JsonField[], Array<Kind | undefined>>();

/** Each field's kind for rowDirect's check (undefined: no reader takes the field directly). */
export function directKinds(writer: readonly JsonField[]): ReadonlyArray<Kind | undefined> {
  let kinds = writerKinds.get(writer);
  if (kinds === undefined) writerKinds.set(writer, (kinds = writer.map((w) => kindOf(w.type))));
  return kinds;
}

/**
 * Whether every value of a writer's row that a reader could take directly (a field of a direct
 * kind) is one directValue takes unchanged. A reader's map pairs fields of the same kind only, so
 * the answer is the same for every reader of the record: asked once per record (a capture record
 * has a dozen readers), then each reader copies its values without checking them again.
 */
export function rowDirect(writer: readonly JsonField[], values: readonly Value[], from: number): boolean {
  const kinds = directKinds(writer);
  for (let j = 0; j < kinds.length; j++) {
    const kind = kinds[j];
    if (kind !== undefined && directValue(kind, values[from + j]) === NOT_DIRECT) return false;
  }
  return true;
}

/** The reader's value for the writer's value `v` of a matched column, or NOT_DIRECT. */
export function directValue(kind: Kind, v: Value | undefined): Value | typeof NOT_DIRECT {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case Kind.String:
      return typeof v === 'string' ? v : NOT_DIRECT;
    case Kind.Boolean:
      return typeof v === 'boolean' ? v : NOT_DIRECT;
    case Kind.Integer:
      return typeof v === 'number' && (v | 0) === v && sameDouble(v) ? v : NOT_DIRECT;
    case Kind.Bigint:
      return typeof v === 'number' && Number.isSafeInteger(v) && sameDouble(v) ? v : NOT_DIRECT;
    case Kind.Double:
      return typeof v === 'number' && sameDouble(v) ? v : NOT_DIRECT;
    case Kind.StringArray:
      return sameArray(v, 'string') ? v : NOT_DIRECT;
    case Kind.BooleanArray:
      return sameArray(v, 'boolean') ? v : NOT_DIRECT;
    case Kind.DoubleArray:
      return sameArray(v, 'number') ? v : NOT_DIRECT;
  }
}
