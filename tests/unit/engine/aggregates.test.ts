// Aggregate functions: null rules, retraction for table sources, session merges and the
// array-valued aggregates.
import { describe, expect, it } from 'vitest';
import { resolveAggregate } from '../../../engine/exec/aggregates/index.js';
import { T, type SqlType } from '../../../engine/types/sql-types.js';
import type { Value } from '../../../engine/types/values.js';
import { PlanError, RecordError } from '../../../engine/errors.js';

function fold(
  name: string,
  types: SqlType[],
  values: Value[],
  o: { star?: boolean; literals?: Array<Value | undefined> } = {},
): Value {
  const impl = resolveAggregate(name, types, o.literals ?? [], o.star ?? false);
  let s = impl.init();
  values.forEach((v, i) => (s = impl.add(s, [v], i)));
  return impl.result(s);
}

describe('counting and summing', () => {
  it('COUNT(col) skips nulls, COUNT(*) counts rows', () => {
    expect(fold('COUNT', [T.INTEGER], [1, null, 3])).toBe(2);
    expect(fold('COUNT', [], [1, null, 3], { star: true })).toBe(3);
  });
  it('SUM skips nulls and is 0 over only nulls; AVG is a DOUBLE', () => {
    expect(fold('SUM', [T.INTEGER], [1, null, 3])).toBe(4);
    expect(fold('SUM', [T.BIGINT], [null, null])).toBe(0);
    expect(fold('AVG', [T.INTEGER], [1, 2, null])).toBe(1.5);
  });
  it('MIN and MAX skip nulls and compare strings', () => {
    expect(fold('MIN', [T.INTEGER], [null, 5, 2, 9])).toBe(2);
    expect(fold('MAX', [T.STRING], ['b', null, 'c', 'a'])).toBe('c');
  });
  it('MIN and MAX compare exact BIGINTs beyond 2^53 with the numbers beside them', () => {
    const max = 9_223_372_036_854_775_807n;
    const min = -9_223_372_036_854_775_808n;
    expect(fold('MAX', [T.BIGINT], [5, max, 100])).toBe(max);
    expect(fold('MIN', [T.BIGINT], [5, min, -100])).toBe(min);
    expect(fold('MAX', [T.BIGINT], [max - 1n, max])).toBe(max);
    expect(fold('MIN', [T.BIGINT], [max, 7])).toBe(7);
  });
  it('a DECIMAL SUM that outgrows its precision is an error, never a value the type cannot hold', () => {
    expect(fold('SUM', [T.decimal(4, 1)], [500.9, 300.8])).toBe(801.7);
    expect(() => fold('SUM', [T.decimal(4, 1)], [500.9, 300.8, 400.8])).toThrow(RecordError);
    expect(() => fold('SUM', [T.decimal(4, 1)], [500.9, 300.8, 400.8])).toThrow('Numeric field overflow');
  });
  it('COUNT_DISTINCT counts distinct non-null values', () => {
    expect(fold('COUNT_DISTINCT', [T.INTEGER], [80, 443, 80, null])).toBe(2);
  });
  it('retracts a row (table sources) with undo', () => {
    const impl = resolveAggregate('SUM', [T.INTEGER], [], false);
    let s = impl.add(impl.add(impl.init(), [5], 0), [7], 1);
    s = impl.undo!(s, [5]);
    expect(impl.result(s)).toBe(7);
  });
  it('has no undo for MIN, MAX and LATEST_BY_OFFSET', () => {
    expect(resolveAggregate('MIN', [T.INTEGER], [], false).undo).toBeUndefined();
    expect(resolveAggregate('LATEST_BY_OFFSET', [T.INTEGER], [], false).undo).toBeUndefined();
  });
});

