// CASE expressions: every branch must share one type (NULL branches take it), and a CASE whose
// branches are all NULL is rejected as ksqlDB does.
import { PlanError } from '../../errors.js';
import { typeToString, typesEqual, type SqlType } from '../../types/sql-types.js';
import { printExpression, type Expression, type SearchedCase, type SimpleCase } from '../../syntax/index.js';
import type { Eval } from './operators.js';
import { compareRaw } from './operators.js';

interface Typed {
  type: SqlType;
  eval: Eval;
}

export function compileCase(
  e: SearchedCase | SimpleCase,
  sub: (x: Expression) => Typed,
  bool: (x: Expression) => Eval,
): Typed {
  const results = e.whens.map((w) => sub(w.then));
  const otherwise = e.else ? sub(e.else) : undefined;
  const all = otherwise ? [...results, otherwise] : results;
  const typed = all.filter((r) => r.type.kind !== 'NULL');
  if (typed.length === 0) throw new PlanError('Invalid Case expression. All case branches have NULL type');
  const type = typed[0]!.type;
  for (const r of typed) {
    if (!typesEqual(r.type, type)) {
      throw new PlanError(
        `Invalid Case expression. Type for all 'THEN' clauses should be the same. Result expression '${printExpression(e)}' has type ${typeToString(r.type)} but expected ${typeToString(type)}.`,
      );
    }
  }
  const thens = results.map((r) => r.eval);
  const other = otherwise?.eval;
  if (e.kind === 'SearchedCase') {
    const conds = e.whens.map((w) => bool(w.when));
    return {
      type,
      eval: (row) => {
        for (let i = 0; i < conds.length; i++) if (conds[i]!(row) === true) return thens[i]!(row);
        return other ? other(row) : null;
      },
    };
  }
  const operand = sub(e.operand).eval;
  const keys = e.whens.map((w) => sub(w.when).eval);
  return {
    type,
    eval: (row) => {
      const v = operand(row);
      if (v !== null)
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i]!(row);
          if (k !== null && compareRaw(v, k) === 0) return thens[i]!(row);
        }
      return other ? other(row) : null;
    },
  };
}
