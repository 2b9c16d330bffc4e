// The built-in aggregate functions, looked up by name when a query aggregates.
import { PlanError } from '../../errors.js';
import { typeToString, type SqlType } from '../../types/sql-types.js';
import type { Value } from '../../types/values.js';
import type { AggImpl, AggregateFunction } from './aggregate.js';
import { BASIC_AGGREGATES } from './basic-aggregates.js';
import { OFFSET_AGGREGATES } from './offset-aggregates.js';
import { COLLECTION_AGGREGATES } from './collection-aggregates.js';
import { STATISTICS_AGGREGATES } from './statistics-aggregates.js';
import { COUNT_AGGREGATES } from './count-aggregates.js';

export const AGGREGATE_FUNCTIONS: readonly AggregateFunction[] = [
  ...BASIC_AGGREGATES,
  ...OFFSET_AGGREGATES,
  ...COLLECTION_AGGREGATES,
  ...STATISTICS_AGGREGATES,
  ...COUNT_AGGREGATES,
];

const ALL = new Map<string, AggregateFunction>(AGGREGATE_FUNCTIONS.map((f) => [f.name, f]));

/** `argTexts` (the arguments as written) name a non-literal where a literal is required; `props`
 *  are the engine properties in force for the statement; `lookup` finds the function (the
 *  engine's registry; by default the built-in aggregates). */
export function resolveAggregate(
  name: string,
  args: SqlType[],
  literals: Array<Value | undefined>,
  star: boolean,
  argTexts?: string[],
  props: Readonly<Record<string, string>> = {},
  lookup: (name: string) => AggregateFunction | undefined = (n) => ALL.get(n.toUpperCase()),
): AggImpl {
  const fn = lookup(name);
  if (!fn) throw new PlanError(`Can't find any functions with the name '${name.toUpperCase()}'`);
  const columns = fn.columnArgs?.(args.length, args) ?? 1;
  for (let i = columns; i < args.length && argTexts; i++) {
    if (literals[i] === undefined && args[i]!.kind !== 'NULL')
      throw new PlanError(
        `Parameter ${i + 1} passed to function ${fn.name} must be a literal constant, but was expression: '${argTexts[i]}'`,
      );
  }
  const impl = fn.resolve(args, literals, star, props);
  if (!impl)
    throw new PlanError(`Function '${fn.name}' does not accept parameters (${args.map(typeToString).join(', ')}).`);
  return impl;
}
