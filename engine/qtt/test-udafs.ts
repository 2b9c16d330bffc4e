// The aggregate test functions of ksqlDB's functional-test harness (ksqldb-engine's src/test
// function/udaf: TestUdaf, VarArgUdaf, MultiArgUdaf, FourArgUdaf, FiveArgUdaf, MiddleVarArgUdaf,
// ObjVarColArgUdaf, GenericVarArgUdaf), written after what those classes do. They exercise
// several columns, variadic columns (also before initial arguments), initial arguments and
// generic types. Only a QTT run registers them (test-registry.ts).
import type { Value } from '../types/values.js';
import { longArith, type Long } from '../types/long.js';
import type { AggregateFunction } from '../exec/aggregates/aggregate.js';
import { udaf, type UdafImpl } from '../exec/aggregates/udaf.js';

const plus = (a: Long, b: Long): Long => longArith('+', a, b);
const len = (v: Value): number => (v === null ? 0 : (v as string).length);

/** A BIGINT sum starting at `init`, adding what `term` makes of each row; `result` maps it. */
function longSum(init: Long, term: (args: Value[]) => Long, result: (s: Long) => Value = (s) => s): UdafImpl {
  return {
    init: () => init,
    add: (s, a) => plus(s as Long, term(a)),
    merge: (a, b) => plus(a as Long, b as Long),
    result: (s) => result(s as Long),
  };
}

/** MULTI_ARG-style initial arguments: an int plus the lengths of the strings after it. */
const initialSum = (init: Value[]): Long => init.reduce<Long>((s, v, i) => plus(s, i === 0 ? (v as Long) : len(v)), 0);

/** Sums a column, skipping nulls (Java would fail unboxing one); undoable like TableUdaf. */
function summing(col: string, returns: string, undoable: boolean) {
  return {
    columns: [col],
    returns,
    make: (): UdafImpl => ({
      init: () => 0,
      add: (s, a) =>
        a[0] === null ? s : returns === 'DOUBLE' ? (s as number) + (a[0] as number) : plus(s as Long, a[0] as Long),
      ...(undoable
        ? { undo: (s: unknown, a: Value[]) => (a[0] === null ? s : longArith('-', s as Long, a[0] as Long)) }
        : {}),
      merge: (a, b) => (returns === 'DOUBLE' ? (a as number) + (b as number) : plus(a as Long, b as Long)),
      result: (s) => s as Value,
    }),
  };
}

type Struct = Record<string, Value>;

const testUdaf = udaf('test_udaf', 'test_udaf', [
  { ...summing('BIGINT val', 'BIGINT', true), description: 'sums longs' },
  { ...summing('INT val', 'BIGINT', true), description: 'sums int' },
  { ...summing('DOUBLE val', 'DOUBLE', false), description: 'sums double' },
  {
    columns: ['STRING val'],
    init: ['STRING initialString'],
    returns: 'BIGINT',
    description: 'sums the length of strings',
    make: ({ init }) => longSum(len(init[0]!), (a) => len(a[0]!)),
  },
  {
    columns: ['STRUCT<A INTEGER, B INTEGER> val'],
    returns: 'STRUCT<A INTEGER, B INTEGER>',
    description: 'returns a struct with {SUM(in->A), SUM(in->B)}',
    make: (): UdafImpl => {
      const add = (s: unknown, a: Value[]): Struct => {
        const acc = s as Struct;
        const cur = a[0] as Struct | null;
        if (cur === null) return acc;
        return { A: ((cur.A as number) + (acc.A as number)) | 0, B: ((cur.B as number) + (acc.B as number)) | 0 };
      };
      return {
        init: () => ({ A: 0, B: 0 }),
        add,
        merge: (a, b) => add(a, [b as Value]),
        result: (s) => s as Value,
        complexState: true,
      };
    },
  },
]);

const varArg = udaf('VAR_ARG', 'Returns the sum of the provided longs and lengths of strings.', [
  {
    columns: ['BIGINT first', 'STRING... rest'],
    returns: 'BIGINT',
    make: () =>
      longSum(0, (a) => a.reduce<Long>((s, v, i) => plus(s, i === 0 ? ((v as Long | null) ?? 0) : len(v)), 0)),
  },
]);

/** MULTI_ARG, FOUR_ARG and FIVE_ARG: a long, strings (lengths) and for FIVE_ARG an int, summed
 *  onto the initial arguments' sum. */
function multiArg(name: string, columns: string[]): AggregateFunction {
  return udaf(name, 'Returns the sum of the provided longs and lengths of strings.', [
    {
      columns,
      init: ['INT initArg1', 'STRING... initArg2'],
      returns: 'BIGINT',
      make: ({ init }) =>
        longSum(initialSum(init), (a) =>
          a.reduce<Long>(
            (s, v, i) => plus(s, columns[i]!.startsWith('STRING') ? len(v) : ((v as Long | null) ?? 0)),
            0,
          ),
        ),
    },
  ]);
}

const midVarArg = udaf(
  'MID_VAR_ARG',
  'Returns the sum of the provided longs, lengths of strings, and initial arguments.',
  [
    {
      columns: ['BIGINT first', 'STRING... rest'],
      init: ['INT first', 'INT second'],
      returns: 'BIGINT',
      make: ({ init }) => {
        const constant = ((init[0] as number) + (init[1] as number)) | 0;
        const term = (a: Value[]): Long =>
          a.reduce<Long>((s, v, i) => plus(s, i === 0 ? ((v as Long | null) ?? 0) : len(v)), 0);
        return longSum(0, term, (s) => plus(s, constant));
      },
    },
  ],
);

/** OBJ_COL_ARG and GENERIC_VAR_ARG: the first column of every row whose columns are all non-null,
 *  as an array of the first column's type. */
function nonNullRows(): UdafImpl {
  return {
    init: () => [],
    add: (s, a) => (a.every((v) => v !== null) ? [...(s as Value[]), a[0]!] : s),
    merge: (x, y) => [...(x as Value[]), ...(y as Value[])],
    result: (s) => s as Value[],
    complexState: true,
  };
}

const objColArg = udaf('OBJ_COL_ARG', 'Returns an array of rows where all the given columns are non-null.', [
  { columns: ['INT first', 'ANY... rest'], returns: 'ARRAY<INT>', make: nonNullRows },
]);

const genericVarArg = udaf('GENERIC_VAR_ARG', 'Returns an array of rows where all the given columns are non-null.', [
  {
    columns: ['A first', 'B second', 'C... rest'],
    returns: 'ARRAY<A>',
    make: nonNullRows,
  },
]);

export const TEST_UDAFS: readonly AggregateFunction[] = [
  testUdaf,
  varArg,
  multiArg('MULTI_ARG', ['BIGINT first', 'STRING second']),
  multiArg('FOUR_ARG', ['BIGINT first', 'STRING second', 'STRING third', 'STRING fourth']),
  multiArg('FIVE_ARG', ['BIGINT first', 'STRING second', 'STRING third', 'STRING fourth', 'INT fifth']),
  midVarArg,
  objColArg,
  genericVarArg,
];
