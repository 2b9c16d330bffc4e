// The static type of an expression over a scope, before anything is compiled: every node typed
// by this phase's rules (operators, user lists, CASE, CAST, conditions), function calls through
// the function library's port. The planner types its columns with it; the expression compiler
// applies the same rules while it builds evaluators, so both agree by construction (the unit
// test checks they do over every expression kind).
import { PlanError } from '../errors.js';
import { printExpression, type Expression, type FunctionCall } from '../syntax/index.js';
import { T, type SqlType } from '../types/sql-types.js';
import { resolveColumn, type Scope } from '../types/scope.js';
import { convertType } from '../types/convert-type.js';
import { normalText } from '../types/walk.js';
import { arithmeticType, checkComparison, checkNegation } from './operator-types.js';
import { commonListType } from './coerce-list.js';
import { arrayItemType, mapEntryTypes } from './constructor-types.js';
import { caseType } from './case-types.js';
import { checkCast } from './cast-rules.js';
import { isCondition, notBoolean } from './conditions.js';

/** A lambda argument: its arity, and its body's type once its parameters' types are known. */
export interface LambdaArgType {
  kind: 'LAMBDA';
  arity: number;
  typeBody(params: SqlType[]): SqlType;
}

/** What a call site knows of one argument. */
export type CallArgType = SqlType | LambdaArgType | { kind: 'INTERVALUNIT' };

/** The function library as this phase sees it (exec/functions' registry implements it). */
export interface FunctionTypes {
  isAggregate(name: string): boolean;
  isTableFunction(name: string): boolean;
  /** The call's result type by overload resolution; a PlanError in ksqlDB's words if none fits. */
  resultType(name: string, args: readonly CallArgType[]): SqlType;
}

export interface TypeEnv {
  scope: Scope;
  functions: FunctionTypes;
  /** The parameters of the lambdas around the expression. */
  lambdas?: ReadonlyMap<string, SqlType>;
}

function literalType(e: Expression): SqlType | undefined {
  switch (e.kind) {
    case 'IntegerLiteral':
      return T.INTEGER;
    case 'BigIntLiteral':
      return T.BIGINT;
    case 'DecimalLiteral':
      return decimalLiteralType(e.value);
    case 'DoubleLiteral':
      return T.DOUBLE;
    case 'StringLiteral':
      return T.STRING;
    case 'BooleanLiteral':
      return T.BOOLEAN;
    case 'NullLiteral':
      return T.NULL;
    default:
      return undefined;
  }
}

/** `1.50` is DECIMAL(3, 2): precision and scale as written. */
export function decimalLiteralType(text: string): SqlType {
  const digits = text.replace(/^[-+]/, '');
  const [whole = '', frac = ''] = digits.split('.');
  const w = whole.replace(/^0+/, '');
  return T.decimal(Math.max(w.length + frac.length, 1), frac.length);
}

/** A condition operand (AND, OR, NOT): BOOLEAN or NULL. */
function conditionType(e: Expression, env: TypeEnv): SqlType {
  const t = typeExpression(e, env);
  if (!isCondition(t)) throw notBoolean(env.scope.clause, printExpression(e), t);
  return T.BOOLEAN;
}

function callType(e: FunctionCall, env: TypeEnv): SqlType {
  if (env.functions.isAggregate(e.name))
    throw new PlanError(`Aggregate function ${e.name} cannot be used here: ${printExpression(e)}`, {
      hint: `use it in the SELECT or HAVING of a GROUP BY query`,
    });
  if (env.functions.isTableFunction(e.name) && env.scope.clause !== 'SELECT')
    throw new PlanError(`Table functions can only be used in the SELECT clause: ${printExpression(e)}`);
  const args = e.args.map((a): CallArgType => {
    if (a.kind === 'IntervalUnitArg') return { kind: 'INTERVALUNIT' };
    if (a.kind !== 'Lambda') return typeExpression(a, env);
    return {
      kind: 'LAMBDA',
      arity: a.params.length,
      typeBody: (params) => {
        if (new Set(a.params).size !== a.params.length)
          throw new PlanError(`Lambda parameters must be unique: ${printExpression(a)}`);
        const lambdas = new Map(env.lambdas ?? []);
        a.params.forEach((p, i) => lambdas.set(p, params[i]!));
        return typeExpression(a.body, { ...env, lambdas });
      },
    };
  });
  return env.functions.resultType(e.name, args);
}

