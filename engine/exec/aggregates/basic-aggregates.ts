// COUNT, SUM, AVG, MIN, MAX and COUNT_DISTINCT with ksqlDB's null rules: COUNT(col) skips nulls,
// COUNT(*) counts rows, SUM of only nulls is 0, MIN/MAX skip nulls.
import { T, isNumeric, PRIMITIVE_KINDS, type SqlType } from '../../types/sql-types.js';
import { fitDecimal, valueKey, type Value } from '../../types/values.js';
import { aggSig, type AggImpl, type AggregateFunction } from './aggregate.js';
import { decodeState, encodeState, GENERIC_STATE, LONG_STATE, NUMBER_STATE } from './state-codec.js';
import { longArith, type Long } from '../../types/long.js';
import { compareValues as compare } from '../functions/value-order.js';

const count: AggregateFunction = {
  name: 'COUNT',
  description: 'Counts the rows (COUNT(*)) or the non-null values of a column.',
  signatures: [aggSig([], 'BIGINT'), aggSig(['T col1'], 'BIGINT')],
  resolve(args, _lits, star) {
    const counted = star || args.length === 0;
    const impl: AggImpl<number> = {
      type: T.BIGINT,
      init: () => 0,
      add: (s, a) => (counted || a[0] !== null ? s + 1 : s),
      undo: (s, a) => (counted || a[0] !== null ? s - 1 : s),
      merge: (a, b) => a + b,
      result: (s) => s,
      ...NUMBER_STATE,
    };
    return args.length <= 1 ? (impl as AggImpl) : undefined;
  },
};

const NUMERIC = ['INT', 'BIGINT', 'DOUBLE', 'DECIMAL'];

function sumType(t: SqlType): SqlType | undefined {
  if (t.kind === 'INTEGER' || t.kind === 'BIGINT' || t.kind === 'DOUBLE' || t.kind === 'DECIMAL') return t;
  return undefined;
}

const sum: AggregateFunction = {
  name: 'SUM',
  description: 'Sums the non-null values of a column (0 when there are none).',
  signatures: NUMERIC.map((t) => aggSig([`${t} col1`], t)),
  resolve(args) {
    const t = args.length === 1 ? sumType(args[0]!) : undefined;
    if (!t) return undefined;
    if (t.kind === 'BIGINT') return longSum as AggImpl;
    // a DECIMAL sum keeps the column's precision: one that outgrows it is an error (ksqlDB's
    // "Numeric field overflow"), never a value its type cannot hold
    const fix =
      t.kind === 'DECIMAL'
        ? (n: number): number => fitDecimal(n, t)
        : t.kind === 'INTEGER'
          ? (n: number): number => n | 0
          : (n: number): number => n;
    const impl: AggImpl<number> = {
      type: t,
      init: () => 0,
      add: (s, a) => (a[0] === null ? s : fix(s + (a[0] as number))),
      undo: (s, a) => (a[0] === null ? s : fix(s - (a[0] as number))),
      merge: (a, b) => fix(a + b),
      result: (s) => s,
      ...NUMBER_STATE,
    };
    return impl as AggImpl;
  },
};

/** SUM of BIGINT: exact, wrapping at 64 bits as Java's long does (types/long.ts). */
const longSum: AggImpl<Long> = {
  type: T.BIGINT,
  init: () => 0,
  add: (s, a) => (a[0] === null ? s : longArith('+', s, a[0] as Long)),
  undo: (s, a) => (a[0] === null ? s : longArith('-', s, a[0] as Long)),
  merge: (a, b) => longArith('+', a, b),
  result: (s) => s,
  ...LONG_STATE,
};

const avg: AggregateFunction = {
  name: 'AVG',
  description: 'Returns the average of the non-null values of a column.',
  signatures: NUMERIC.map((t) => aggSig([`${t} col1`], 'DOUBLE')),
  resolve(args) {
    if (args.length !== 1 || !isNumeric(args[0]!)) return undefined;
    const impl: AggImpl<{ sum: number; n: number }> = {
      type: T.DOUBLE,
      complexState: true,
      init: () => ({ sum: 0, n: 0 }),
      add: (s, a) => (a[0] === null ? s : { sum: s.sum + Number(a[0]), n: s.n + 1 }),
      undo: (s, a) => (a[0] === null ? s : { sum: s.sum - Number(a[0]), n: s.n - 1 }),
      merge: (a, b) => ({ sum: a.sum + b.sum, n: a.n + b.n }),
      result: (s) => (s.n === 0 ? null : s.sum / s.n),
      serialize: (s) => [NUMBER_STATE.serialize(s.sum), s.n],
      deserialize: (j) => {
        const [sum, n] = j as [unknown, number];
        return { sum: NUMBER_STATE.deserialize(sum), n };
      },
    };
    return impl as AggImpl;
  },
};

