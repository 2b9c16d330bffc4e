// Invocation functions: TRANSFORM, FILTER and REDUCE over arrays and maps with lambda arguments
// (`x => …`, `(k, v) => …`, `(s, x) => …`). A lambda reaches the implementation as a function.
// A map TRANSFORM whose key lambda maps two entries to one key is an error (null, logged).
import { RecordError } from '../../errors.js';
import type { Value } from '../../types/values.js';
import { defineFunction, type FunctionDef } from './registry.js';
import { sig, type LambdaValue } from './signature.js';
import { javaMapOrder } from './value-order.js';

type MapValue = Record<string, Value>;
const fn = (v: Value | undefined): LambdaValue => v as unknown as LambdaValue;

/** A map's entries in the order ksqlDB iterates them (Java HashMap order). */
function entriesOf(m: MapValue): Array<[string, Value]> {
  return javaMapOrder(Object.keys(m)).map((k) => [k, m[k] ?? null]);
}

function transformArray(a: Value[]): Value {
  const arr = a[0] as Value[] | null;
  if (arr === null) return null;
  const f = fn(a[1]);
  return arr.map((x) => f(x));
}

function transformMap(a: Value[]): Value {
  const m = a[0] as MapValue | null;
  if (m === null) return null;
  const fk = fn(a[1]);
  const fv = fn(a[2]);
  const out: MapValue = {};
  for (const [k, v] of entriesOf(m)) {
    const key = String(fk(k, v));
    // ksqlDB collects the entries with Collectors.toMap, which refuses a key made twice
    if (Object.prototype.hasOwnProperty.call(out, key))
      throw new RecordError(`TRANSFORM: the key function gave the key '${key}' for two entries of the map`);
    out[key] = fv(k, v);
  }
  return out;
}

function filterArray(a: Value[]): Value {
  const arr = a[0] as Value[] | null;
  if (arr === null) return null;
  const f = fn(a[1]);
  return arr.filter((x) => f(x) === true);
}

function filterMap(a: Value[]): Value {
  const m = a[0] as MapValue | null;
  if (m === null) return null;
  const f = fn(a[1]);
  const out: MapValue = {};
  for (const [k, v] of entriesOf(m)) if (f(k, v) === true) out[k] = v;
  return out;
}

function reduceArray(a: Value[]): Value {
  const arr = a[0] as Value[] | null;
  const init = a[1] ?? null;
  if (init === null) return null;
  if (arr === null) return init;
  const f = fn(a[2]);
  let s: Value = init;
  for (const x of arr) s = f(s, x);
  return s;
}

function reduceMap(a: Value[]): Value {
  const m = a[0] as MapValue | null;
  const init = a[1] ?? null;
  if (init === null) return null;
  if (m === null) return init;
  const f = fn(a[2]);
  let s: Value = init;
  for (const [k, v] of entriesOf(m)) s = f(s, k, v);
  return s;
}

export const LAMBDA_FUNCTIONS: FunctionDef[] = [
  defineFunction(
    'transform',
    'LAMBDA',
    'Applies a lambda to every element of an array, or to every key and value of a map.',
    [
      sig(['ARRAY<T> array', '(T) => R function'], 'ARRAY<R>', transformArray),
      sig(['MAP<K, V> map', '(K, V) => K1 keyFunction', '(K, V) => V1 valueFunction'], 'MAP<K1, V1>', transformMap),
    ],
  ),
  defineFunction(
    'filter',
    'LAMBDA',
    'Keeps the elements of an array, or the entries of a map, for which a lambda is true.',
    [
      sig(['ARRAY<T> array', '(T) => BOOLEAN function'], 'ARRAY<T>', filterArray),
      sig(['MAP<K, V> map', '(K, V) => BOOLEAN function'], 'MAP<K, V>', filterMap),
    ],
  ),
  defineFunction('reduce', 'LAMBDA', 'Folds an array or a map into a state, starting from an initial state.', [
    sig(['ARRAY<T> array', 'S initialState', '(S, T) => S function'], 'S', reduceArray),
    sig(['MAP<K, V> map', 'S initialState', '(S, K, V) => S function'], 'S', reduceMap),
  ]),
];
