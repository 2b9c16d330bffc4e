// COLLECT_LIST, COLLECT_SET, TOPK and TOPKDISTINCT: aggregates whose result is an array.
import { PlanError } from '../../errors.js';
import { T } from '../../types/sql-types.js';
import { valueKey, type Value } from '../../types/values.js';
import { aggSig, type AggImpl, type AggregateFunction } from './aggregate.js';
import { compareValues } from '../functions/value-order.js';
import { decodeState, encodeState } from './state-codec.js';

const LIST_STATE = {
  serialize: (s: Value[]): unknown => s.map(encodeState),
  deserialize: (j: unknown): Value[] => (j as unknown[]).map((x) => decodeState(x) as Value),
};

/** ksqlDB's `ksql.functions.collect_list.limit` / `collect_set.limit`: at most that many values are
 *  kept, later ones are ignored silently; unset or negative, no limit (Integer.MAX_VALUE there). */
function sizeLimit(props: Readonly<Record<string, string>>, key: string): number {
  const raw = props[key];
  if (raw === undefined) return Infinity;
  const text = raw.trim();
  if (!/^[+-]?\d+$/.test(text)) throw new PlanError(`Invalid value for ${key}: '${raw}' is not an integer`);
  const n = Number(text);
  return n < 0 ? Infinity : n;
}

const collectList: AggregateFunction = {
  name: 'COLLECT_LIST',
  description: 'Returns an array of every value of a column, in input order.',
  signatures: [aggSig(['T col1'], 'ARRAY<T>')],
  resolve(args, _literals, _star, props) {
    if (args.length !== 1) return undefined;
    const limit = sizeLimit(props, 'ksql.functions.collect_list.limit');
    const impl: AggImpl<Value[]> = {
      type: T.array(args[0]!),
      complexState: true,
      init: () => [],
      add: (s, a) => (s.length < limit ? [...s, a[0] ?? null] : s),
      undo: (s, a) => {
        const i = s.findIndex((x) => valueKey(x) === valueKey(a[0] ?? null));
        return i < 0 ? s : [...s.slice(0, i), ...s.slice(i + 1)];
      },
      merge: (a, b) => [...a, ...b].slice(0, limit),
      result: (s) => s,
      ...LIST_STATE,
    };
    return impl as AggImpl;
  },
};

/** What COLLECT_SET tells values apart by: valueKey's equality without building its text for the
 *  usual values. Strings, numbers (0 and -0 alike, as valueKey's text), booleans and null are their
 *  own Set keys; a bigint is the number of the same text when there is one (valueKey writes both
 *  as digits), else its valueKey, as are bytes and structures. One column's values share one SQL
 *  type, so a raw string never meets another value's valueKey text in the same set. */
function setKey(v: Value): unknown {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null) return v;
  if (typeof v === 'bigint') {
    const n = Number(v);
    return String(n) === String(v) ? n : valueKey(v);
  }
  return valueKey(v);
}

/** Set's own equality of keys (SameValueZero: NaN equals NaN). */
const sameKey = (a: unknown, b: unknown): boolean => a === b || (a !== a && b !== b);

/** COLLECT_SET's state: the values in first-seen order and their keys (setKey), so that a value is
 *  found in one lookup rather than by comparing it with every value kept (a port scan's set holds
 *  thousands). `items` is handed out by result() and never changed after that: the next new
 *  value goes into a copy. The state itself belongs to one group and changes in place. */
interface DistinctList {
  items: Value[];
  /** Each item's setKey. */
  keys: Set<unknown>;
  /** Whether result() gave `items` out since it last changed. */
  shared: boolean;
}

const distinctList = (items: Value[], limit = Infinity): DistinctList => {
  const keys = new Set<unknown>();
  const kept: Value[] = [];
  for (const v of items) {
    if (kept.length >= limit) break;
    const k = setKey(v);
    if (keys.has(k)) continue;
    keys.add(k);
    kept.push(v);
  }
  return { items: kept, keys, shared: false };
};