const COMPARABLE = new Set([
  'INTEGER',
  'BIGINT',
  'DOUBLE',
  'DECIMAL',
  'STRING',
  'BOOLEAN',
  'TIMESTAMP',
  'DATE',
  'TIME',
  'BYTES',
]);

function extreme(name: string, sign: number): AggregateFunction {
  return {
    name,
    description: `Returns the ${name.toLowerCase()}imum of the non-null values of a column.`,
    signatures: [...COMPARABLE].map((t) => aggSig([`${t} col1`], t)),
    resolve(args) {
      if (args.length !== 1 || !COMPARABLE.has(args[0]!.kind)) return undefined;
      const pick = (a: Value, b: Value): Value => (a === null ? b : b === null ? a : compare(b, a) * sign > 0 ? b : a);
      const impl: AggImpl<Value> = {
        type: args[0]!,
        init: () => null,
        add: (s, a) => pick(s, a[0] ?? null),
        merge: pick,
        result: (s) => s,
        ...(GENERIC_STATE as Pick<AggImpl<Value>, 'serialize' | 'deserialize'>),
      };
      return impl as AggImpl;
    },
  };
}

/** Types whose values are JavaScript primitives: distinct values can be kept as they are, since
 *  a Set tells them apart exactly as valueKey does (one type per column, 0 and -0 equal). BYTES
 *  are Buffers, told apart by valueKey. */
const PRIMITIVE = new Set([...PRIMITIVE_KINDS, 'NULL'].filter((k) => k !== 'BYTES'));

const countDistinct: AggregateFunction = {
  name: 'COUNT_DISTINCT',
  description: 'Returns the number of distinct non-null values of a column.',
  signatures: [aggSig(['T col1'], 'BIGINT')],
  resolve(args) {
    if (args.length !== 1) return undefined;
    const id = PRIMITIVE.has(args[0]!.kind) ? (v: Value): Value => v : valueKey;
    const impl: AggImpl<Set<Value>> = {
      type: T.BIGINT,
      complexState: true,
      init: () => new Set(),
      add: (s, a) => (a[0] === null ? s : s.add(id(a[0]!))),
      merge: (a, b) => new Set([...a, ...b]),
      result: (s) => s.size,
      // members are values, or valueKey strings for non-primitive types: both encode as they are
      serialize: (s) => [...s].map(encodeState),
      deserialize: (j) => new Set((j as unknown[]).map((x) => decodeState(x) as Value)),
    };
    return impl as AggImpl;
  },
};

/** SUM_LIST: the sum of every element of every array (null elements skipped). */
const sumList: AggregateFunction = {
  name: 'SUM_LIST',
  description: 'Sums the elements of array values.',
  signatures: NUMERIC.map((t) => aggSig([`ARRAY<${t}> col1`], t)),
  resolve(args) {
    const t = args.length === 1 && args[0]!.kind === 'ARRAY' ? sumType(args[0]!.item) : undefined;
    if (!t) return undefined;
    const total = (a: Value): number =>
      ((a as Value[] | null) ?? []).reduce<number>((s, x) => s + (x === null ? 0 : (x as number)), 0);
    const impl: AggImpl<number> = {
      type: t,
      init: () => 0,
      add: (s, a) => s + total(a[0] ?? null),
      undo: (s, a) => s - total(a[0] ?? null),
      merge: (a, b) => a + b,
      result: (s) => s,
      ...NUMBER_STATE,
    };
    return impl as AggImpl;
  },
};

export const BASIC_AGGREGATES: AggregateFunction[] = [
  count,
  sum,
  sumList,
  avg,
  extreme('MIN', -1),
  extreme('MAX', 1),
  countDistinct,
];
