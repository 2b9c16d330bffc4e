// Table functions: each input row becomes as many rows as the function returns values.
// EXPLODE gives the elements of an array; CUBE_EXPLODE every combination of an array's elements
// with some of them replaced by null (a null element has only its null combination).
import type { Value } from '../../types/values.js';
import { defineFunction, type FunctionDef } from './registry.js';
import { sig } from './signature.js';

function explode(a: Value[]): Value[] | null {
  const arr = a[0] as Value[] | null;
  return arr === null ? [] : arr;
}

function cube(a: Value[]): Value[] | null {
  const arr = a[0] as Value[] | null;
  if (arr === null) return [];
  const n = arr.length;
  const out: Value[] = [];
  for (let mask = 0; mask < 1 << n; mask++) {
    const combo: Value[] = [];
    let duplicate = false;
    for (let j = 0; j < n && !duplicate; j++) {
      const kept = (mask >> (n - 1 - j)) & 1;
      if (kept && arr[j] === null) duplicate = true;
      combo.push(kept ? arr[j]! : null);
    }
    if (!duplicate) out.push(combo);
  }
  return out;
}

export const TABLE_FUNCTIONS: FunctionDef[] = [
  defineFunction(
    'explode',
    'TABLE',
    'Explodes an array. This function outputs one value for each element of the array.',
    [
      sig(['ARRAY<DECIMAL> input'], 'DECIMAL', explode, {
        returnType: (args) => (args[0]!.kind === 'ARRAY' ? args[0]!.item : args[0]!),
      }),
      sig(['ARRAY<T> list'], 'T', explode),
    ],
    'TABLE',
  ),
  defineFunction(
    'cube_explode',
    'TABLE',
    'Takes as argument a list of columns and outputs all possible combinations of them.',
    [sig(['ARRAY<T> columns'], 'ARRAY<T>', cube)],
    'TABLE',
  ),
];
