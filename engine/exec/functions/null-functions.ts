// COALESCE, IFNULL, NULLIF and AS_VALUE: generic over any one type (ksqlDB's `T`).
import { defineFunction, type FunctionDef } from './registry.js';
import { sig } from './signature.js';
import { valuesEqual } from './value-order.js';

export const NULL_FUNCTIONS: FunctionDef[] = [
  defineFunction('COALESCE', 'NULL', 'Returns the first non-null parameter. All parameters must be of the same type.', [
    sig(['T first', 'T... others'], 'T', (v) => v.find((x) => x !== null) ?? null),
  ]),
  defineFunction('IFNULL', 'NULL', 'Returns expression, or altValue when expression is null.', [
    sig(['T expression', 'T altValue'], 'T', (v) => v[0] ?? v[1] ?? null),
  ]),
  defineFunction('NULLIF', 'NULL', 'Returns null when expression1 equals expression2, else expression1.', [
    sig(['T expression1', 'T expression2'], 'T', (v) =>
      v[0] !== null && v[1] !== null && valuesEqual(v[0]!, v[1]!) ? null : (v[0] ?? null),
    ),
  ]),
  defineFunction('AS_VALUE', 'OTHER', "Copies a row's key column into the row's value.", [
    sig(['T keyColumn'], 'T', (v) => v[0] ?? null),
  ]),
];
