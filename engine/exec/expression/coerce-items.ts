// Converts the compiled items of a user list (IN, ARRAY[…], MAP(…)) to the common type the type
// checker found for it (typecheck/coerce-list.ts): a literal becomes its value in that type, any
// other item of another type is CAST to it.
import type { Expression } from '../../syntax/index.js';
import { typesEqual, type SqlType } from '../../types/sql-types.js';
import { literalValue } from '../../typecheck/coerce-list.js';
import { castFunction } from './cast.js';
import type { Eval } from './operators.js';

interface Typed {
  type: SqlType;
  eval: Eval;
}

export function coerceItem(e: Expression, c: Typed, to: SqlType): Eval {
  if (c.type.kind === 'NULL' || typesEqual(c.type, to)) return c.eval;
  const v = literalValue(e, to);
  if (v !== undefined) return () => v;
  const convert = castFunction(c.type, to);
  const at = c.eval;
  return (row) => convert(at(row));
}