describe('offset aggregates', () => {
  it('LATEST/EARLIEST_BY_OFFSET ignore nulls unless told not to', () => {
    expect(fold('LATEST_BY_OFFSET', [T.INTEGER], [1, 2, null])).toBe(2);
    expect(fold('LATEST_BY_OFFSET', [T.INTEGER, T.BOOLEAN], [1, 2, null], { literals: [undefined, false] })).toBeNull();
    expect(fold('EARLIEST_BY_OFFSET', [T.INTEGER], [null, 4, 5])).toBe(4);
    expect(fold('LATEST_BY_OFFSET', [T.INTEGER, T.INTEGER], [1, 2, 3], { literals: [undefined, 2] })).toEqual([2, 3]);
  });
  it('merges sessions by input order', () => {
    const impl = resolveAggregate('LATEST_BY_OFFSET', [T.INTEGER], [], false);
    const a = impl.add(impl.init(), [1], 10);
    const b = impl.add(impl.init(), [2], 5);
    expect(impl.result(impl.merge(a, b))).toBe(1);
  });
});

describe('collections', () => {
  it('COLLECT_LIST keeps order and duplicates, COLLECT_SET does not', () => {
    expect(fold('COLLECT_LIST', [T.STRING], ['a', 'b', 'a'])).toEqual(['a', 'b', 'a']);
    expect(fold('COLLECT_SET', [T.STRING], ['a', 'b', 'a'])).toEqual(['a', 'b']);
  });
  it('TOPK returns the k largest, largest first', () => {
    expect(fold('TOPK', [T.INTEGER, T.INTEGER], [5, 1, 9, 7], { literals: [undefined, 2] })).toEqual([9, 7]);
    expect(fold('TOPKDISTINCT', [T.INTEGER, T.INTEGER], [9, 9, 7], { literals: [undefined, 2] })).toEqual([9, 7]);
  });
  it('rejects argument types an aggregate does not take', () => {
    expect(() => resolveAggregate('SUM', [T.STRING], [], false)).toThrowError(PlanError);
  });
});

describe('collection size limits (ksql.functions.collect_list.limit, collect_set.limit)', () => {
  const LIST = 'ksql.functions.collect_list.limit';
  const SET = 'ksql.functions.collect_set.limit';
  const collect = (name: string, props: Record<string, string>, values: Value[]): Value => {
    const impl = resolveAggregate(name, [T.INTEGER], [], false, undefined, props);
    let s = impl.init();
    values.forEach((v, i) => (s = impl.add(s, [v], i)));
    return impl.result(s);
  };
  it('keeps no more than the limit and ignores later values silently', () => {
    expect(collect('COLLECT_LIST', { [LIST]: '2' }, [3, 3, 4, 5])).toEqual([3, 3]);
    expect(collect('COLLECT_SET', { [SET]: '2' }, [3, 3, 4, 5])).toEqual([3, 4]);
    expect(collect('COLLECT_LIST', { [LIST]: '0' }, [1])).toEqual([]);
  });
  it('has no limit when unset or negative, and each limit applies to its own function only', () => {
    const many = Array.from({ length: 2000 }, (_, i) => i);
    expect(collect('COLLECT_LIST', {}, many)).toHaveLength(2000);
    expect(collect('COLLECT_SET', { [SET]: '-1' }, many)).toHaveLength(2000);
    expect(collect('COLLECT_LIST', { [SET]: '1' }, [1, 2])).toEqual([1, 2]);
    expect(collect('COLLECT_SET', { [LIST]: '1' }, [1, 2])).toEqual([1, 2]);
  });
  it('holds the limit when session windows merge (the first window first)', () => {
    const list = resolveAggregate('COLLECT_LIST', [T.INTEGER], [], false, undefined, { [LIST]: '3' });
    const a = list.add(list.add(list.init(), [1], 0), [2], 1);
    const b = list.add(list.add(list.init(), [8], 2), [9], 3);
    expect(list.result(list.merge(a, b))).toEqual([1, 2, 8]);
    const set = resolveAggregate('COLLECT_SET', [T.INTEGER], [], false, undefined, { [SET]: '2' });
    const c = set.add(set.init(), [1], 0);
    const d = set.add(set.add(set.init(), [1], 1), [7], 2);
    expect(set.result(set.merge(c, set.add(d, [9], 3)))).toEqual([1, 7]);
  });
  it('rejects a limit that is not an integer', () => {
    expect(() => collect('COLLECT_SET', { [SET]: 'ten' }, [])).toThrowError(/collect_set\.limit/);
  });
});
