// Array functions over ARRAY<T>: set operations with deep equality (first-occurrence order),
// ordering of primitive elements (nulls last), joining, slicing, series and map entries.
import { RecordError } from '../../errors.js';
import { PRIMITIVE_KINDS, T, type SqlType } from '../../types/sql-types.js';
import { valueKey, type Value } from '../../types/values.js';
import { javaDouble } from '../serde/delimited-serde.js';
import { defineFunction, type FunctionDef } from './registry.js';
import { nullSafe, sig, typedSig, type Impl } from './signature.js';
import { compareValues, javaMapOrder, valuesEqual } from './value-order.js';

const list = (v: Value | undefined): Value[] | null => (v === null || v === undefined ? null : (v as Value[]));

function distinct(items: Value[]): Value[] {
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const x of items) {
    const k = valueKey(x);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return out;
}

const keysOf = (items: Value[]): Set<string> => new Set(items.map(valueKey));

function setOp(f: (a: Value[], b: Value[]) => Value[]): Impl {
  return (args) => {
    const a = list(args[0]);
    const b = list(args[1]);
    return a === null || b === null ? null : f(a, b);
  };
}

const PRIMITIVE_ELEMENTS = new Set([...PRIMITIVE_KINDS, 'NULL']);

function requirePrimitive(name: string, t: SqlType): void {
  const item = t.kind === 'ARRAY' ? t.item : t;
  if (!PRIMITIVE_ELEMENTS.has(item.kind))
    throw new RecordError(`${name} supports arrays of primitive elements only, not ${item.kind}`);
}

/** ARRAY_MAX / ARRAY_MIN: the extreme non-null element in natural order. */
function extremeOf(name: string, sign: 1 | -1) {
  return typedSig(['ARRAY<T> input'], 'T', (info) => (args) => {
    const a = list(args[0]);
    if (a === null) return null;
    requirePrimitive(name, info.args[0]!);
    let best: Value = null;
    for (const x of a) if (x !== null && (best === null || compareValues(x, best) * sign > 0)) best = x;
    return best;
  });
}

function sortArray(a: Value[], direction: string): Value[] | null {
  const d = direction.toUpperCase();
  if (d !== 'ASC' && d !== 'DESC') return null;
  const sign = d === 'ASC' ? 1 : -1;
  const present = a.filter((x) => x !== null).sort((x, y) => compareValues(x, y) * sign);
  return [...present, ...a.filter((x) => x === null)];
}

/** An element as ARRAY_JOIN writes it: Java's toString of the value. */
function elementText(v: Value, t: SqlType): string {
  if (v === null) return 'null';
  if (t.kind === 'DOUBLE') return javaDouble(v as number);
  if (t.kind === 'DECIMAL') return (v as number).toFixed(t.scale);
  return String(v);
}

function arrayJoin(info: { args: SqlType[] }): Impl {
  const arr = info.args[0]!;
  const item = arr.kind === 'ARRAY' ? arr.item : T.NULL;
  return (args) => {
    const a = list(args[0]);
    if (a === null) return null;
    requirePrimitive('ARRAY_JOIN', arr);
    const delimiter = args.length > 1 ? ((args[1] as string | null) ?? '') : ',';
    return a.map((x) => elementText(x, item)).join(delimiter);
  };
}

function slice(args: Value[]): Value {
  const a = list(args[0]);
  if (a === null) return null;
  const from = args[1] === null ? 0 : (args[1] as number) - 1;
  const to = args[2] === null ? a.length : (args[2] as number);
  if (from < 0 || to > a.length || from > to)
    throw new RecordError(`SLICE range [${from + 1}, ${to}] is out of bounds for an array of ${a.length}`);
  return a.slice(from, to);
}

function series(args: Value[]): Value {
  const [start, end] = args as [number | null, number | null];
  const step = args.length > 2 ? (args[2] as number | null) : end !== null && start !== null && end < start ? -1 : 1;
  if (start === null || end === null || step === null) return null;
  if (step === 0) throw new RecordError('GENERATE_SERIES step cannot be zero');
  const diff = end - start;
  if (diff !== 0 && Math.sign(diff) !== Math.sign(step)) throw new RecordError('GENERATE_SERIES step has wrong sign');
  const out: number[] = [];
  for (let x = start; step > 0 ? x <= end : x >= end; x += step) out.push(x);
  return out;
}

function entries(args: Value[]): Value {
  const m = args[0] as Record<string, Value> | null;
  if (m === null) return null;
  const keys = args[1] === true ? Object.keys(m).sort() : javaMapOrder(Object.keys(m));
  return keys.map((k) => ({ K: k, V: m[k] ?? null }));
}

