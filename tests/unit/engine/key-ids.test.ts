// Grouping key ids made once per distinct key (key-ids.ts) and COLLECT_SET's value keys: the same
// ids and the same distinct values as building valueKey text per record.
import { describe, expect, it } from 'vitest';
import { KeyIds, keyIdOf } from '../../../engine/exec/operators/key-ids.js';
import { resolveAggregate } from '../../../engine/exec/aggregates/index.js';
import { T } from '../../../engine/types/sql-types.js';
import { valueKey, type Value } from '../../../engine/types/values.js';

const KEYS: Value[][] = [
  ['10.0.0.1', 80],
  ['10.0.0.1', '80'],
  ['10.0.0.1', -0],
  ['10.0.0.1', 0],
  ['10.0.0.1', NaN],
  [true, 'true'],
  ['10.0.0.1', 9007199254740993n],
  ['10.0.0.1', Buffer.from('ab')],
  [{ A: 1 }, 2],
  ['10.0.0.1', 80],
];

describe('grouping key ids', () => {
  it('are the ids valueKey text gives, for every kind of key part', () => {
    const two = new KeyIds(2);
    for (const k of KEYS) expect(two.id(k)).toBe(k.map((v) => valueKey(v) + '\u0001').join(''));
    const one = new KeyIds(1);
    for (const v of ['a', 1, -0, NaN, false, 5n, Buffer.from('x')]) expect(one.id([v])).toBe(valueKey(v));
    expect(new KeyIds(0).id([])).toBe(keyIdOf([]));
  });
  it('are the same string each time, and still right once the cache starts over', () => {
    const ids = new KeyIds(2, 3);
    const first = ids.id(['a', 1]);
    expect(ids.id(['a', 1])).toBe(first);
    for (let i = 0; i < 10; i++) expect(ids.id(['b', i])).toBe(keyIdOf(['b', i]));
    expect(ids.id(['a', 1])).toBe(first);
  });
});

describe("COLLECT_SET's distinct values", () => {
  const collect = (values: Value[]): Value => {
    const impl = resolveAggregate('COLLECT_SET', [T.BIGINT], [], false);
    let s = impl.init();
    values.forEach((v, i) => (s = impl.add(s, [v], i)));
    return impl.result(s);
  };
  /** The first value of each valueKey, in order: what the set kept when it compared valueKey text. */
  const byValueKey = (values: Value[]): Value[] => {
    const seen = new Set<string>();
    return values.filter((v) => !seen.has(valueKey(v)) && seen.add(valueKey(v)) !== undefined);
  };
  it('tell values apart as valueKey does', () => {
    // 0 and -0 are one value, NaN one, a bigint the number of the same digits; a string never a number
    expect(collect([0, -0, NaN, NaN, 5, 5n, null, null])).toEqual([0, NaN, 5, null]);
    expect(collect(['5', 5])).toEqual(['5', 5]);
    // 2^60 as a double prints 1152921504606847000: another value than the bigint 2^60
    const big: Value[] = [2n ** 60n, 2 ** 60, 2n ** 64n, 2n ** 64n, 9007199254740993n, 9007199254740992, 2n ** 53n];
    expect(collect(big)).toEqual(byValueKey(big));
    expect(collect(big)).toHaveLength(5);
  });
  it('undo removes the value by the same equality', () => {
    const impl = resolveAggregate('COLLECT_SET', [T.DOUBLE], [], false);
    let s = impl.init();
    for (const v of [1, NaN, -0]) s = impl.add(s, [v], 0);
    s = impl.undo!(s, [NaN]);
    s = impl.undo!(s, [0]);
    expect(impl.result(s)).toEqual([1]);
  });
});
