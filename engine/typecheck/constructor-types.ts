// The types of ARRAY[…] and MAP(…) constructors: their items' common type (coerce-list.ts), and
// ksqlDB's refusals of empty constructors and of all-NULL items.
import { PlanError } from '../errors.js';
import type { Expression } from '../syntax/index.js';
import type { SqlType } from '../types/sql-types.js';
import { commonListType, type TypeOf } from './coerce-list.js';

const ISSUE = '(see https://github.com/confluentinc/ksql/issues/4239)';

export function arrayItemType(items: readonly Expression[], typeOf: TypeOf): SqlType {
  if (items.length === 0)
    throw new PlanError(`Array constructor cannot be empty. Please supply at least one element ${ISSUE}.`);
  const t = commonListType(items, typeOf);
  if (!t)
    throw new PlanError(
      `Cannot construct an array with all NULL elements ${ISSUE}. As a workaround, you may cast a NULL value to the desired type.`,
    );
  return t;
}

export function mapEntryTypes(
  entries: ReadonlyArray<{ key: Expression; value: Expression }>,
  typeOf: TypeOf,
): { key: SqlType; value: SqlType } {
  if (entries.length === 0)
    throw new PlanError(`Map constructor cannot be empty. Please supply at least one key value pair ${ISSUE}.`);
  const part = (what: 'key' | 'value'): SqlType => {
    const t = commonListType(
      entries.map((x) => x[what]),
      typeOf,
    );
    if (!t)
      throw new PlanError(
        `Cannot construct a map with all NULL ${what}s ${ISSUE}. As a workaround, you may cast a NULL ${what} to the desired type.`,
      );
    return t;
  };
  const key = part('key');
  const value = part('value');
  return { key, value };
}