const collectSet: AggregateFunction = {
  name: 'COLLECT_SET',
  description: 'Returns an array of the distinct values of a column, in first-seen order.',
  signatures: [aggSig(['T col1'], 'ARRAY<T>')],
  resolve(args, _literals, _star, props) {
    if (args.length !== 1) return undefined;
    const limit = sizeLimit(props, 'ksql.functions.collect_set.limit');
    const impl: AggImpl<DistinctList> = {
      type: T.array(args[0]!),
      complexState: true,
      init: () => ({ items: [], keys: new Set(), shared: false }),
      add: (s, a) => {
        if (s.items.length >= limit) return s;
        const v = a[0] ?? null;
        const k = setKey(v);
        if (s.keys.has(k)) return s;
        s.keys.add(k);
        if (s.shared) {
          s.items = [...s.items, v];
          s.shared = false;
        } else s.items.push(v);
        return s;
      },
      undo: (s, a) => {
        const k = setKey(a[0] ?? null);
        if (!s.keys.has(k)) return s;
        s.keys.delete(k);
        s.items = s.items.filter((x) => !sameKey(setKey(x), k));
        s.shared = false;
        return s;
      },
      merge: (a, b) => distinctList([...a.items, ...b.items], limit),
      result: (s) => {
        s.shared = true;
        return s.items;
      },
      // not given out: the next new value is pushed onto the same items
      peek: (s) => s.items,
      serialize: (s) => LIST_STATE.serialize(s.items),
      deserialize: (j) => distinctList(LIST_STATE.deserialize(j)),
    };
    return impl as AggImpl;
  },
};

/** TOPK(col, k) keeps the k largest values; TOPK(sort_col, col0, …, k) keeps the k rows with
 *  the largest sort_col as STRUCT<sort_col, col0, …>; TOPKDISTINCT(col, k) distinct values. */
function topk(name: string, distinct: boolean): AggregateFunction {
  return {
    name,
    description: `Returns the k largest${distinct ? ' distinct' : ''} values of a column, largest first${distinct ? '' : ', optionally with other columns of the same rows as structs'}.`,
    signatures: distinct
      ? [aggSig(['T col1', 'INT k'], 'ARRAY<T>')]
      : [aggSig(['T col1', 'INT k'], 'ARRAY<T>'), aggSig(['T sort_col', 'U... cols', 'INT k'], 'ARRAY<STRUCT>')],
    columnArgs: (n) => Math.max(n - 1, 1),
    resolve(args, lits) {
      const k = lits[args.length - 1];
      if (args.length < 2 || (distinct && args.length !== 2) || typeof k !== 'number' || k < 1) return undefined;
      const withColumns = args.length > 2;
      const sortKey = withColumns
        ? (v: Value): Value => (v as Record<string, Value>)['sort_col'] ?? null
        : (v: Value): Value => v;
      const keep = (s: Value[]): Value[] => {
        let out = [...s].sort((a, b) => compareValues(sortKey(b), sortKey(a)));
        if (distinct) out = out.filter((x, i) => i === 0 || valueKey(x) !== valueKey(out[i - 1]!));
        return out.slice(0, k);
      };
      const columns = args.slice(1, -1);
      const type = withColumns
        ? T.array(
            T.struct([{ name: 'sort_col', type: args[0]! }, ...columns.map((t, i) => ({ name: `col${i}`, type: t }))]),
          )
        : T.array(args[0]!);
      const element = withColumns
        ? (a: Value[]): Value => {
            const o: Record<string, Value> = { sort_col: a[0] ?? null };
            columns.forEach((_, i) => (o[`col${i}`] = a[i + 1] ?? null));
            return o;
          }
        : (a: Value[]): Value => a[0] ?? null;
      const impl: AggImpl<Value[]> = {
        type,
        columnArgs: args.length - 1,
        complexState: true,
        init: () => [],
        add: (s, a) => (a[0] === null ? s : keep([...s, element(a)])),
        merge: (a, b) => keep([...a, ...b]),
        result: (s) => s,
        ...LIST_STATE,
      };
      return impl as AggImpl;
    },
  };
}

export const COLLECTION_AGGREGATES: AggregateFunction[] = [
  collectList,
  collectSet,
  topk('TOPK', false),
  topk('TOPKDISTINCT', true),
];