function structuralType(e: Expression, env: TypeEnv): SqlType {
  const sub = (x: Expression): SqlType => typeExpression(x, env);
  switch (e.kind) {
    case 'Dereference': {
      const base = sub(e.base);
      if (base.kind !== 'STRUCT')
        throw new PlanError(`Expected STRUCT type, got ${base.kind} in ${printExpression(e)}`);
      const f =
        base.fields.find((x) => x.name === e.field) ??
        base.fields.find((x) => x.name.toUpperCase() === e.field.toUpperCase());
      if (!f) throw new PlanError(`Could not find field '${e.field}' in '${printExpression(e.base)}'.`);
      return f.type;
    }
    case 'Subscript': {
      const base = sub(e.base);
      sub(e.index);
      if (base.kind === 'ARRAY') return base.item;
      if (base.kind === 'MAP') return base.value;
      throw new PlanError(`Subscript expression '${printExpression(e)}' needs an ARRAY or MAP, got ${base.kind}`);
    }
    case 'ArrayConstructor':
      return T.array(arrayItemType(e.items, sub));
    case 'MapConstructor': {
      const t = mapEntryTypes(e.entries, sub);
      return T.map(t.key, t.value);
    }
    case 'StructConstructor':
      return T.struct(e.fields.map((f) => ({ name: f.name, type: sub(f.value) })));
    default:
      throw new PlanError(`Unexpected expression ${printExpression(e)}`);
  }
}

/** The SQL type of `e`; a PlanError in ksqlDB's words where ksqlDB refuses it. */
export function typeExpression(e: Expression, env: TypeEnv): SqlType {
  const slot = env.scope.slots?.get(normalText(e));
  if (slot) return slot.type;
  const lit = literalType(e);
  if (lit) return lit;
  const sub = (x: Expression): SqlType => typeExpression(x, env);
  switch (e.kind) {
    case 'ColumnRef':
      return resolveColumn(env.scope, e.name, e.source).type;
    case 'ArithmeticBinary':
      return arithmeticType(e.op, sub(e.left), sub(e.right), printExpression(e));
    case 'ArithmeticUnary': {
      const t = sub(e.operand);
      checkNegation(e.op, t, printExpression(e));
      return t;
    }
    case 'Comparison':
      checkComparison(e.op, sub(e.left), sub(e.right), printExpression(e.left), printExpression(e.right));
      return T.BOOLEAN;
    case 'LogicalBinary':
      conditionType(e.left, env);
      return conditionType(e.right, env);
    case 'Not':
      return conditionType(e.operand, env);
    case 'IsNull':
      sub(e.operand);
      return T.BOOLEAN;
    case 'Like':
      sub(e.value);
      sub(e.pattern);
      return T.BOOLEAN;
    case 'Between': {
      const v = sub(e.value);
      checkComparison('>=', v, sub(e.low), printExpression(e.value), printExpression(e.low));
      sub(e.high);
      return T.BOOLEAN;
    }
    case 'InList':
      commonListType([e.value, ...e.list], sub);
      return T.BOOLEAN;
    case 'SearchedCase':
    case 'SimpleCase': {
      if (e.kind === 'SimpleCase') sub(e.operand);
      const searched = e.kind === 'SearchedCase';
      return caseType(
        e.whens.map((w) => {
          const when = sub(w.when);
          return {
            text: `WHEN ${printExpression(w.when)} THEN ${printExpression(w.then)}`,
            whenText: printExpression(w.when),
            ...(searched ? { whenType: when } : {}),
            thenType: sub(w.then),
          };
        }),
        e.else ? sub(e.else) : undefined,
      );
    }
    case 'Cast': {
      const to = convertType(e.type);
      checkCast(sub(e.expr), to, printExpression(e), env.scope.clause);
      return to;
    }
    case 'FunctionCall':
      return callType(e, env);
    case 'LambdaVariable': {
      const t = env.lambdas?.get(e.name);
      if (!t) throw new PlanError(`Lambda variable ${e.name} is not in scope`);
      return t;
    }
    case 'Lambda':
      throw new PlanError(`A lambda can only be a function argument: ${printExpression(e)}`);
    case 'IntervalUnitArg':
      throw new PlanError(`A time unit can only be a function argument: ${printExpression(e)}`);
    default:
      return structuralType(e, env);
  }
}
