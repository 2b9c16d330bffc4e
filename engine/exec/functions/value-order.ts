// The natural order and equality of SQL values as ksqlDB's Java functions see them: numbers by
// value, strings by UTF-16 code unit (String.compareTo), false before true, bytes unsigned; deep
// equality for arrays, maps and structs.
import { valueKey, type Value } from '../../types/values.js';

export function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  // exact BIGINTs beyond 2^53 are bigints, compared with numbers by value
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number'))
    return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return Buffer.compare(a, b);
  return 0;
}

/** SQL equality of two non-null values of one type (deep for containers). */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  return valueKey(a) === valueKey(b);
}

/** java.lang.String.hashCode. */
function javaHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** The order a java.util.HashMap sized for these keys (`new HashMap<>(n)`) and filled with them
 *  in this order iterates them: by bucket of the spread hash in a power-of-two table grown at
 *  0.75 load, then by insertion within a bucket. ksqlDB's maps read from records are such
 *  HashMaps, and the lambda functions fold them in that order (measured: REDUCE over a
 *  three-entry map). */
export function javaMapOrder(keys: string[]): string[] {
  let capacity = 1;
  while (capacity < keys.length) capacity *= 2;
  while (keys.length > capacity * 0.75) capacity *= 2;
  const bucket = (k: string): number => {
    const h = javaHash(k);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return keys
    .map((k, i) => ({ k, i, b: bucket(k) }))
    .sort((x, y) => x.b - y.b || x.i - y.i)
    .map((e) => e.k);
}
