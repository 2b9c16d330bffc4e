// Map functions over MAP<STRING, T>: building one from key and value arrays, its keys and
// values (in Java HashMap order, as ksqlDB iterates them), and the union of two (the second
// map's value wins).
import type { Value } from '../../types/values.js';
import { defineFunction, type FunctionDef } from './registry.js';
import { nullSafe, sig } from './signature.js';
import { javaMapOrder } from './value-order.js';

type MapValue = Record<string, Value>;

function asMap(args: Value[]): Value {
  const keys = args[0] as Value[] | null;
  const vals = args[1] as Value[] | null;
  if (keys === null || vals === null) return null;
  const out: MapValue = {};
  for (let i = 0; i < Math.min(keys.length, vals.length); i++) out[String(keys[i])] = vals[i] ?? null;
  return out;
}

function union(args: Value[]): Value {
  const a = args[0] as MapValue | null;
  const b = args[1] as MapValue | null;
  if (a === null && b === null) return null;
  return { ...(a ?? {}), ...(b ?? {}) };
}

export const MAP_FUNCTIONS: FunctionDef[] = [
  defineFunction('as_map', 'MAP', 'Builds a map from an array of keys and an array of values.', [
    sig(['ARRAY<STRING> keys', 'ARRAY<T> values'], 'MAP<STRING, T>', asMap),
  ]),
  defineFunction('map_keys', 'MAP', 'The keys of a map.', [
    sig(
      ['MAP<STRING, T> input'],
      'ARRAY<STRING>',
      nullSafe(1, (a) => javaMapOrder(Object.keys(a[0] as MapValue))),
    ),
  ]),
  defineFunction('map_values', 'MAP', 'The values of a map.', [
    sig(
      ['MAP<STRING, T> input'],
      'ARRAY<T>',
      nullSafe(1, (a) => {
        const m = a[0] as MapValue;
        return javaMapOrder(Object.keys(m)).map((k) => m[k] ?? null);
      }),
    ),
  ]),
  defineFunction('map_union', 'MAP', 'The union of two maps; for a key in both, the second map wins.', [
    sig(['MAP<STRING, T> map1', 'MAP<STRING, T> map2'], 'MAP<STRING, T>', union),
  ]),
];
