// plainTest: whether a value's JSON document exists (plainJsonData of toJson's copy), told without
// building the copy. It must agree with building it for every value of the types it answers for,
// and answer for no other type.
import { describe, expect, it } from 'vitest';
import { plainJsonData, plainTest } from '../../../engine/exec/serde/parsed-json.js';
import { toJson, type Value } from '../../../engine/types/values.js';
import { T, type SqlType } from '../../../engine/types/sql-types.js';

const NUMBERS: Value[] = [0, -0, 1.5, -7, 2 ** 53 - 1, 2 ** 53, -(2 ** 53), 1e300, NaN, Infinity, -Infinity];
const OTHERS: Value[] = [null, '', 'x', 'q"uote', true, false, 9007199254740993n, Buffer.from('ab')];
const SCALARS = [...NUMBERS, ...OTHERS];
const ARRAYS: Value[] = [[], [null], [1, 2.5], [-0], [NaN, 'x'], [2 ** 53], [9007199254740993n], [true, null]];

describe('plainTest', () => {
  it('agrees with plainJsonData(toJson(…)) on the values of primitive types and arrays of them', () => {
    const typed: Array<[SqlType, Value[]]> = [
      [T.DOUBLE, [...NUMBERS, null]],
      [T.BIGINT, [0, -0, 5, 2 ** 53 - 1, 2 ** 53, 9007199254740993n, null]],
      [T.STRING, ['', 'x', 'q"uote', null]],
      [T.BOOLEAN, [true, false, null]],
      [T.BYTES, [Buffer.from('ab'), null]],
      [T.array(T.DOUBLE), [[], [null], [1, 2.5], [-0], [NaN, Infinity], [2 ** 53], [1e300, -1], null]],
      [T.array(T.BIGINT), [[1, 2], [9007199254740993n], null]],
      [T.array(T.STRING), [[], ['a', null], null]],
    ];
    let plain = 0;
    let not = 0;
    for (const [t, values] of typed) {
      const test = plainTest(t)!;
      expect(test).toBeDefined();
      for (const v of values) {
        const want = plainJsonData(toJson(v, t));
        expect([t.kind, v, test(v)]).toEqual([t.kind, v, want]);
        if (want) plain++;
        else not++;
      }
      // a value of another shape is never said plain when its document is not
      for (const v of [...SCALARS, ...ARRAYS]) if (test(v)) expect(plainJsonData(toJson(v, t))).toBe(true);
    }
    expect(plain).toBeGreaterThan(15);
    expect(not).toBeGreaterThan(8);
    // a hole in an array is no JSON value
    expect(plainTest(T.array(T.DOUBLE))!(new Array<Value>(2))).toBe(false);
  });

  it('leaves maps, structs and nested arrays to building the document', () => {
    expect(plainTest(T.map(T.STRING, T.DOUBLE))).toBeUndefined();
    expect(plainTest(T.struct([{ name: 'A', type: T.DOUBLE }]))).toBeUndefined();
    expect(plainTest(T.array(T.array(T.DOUBLE)))).toBeUndefined();
  });
});
