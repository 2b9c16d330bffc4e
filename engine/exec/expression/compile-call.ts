// Function calls: arguments compile first (lambdas once the overload has told their parameter
// types, time units as keywords), the registry resolves the overload, and the call evaluates its
// arguments into one array per row. A lambda compiles to a function of its parameters, which read
// cells set just before its body runs. Table functions type here but evaluate in a FlatMap.
import { ExecError, PlanError } from '../../errors.js';
import { printExpression, type Expression, type FunctionCall, type Lambda } from '../../syntax/index.js';
import type { SqlType } from '../../types/sql-types.js';
import type { Value } from '../../types/values.js';
import type { Scope } from '../../types/scope.js';
import type { ArgType } from '../functions/param-types.js';
import type { FunctionRegistry } from '../functions/registry.js';
import type { LambdaValue } from '../functions/signature.js';
import type { Eval } from './operators.js';
import { callWith } from './specialize.js';

/** A lambda parameter visible in a lambda body: its type and the cell holding its value. */
export interface LambdaBinding {
  type: SqlType;
  cell: { v: Value };
}

export interface CallContext {
  registry: FunctionRegistry;
  props: Readonly<Record<string, string>>;
  lambdas?: ReadonlyMap<string, LambdaBinding>;
}

export interface CompiledExpr {
  type: SqlType;
  eval: Eval;
}

type CompileFn<C> = (e: Expression, scope: Scope, ctx: C) => CompiledExpr;

/** A lambda argument: typed when the resolver asks, evaluated per row into a function. */
class LambdaArgument<C extends CallContext> {
  private compiled: { body: CompiledExpr; cells: Array<{ v: Value }> } | undefined;

  constructor(
    private readonly e: Lambda,
    private readonly scope: Scope,
    private readonly ctx: C,
    private readonly compileFn: CompileFn<C>,
  ) {}

  argType(): ArgType {
    return { kind: 'LAMBDA', arity: this.e.params.length, typeBody: (params) => this.typeBody(params) };
  }

  private typeBody(params: SqlType[]): SqlType {
    const seen = new Set<string>();
    for (const p of this.e.params) {
      if (seen.has(p)) throw new PlanError(`Lambda parameters must be unique: ${printExpression(this.e)}`);
      seen.add(p);
    }
    const lambdas = new Map(this.ctx.lambdas ?? []);
    const cells = this.e.params.map(() => ({ v: null as Value }));
    this.e.params.forEach((p, i) => lambdas.set(p, { type: params[i]!, cell: cells[i]! }));
    const body = this.compileFn(this.e.body, this.scope, { ...this.ctx, lambdas });
    this.compiled = { body, cells };
    return body.type;
  }

  /** The per-row function the implementation calls; only after the body has been typed. */
  eval(): Eval {
    const c = this.compiled;
    if (!c) throw new ExecError(`lambda ${printExpression(this.e)} was never typed`);
    const { body, cells } = c;
    const n = cells.length;
    return (row) => {
      const f: LambdaValue = (...args) => {
        for (let i = 0; i < n; i++) cells[i]!.v = args[i] ?? null;
        return body.eval(row);
      };
      return f as unknown as Value;
    };
  }
}

export function compileLambdaVariable(name: string, ctx: CallContext): CompiledExpr {
  const b = ctx.lambdas?.get(name);
  if (!b) throw new PlanError(`Lambda variable ${name} is not in scope`);
  const cell = b.cell;
  return { type: b.type, eval: () => cell.v };
}

/** The call's type and its evaluator over the row (not yet guarded against record errors). */
export function compileFunctionCall<C extends CallContext>(
  e: FunctionCall,
  scope: Scope,
  ctx: C,
  compileFn: CompileFn<C>,
): CompiledExpr {
  const parts = e.args.map((a) => {
    if (a.kind === 'Lambda') return new LambdaArgument(a, scope, ctx, compileFn);
    if (a.kind === 'IntervalUnitArg') {
      const unit = a.unit;
      return { type: { kind: 'INTERVALUNIT' } as ArgType, eval: (() => unit) as Eval };
    }
    return compileFn(a, scope, ctx);
  });
  const argTypes = parts.map((p) => (p instanceof LambdaArgument ? p.argType() : p.type));
  const fnCtx = { props: ctx.props };
  if (ctx.registry.isTableFunction(e.name)) {
    if (scope.clause !== 'SELECT')
      throw new PlanError(`Table functions can only be used in the SELECT clause: ${printExpression(e)}`);
    const type = ctx.registry.resultType(e.name, argTypes, fnCtx);
    return {
      type,
      eval: () => {
        throw new ExecError(`table function ${e.name} evaluated outside its FlatMap`);
      },
    };
  }
  const impl = ctx.registry.resolveScalar(e.name, argTypes, fnCtx);
  const evals = parts.map((p) => (p instanceof LambdaArgument ? p.eval() : p.eval));
  return { type: impl.type, eval: callWith(evals, impl.call) };
}

/** The table function call's argument evaluators and implementation (the FlatMap's part). */
export function compileTableCall<C extends CallContext>(
  e: FunctionCall,
  scope: Scope,
  ctx: C,
  compileFn: CompileFn<C>,
): { type: SqlType; args: Eval[]; call: (args: Value[]) => Value[] | null } {
  const args = e.args.map((a) => compileFn(a, scope, ctx));
  const impl = ctx.registry.resolveTable(
    e.name,
    args.map((a) => a.type),
    { props: ctx.props },
  );
  return { type: impl.type, args: args.map((a) => a.eval), call: impl.call };
}
