// Compiles an AST expression against a scope into a typed closure over the row array. Type
// errors are PlanErrors naming the expression; a failure while evaluating one record is logged
// and the expression yields null (ksqlDB's behaviour), the query keeps running.
import { PlanError, RecordError } from '../../errors.js';
import { isLiteral, printExpression, type Expression, type FunctionCall, type Literal } from '../../syntax/index.js';
import { T, type SqlType } from '../../types/sql-types.js';
import type { Value } from '../../types/values.js';
import type { FunctionRegistry } from '../functions/registry.js';
import { resolveColumn, type Scope } from '../../types/scope.js';
import { arithmetic, comparison, type Eval } from './operators.js';
import { negateLong, normLong, type Long } from '../../types/long.js';
import { arithmeticType, checkComparison, checkNegation } from '../../typecheck/operator-types.js';
import { checkCast } from '../../typecheck/cast-rules.js';
import { decimalLiteralType } from '../../typecheck/type-expression.js';
import { isCondition, notBoolean } from '../../typecheck/conditions.js';
import { coerceTemporal, compilePredicate } from './compile-predicate.js';
import { castFunction } from './cast.js';
import { convertType } from '../../types/convert-type.js';
import { normalText } from '../../types/walk.js';
import { compileCase } from './compile-case.js';
import { compileStructural } from './compile-structural.js';
import { specialize } from './specialize.js';
import { compileFunctionCall, compileLambdaVariable, type LambdaBinding } from './compile-call.js';
import { BUILT_IN_FUNCTIONS } from '../functions/index.js';

export interface Compiled {
  type: SqlType;
  eval: Eval;
}

export interface CompileContext {
  registry: FunctionRegistry;
  props: Readonly<Record<string, string>>;
  /** Called when evaluating one record fails; the expression then yields null. */
  onError(err: unknown, exprText: string): void;
  /** The parameters of the lambdas around the expression being compiled. */
  lambdas?: ReadonlyMap<string, LambdaBinding>;
}

const lit = (type: SqlType, v: Value): Compiled => ({ type, eval: () => v });

function literal(e: Literal): Compiled {
  switch (e.kind) {
    case 'IntegerLiteral':
      return lit(T.INTEGER, e.value);
    case 'BigIntLiteral':
      return lit(T.BIGINT, normLong(BigInt(e.value)));
    case 'DecimalLiteral':
      return lit(decimalLiteralType(e.value), Number(e.value));
    case 'DoubleLiteral':
      return lit(T.DOUBLE, e.value);
    case 'StringLiteral':
      return lit(T.STRING, e.value);
    case 'BooleanLiteral':
      return lit(T.BOOLEAN, e.value);
    case 'NullLiteral':
      return lit(T.NULL, null);
  }
}

export function compile(e: Expression, scope: Scope, ctx: CompileContext): Compiled {
  const slot = scope.slots?.get(normalText(e));
  if (slot) {
    const i = slot.index;
    return { type: slot.type, eval: columnAt(i) };
  }
  switch (e.kind) {
    case 'IntegerLiteral':
    case 'BigIntLiteral':
    case 'DecimalLiteral':
    case 'DoubleLiteral':
    case 'StringLiteral':
    case 'BooleanLiteral':
    case 'NullLiteral':
      return literal(e);
    case 'ColumnRef': {
      const c = resolveColumn(scope, e.name, e.source);
      return { type: c.type, eval: columnAt(c.index) };
    }
    case 'ArithmeticBinary': {
      const l = compile(e.left, scope, ctx);
      const r = compile(e.right, scope, ctx);
      const type = arithmeticType(e.op, l.type, r.type, printExpression(e));
      // in a lambda body ksqlDB's Java arithmetic on a null element throws, and the whole
      // function call (TRANSFORM, REDUCE…) is null; elsewhere a null operand gives null
      if (ctx.lambdas && ctx.lambdas.size > 0 && type.kind !== 'STRING')
        return { type, eval: nullRefusing(arithmetic(e.op, type, l.eval, r.eval), e) };
      return guarded({ type, eval: arithmetic(e.op, type, l.eval, r.eval) }, e, ctx);
    }
    case 'ArithmeticUnary': {
      const o = compile(e.operand, scope, ctx);
      checkNegation(e.op, o.type, printExpression(e));
      if (e.op === '+') return o;
      return {
        type: o.type,
        eval: (row) => {
          const v = o.eval(row);
          if (v === null) return null;
          return o.type.kind === 'BIGINT' ? negateLong(v as Long) : -(v as number);
        },
      };
    }
    case 'Comparison': {
      const l = compile(e.left, scope, ctx);
      const r = compile(e.right, scope, ctx);
      checkComparison(e.op, l.type, r.type, printExpression(e.left), printExpression(e.right));
      return { type: T.BOOLEAN, eval: comparison(e.op, coerceTemporal(l, r), coerceTemporal(r, l)) };
    }
    case 'LogicalBinary':
      return logical(e.op, compileBool(e.left, scope, ctx), compileBool(e.right, scope, ctx));
    case 'Not': {
      return { type: T.BOOLEAN, eval: notOf(compileBool(e.operand, scope, ctx)) };
    }
    case 'IsNull':
    case 'Like':
    case 'Between':
    case 'InList':
      return compilePredicate(e, (x) => compile(x, scope, ctx));
    case 'SearchedCase':
    case 'SimpleCase':
      return compileCase(e, (x) => compile(x, scope, ctx));
    case 'Cast': {
      const inner = compile(e.expr, scope, ctx);
      const to = convertType(e.type);
      checkCast(inner.type, to, printExpression(e), scope.clause);
      const convert = castFunction(inner.type, to);
      return guarded({ type: to, eval: castOf(inner.eval, convert) }, e, ctx);
    }
    case 'FunctionCall':
      return compileCall(e, scope, ctx);
    case 'LambdaVariable':
      return compileLambdaVariable(e.name, ctx);
    case 'Lambda':
      throw new PlanError(`A lambda can only be a function argument: ${printExpression(e)}`);
    case 'IntervalUnitArg':
      throw new PlanError(`A time unit can only be a function argument: ${printExpression(e)}`);
    default:
      return compileStructural(e, (x) => compile(x, scope, ctx));
  }
}

