// The natural order and equality of SQL values as ksqlDB's Java functions see them: numbers by
// value, strings by UTF-16 code unit (String.compareTo), false before true, bytes unsigned; deep
// equality for arrays, maps and structs.
import { valueKey, type Value } from '../../types/values.js';

export function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
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
