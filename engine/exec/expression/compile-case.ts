// CASE expressions evaluated lazily, branch by branch; their type is typecheck/case-types.ts's.
import type { SqlType } from '../../types/sql-types.js';
import { caseType } from '../../typecheck/case-types.js';
import { printExpression, type Expression, type SearchedCase, type SimpleCase } from '../../syntax/index.js';
import type { Eval } from './operators.js';
import { compareRaw } from './operators.js';
import { searchedCase } from './specialize.js';

interface Typed {
  type: SqlType;
  eval: Eval;
}

export function compileCase(e: SearchedCase | SimpleCase, sub: (x: Expression) => Typed): Typed {
  const results = e.whens.map((w) => sub(w.then));
  const otherwise = e.else ? sub(e.else) : undefined;
  const whens = e.kind === 'SearchedCase' ? e.whens.map((w) => sub(w.when)) : undefined;
  const type = caseType(
    e.whens.map((w, i) => ({
      text: `WHEN ${printExpression(w.when)} THEN ${printExpression(w.then)}`,
      whenText: printExpression(w.when),
      ...(whens ? { whenType: whens[i]!.type } : {}),
      thenType: results[i]!.type,
    })),
    otherwise?.type,
  );
  const thens = results.map((r) => r.eval);
  const other = otherwise?.eval;
  if (e.kind === 'SearchedCase') {
    const conds = whens!.map((w) => w.eval);
    return { type, eval: searchedCase(conds, thens, other) as Eval };
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
