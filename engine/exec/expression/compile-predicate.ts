// Predicates: IS [NOT] NULL, [NOT] LIKE (with ESCAPE), [NOT] BETWEEN and [NOT] IN.
import {
  printExpression,
  type Between,
  type Expression,
  type InList,
  type IsNull,
  type Like,
} from '../../syntax/index.js';
import { T, type SqlType } from '../../types/sql-types.js';
import { comparison, likeRegex, type Eval } from './operators.js';
import { checkComparison } from '../../typecheck/operator-types.js';
import { searchedCase, specialize } from './specialize.js';
import { commonListType } from '../../typecheck/coerce-list.js';
import { coerceItem } from './coerce-items.js';
import { implicitCast } from '../functions/implicit-cast.js';

interface Typed {
  type: SqlType;
  eval: Eval;
}

function like(e: Like, sub: (x: Expression) => Typed): Typed {
  const v = sub(e.value);
  const p = sub(e.pattern);
  const cache = new Map<string, RegExp>();
  const neg = e.negated;
  return {
    type: T.BOOLEAN,
    eval: (row) => {
      const s = v.eval(row);
      const pat = p.eval(row);
      if (s === null || pat === null) return null;
      let re = cache.get(pat as string);
      if (!re) cache.set(pat as string, (re = likeRegex(pat as string, e.escape)));
      return re.test(s as string) !== neg;
    },
  };
}

/** Compares a TIMESTAMP, DATE or TIME with a string by reading the string as that type (ksqlDB
 *  allows this; `1970-01-11` is day 10, `00:00:05` 5000 ms), and a DATE with a TIMESTAMP as the
 *  timestamp of its midnight. */
export function coerceTemporal(side: Typed, other: Typed): Eval {
  if (side.type.kind === 'DATE' && other.type.kind === 'TIMESTAMP') {
    const days = side.eval;
    return (row) => {
      const d = days(row);
      return d === null ? null : (d as number) * 86_400_000;
    };
  }
  if (side.type.kind === 'STRING' && ['TIMESTAMP', 'DATE', 'TIME'].includes(other.type.kind)) {
    const read = implicitCast(side.type, other.type)!;
    return (row) => read(side.eval(row));
  }
  return side.eval;
}

function between(e: Between, sub: (x: Expression) => Typed): Typed {
  const v = sub(e.value);
  const lo = sub(e.low);
  const hi = sub(e.high);
  checkComparison('>=', v.type, lo.type, printExpression(e.value), printExpression(e.low));
  const ge = comparison('>=', coerceTemporal(v, lo), coerceTemporal(lo, v));
  const le = comparison('<=', coerceTemporal(v, hi), coerceTemporal(hi, v));
  const neg = e.negated;
  return {
    type: T.BOOLEAN,
    eval: (row) => {
      const a = ge(row);
      const b = le(row);
      if (a === null || b === null) return null;
      return (a && b) !== neg;
    },
  };
}

function inList(e: InList, sub: (x: Expression) => Typed): Typed {
  const all = [e.value, ...e.list];
  const compiled = new Map(all.map((x) => [x, sub(x)]));
  const common = commonListType(all, (x) => (compiled.get(x) ?? sub(x)).type) ?? T.NULL;
  const at = (x: Expression): Eval => coerceItem(x, compiled.get(x)!, common);
  const v = { type: common, eval: at(e.value) };
  const eqs = e.list.map((x) => comparison('=', v.eval, at(x)));
  return { type: T.BOOLEAN, eval: inListOf(v.eval, eqs, e.negated) };
}

export function compilePredicate(e: IsNull | Like | Between | InList, sub: (x: Expression) => Typed): Typed {
  switch (e.kind) {
    case 'IsNull': {
      const o = sub(e.operand).eval;
      return { type: T.BOOLEAN, eval: e.negated ? isNotNull(o) : isNull(o) };
    }
    case 'Like':
      return like(e, sub);
    case 'Between':
      return between(e, sub);
    case 'InList':
      return inList(e, sub);
  }
}

// one copy per node (see specialize.ts)
const isNull = specialize(
  (o: Eval): Eval =>
    (row) =>
      o(row) === null,
);
const isNotNull = specialize(
  (o: Eval): Eval =>
    (row) =>
      o(row) !== null,
);

/** `v IN (…)`: null for a null value, else whether some item equals it (negated for NOT IN); each
 *  item's comparison from a call site of its own. */
function inListOf(value: Eval, eqs: readonly Eval[], negated: boolean): Eval {
  const found = searchedCase(
    eqs,
    eqs.map(() => () => true),
    () => false,
  ) as Eval;
  return negated ? notIn(value, found) : isIn(value, found);
}
const isIn = specialize(
  (value: Eval, found: Eval): Eval =>
    (row) =>
      value(row) === null ? null : found(row),
);
const notIn = specialize(
  (value: Eval, found: Eval): Eval =>
    (row) =>
      value(row) === null ? null : !found(row),
);
