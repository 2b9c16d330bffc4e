// The aggregate-function contract: a typed accumulator with add, optional undo (needed when the
// source is a table and a row changes group) and merge (session windows joining), and the
// function that resolves a call to one. Declared beside the function registry, which holds the
// aggregates (../aggregates implements them and resolves calls).
import type { SqlType } from '../../types/sql-types.js';
import type { Value } from '../../types/values.js';
import type { Signature } from './signature.js';

export interface AggImpl<S = unknown> {
  type: SqlType;
  /** How many leading arguments are columns read per row (default 1); the rest are literals. */
  columnArgs?: number;
  /** The intermediate state is an ARRAY, MAP or STRUCT (which DELIMITED cannot store). */
  complexState?: boolean;
  init(): S;
  /** Folds one row's argument values in; `seq` is the input order (for *_BY_OFFSET). The
   *  `args` array is reused for the next row: keep its elements, never the array itself. */
  add(state: S, args: Value[], seq: number): S;
  /** Removes a row previously added; absent when the function cannot be used on a table. */
  undo?(state: S, args: Value[]): S;
  merge(a: S, b: S): S;
  result(state: S): Value;
  /** The result as the state holds it, valid only until the state next changes (which may change
   *  it in place): for a reader that reads it at once and keeps nothing of it (borrowed-results.ts).
   *  Absent: such readers take `result` too. */
  peek?(state: S): Value;
  /** The state as JSON-able data for a changelog topic (restored by `deserialize`); absent: the
   *  generic codec of state-codec.ts. */
  serialize?(state: S): unknown;
  deserialize?(data: unknown): S;
}

export interface AggregateFunction {
  name: string;
  description: string;
  /** The declared overloads, for SHOW and DESCRIBE FUNCTION (resolution is `resolve`'s). */
  signatures: Signature[];
  /** How many leading arguments of a call with `argCount` arguments of types `args` are
   *  columns (default 1); every later one must be a literal. May throw the call's resolution
   *  error, which ksqlDB reports before any literal check. */
  columnArgs?(argCount: number, args: readonly SqlType[]): number;
  /** `literals` holds the value of each constant argument (e.g. TOPK's k), undefined otherwise;
   *  `props` the engine properties in force for the statement (e.g. a collection's size limit). */
  resolve(
    args: SqlType[],
    literals: Array<Value | undefined>,
    star: boolean,
    props: Readonly<Record<string, string>>,
  ): AggImpl | undefined;
}