export function compileBool(e: Expression, scope: Scope, ctx: CompileContext): Eval {
  const c = compile(e, scope, ctx);
  if (!isCondition(c.type)) throw notBoolean(scope.clause, printExpression(e), c.type);
  return c.eval;
}

function logical(op: 'AND' | 'OR', l: Eval, r: Eval): Compiled {
  return { type: T.BOOLEAN, eval: junction(l, r, op === 'OR') };
}

/** Numeric arithmetic yields null only for a null operand: here that is an error. */
function nullRefusing(f: Eval, e: Expression): Eval {
  return (row) => {
    const v = f(row);
    if (v === null) throw new RecordError(`null operand in ${printExpression(e)} inside a lambda`);
    return v;
  };
}

function guarded(c: Compiled, e: Expression, ctx: CompileContext): Compiled {
  let text: string | undefined;
  return { type: c.type, eval: guard(c.eval, (err: unknown) => ctx.onError(err, (text ??= printExpression(e)))) };
}

// the hot evaluators, one copy per expression node (see specialize.ts)
// AND stops at the first false, OR at the first true; otherwise null if either side is null
const junction = specialize((l: Eval, r: Eval, stop: boolean): Eval => (row) => {
  const a = l(row);
  if (a === stop) return stop;
  const b = r(row);
  if (b === stop) return stop;
  return a === null || b === null ? null : !stop;
});
const notOf = specialize((o: Eval): Eval => (row) => {
  const v = o(row);
  return v === null ? null : !v;
});
const columnAt = specialize(
  (i: number): Eval =>
    (row) =>
      row[i] ?? null,
);
const castOf = specialize(
  (at: Eval, convert: (v: Value) => Value): Eval =>
    (row) =>
      convert(at(row)),
);
const guard = specialize((inner: Eval, onError: (err: unknown) => void): Eval => (row) => {
  try {
    return inner(row);
  } catch (err) {
    onError(err);
    return null;
  }
});

function compileCall(e: FunctionCall, scope: Scope, ctx: CompileContext): Compiled {
  if (ctx.registry.isAggregate(e.name)) {
    throw new PlanError(`Aggregate function ${e.name} cannot be used here: ${printExpression(e)}`, {
      hint: `use it in the SELECT or HAVING of a GROUP BY query`,
    });
  }
  const call = compileFunctionCall(e, scope, ctx, compile);
  return folded(e, call, ctx) ?? guarded(call, e, ctx);
}

const BUILT_IN = new Set<object>(BUILT_IN_FUNCTIONS);

/**
 * A built-in function called with literal arguments only (`SPLIT('22,53,123', ',')`), evaluated
 * once here instead of for every record. Built-ins depend on their arguments alone (the ones that
 * do not, RANDOM, UUID, UNIX_TIMESTAMP…, take none) and change no value, so every record would get
 * the same value. A call that fails is left to fail per record, as before (null and a processing
 * log entry each time); remote and registered-later functions are never folded.
 */
function folded(e: FunctionCall, call: Compiled, ctx: CompileContext): Compiled | undefined {
  if (e.args.length === 0 || !e.args.every(isLiteral)) return undefined;
  if (!BUILT_IN.has(ctx.registry.get(e.name) ?? {}) || ctx.registry.remote?.isRemote(e.name) === true) return undefined;
  let v: Value;
  try {
    v = call.eval([]);
  } catch {
    return undefined;
  }
  return lit(call.type, v);
}