export const ARRAY_FUNCTIONS: FunctionDef[] = [
  defineFunction(
    'array_concat',
    'ARRAY',
    'Concatenates two arrays; a null array counts as empty unless both are null.',
    [
      sig(['ARRAY<T> left', 'ARRAY<T> right'], 'ARRAY<T>', (args) => {
        const a = list(args[0]);
        const b = list(args[1]);
        if (a === null && b === null) return null;
        return [...(a ?? []), ...(b ?? [])];
      }),
    ],
  ),
  defineFunction('array_contains', 'ARRAY', 'Whether an array contains a value.', [
    sig(['ARRAY<T> array', 'T val'], 'BOOLEAN', (args) => {
      const a = list(args[0]);
      const v = args[1] ?? null;
      return a !== null && a.some((x) => (v === null ? x === null : valuesEqual(x, v)));
    }),
  ]),
  defineFunction('array_distinct', 'ARRAY', 'The distinct elements of an array, in first-occurrence order.', [
    sig(
      ['ARRAY<T> input'],
      'ARRAY<T>',
      nullSafe(1, (args) => distinct(args[0] as Value[])),
    ),
  ]),
  defineFunction('array_except', 'ARRAY', 'The distinct elements of the first array that are not in the second.', [
    sig(
      ['ARRAY<T> left', 'ARRAY<T> right'],
      'ARRAY<T>',
      setOp((a, b) => {
        const drop = keysOf(b);
        return distinct(a).filter((x) => !drop.has(valueKey(x)));
      }),
    ),
  ]),
  defineFunction('array_intersect', 'ARRAY', 'The distinct elements present in both arrays.', [
    sig(
      ['ARRAY<T> left', 'ARRAY<T> right'],
      'ARRAY<T>',
      setOp((a, b) => {
        const keep = keysOf(b);
        return distinct(a).filter((x) => keep.has(valueKey(x)));
      }),
    ),
  ]),
  defineFunction('array_union', 'ARRAY', 'The distinct elements of both arrays, in encounter order.', [
    sig(
      ['ARRAY<T> left', 'ARRAY<T> right'],
      'ARRAY<T>',
      setOp((a, b) => distinct([...a, ...b])),
    ),
  ]),
  defineFunction('array_remove', 'ARRAY', 'Removes every element equal to the given one.', [
    sig(['ARRAY<T> array', 'T victim'], 'ARRAY<T>', (args) => {
      const a = list(args[0]);
      if (a === null) return null;
      const v = args[1] ?? null;
      return a.filter((x) => (v === null ? x !== null : !valuesEqual(x, v)));
    }),
  ]),
  defineFunction('array_length', 'ARRAY', 'The number of elements of an array.', [
    sig(
      ['ARRAY<T> array'],
      'INT',
      nullSafe(1, (args) => (args[0] as Value[]).length),
    ),
  ]),
  defineFunction('array_max', 'ARRAY', 'The largest non-null element of an array of primitives.', [
    extremeOf('ARRAY_MAX', 1),
  ]),
  defineFunction('array_min', 'ARRAY', 'The smallest non-null element of an array of primitives.', [
    extremeOf('ARRAY_MIN', -1),
  ]),
  defineFunction('array_sort', 'ARRAY', 'Sorts an array of primitives ASC or DESC, nulls last.', [
    typedSig(['ARRAY<T> input'], 'ARRAY<T>', (info) => (args) => {
      const a = list(args[0]);
      if (a === null) return null;
      requirePrimitive('ARRAY_SORT', info.args[0]!);
      return sortArray(a, 'ASC');
    }),
    typedSig(['ARRAY<T> input', 'STRING direction'], 'ARRAY<T>', (info) => (args) => {
      const a = list(args[0]);
      if (a === null || args[1] === null) return null;
      requirePrimitive('ARRAY_SORT', info.args[0]!);
      return sortArray(a, args[1] as string);
    }),
  ]),
  defineFunction(
    'array_join',
    'ARRAY',
    'Joins the elements of an array of primitives with a delimiter (default ",").',
    [
      typedSig(['ARRAY<T> array'], 'STRING', arrayJoin),
      typedSig(['ARRAY<T> array', 'STRING delimiter'], 'STRING', arrayJoin),
    ],
  ),
  defineFunction('slice', 'ARRAY', 'The elements from one 1-based position to another, both included.', [
    sig(['ARRAY<T> list', 'INT from', 'INT to'], 'ARRAY<T>', slice),
  ]),
  defineFunction('generate_series', 'ARRAY', 'The values from start to end, inclusive, by a step (default 1).', [
    sig(['INT start', 'INT end'], 'ARRAY<INT>', series),
    sig(['INT start', 'INT end', 'INT step'], 'ARRAY<INT>', series),
    sig(['BIGINT start', 'BIGINT end'], 'ARRAY<BIGINT>', series),
    sig(['BIGINT start', 'BIGINT end', 'INT step'], 'ARRAY<BIGINT>', series),
  ]),
  defineFunction('entries', 'MAP', 'The entries of a map as an array of STRUCT<K, V>, optionally sorted by key.', [
    sig(['MAP<STRING, T> map', 'BOOLEAN sorted'], 'ARRAY<STRUCT>', entries, {
      returnType: (args) => {
        const m = args[0]!;
        const v = m.kind === 'MAP' ? m.value : T.NULL;
        return T.array(
          T.struct([
            { name: 'K', type: T.STRING },
            { name: 'V', type: v },
          ]),
        );
      },
    }),
  ]),
];
