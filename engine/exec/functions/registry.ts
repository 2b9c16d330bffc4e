// The function registry: scalar and table functions by name with their declared overloads
// (signature.ts), resolved against a call's argument types by ksqlDB's rules
// (resolve-overload.ts); aggregates register here too (listed by SHOW/DESCRIBE, looked up by
// ../aggregates when a query aggregates). More (remote, QTT's test) functions register on the same
// registry.
import { PlanError } from '../../errors.js';
import type { SqlType } from '../../types/sql-types.js';
import type { Value } from '../../types/values.js';
import { implicitCast } from './implicit-cast.js';
import type { ArgType } from './param-types.js';
import { resolveOverload, type Resolution } from './resolve-overload.js';
import type { Impl, Signature } from './signature.js';
import type { RemoteBinding } from './remote-function.js';
import type { AggregateFunction } from './aggregate-contract.js';

export interface FnContext {
  /** Engine properties in force for the statement (e.g. ksql.functions.collect_list.limit). */
  props: Readonly<Record<string, string>>;
}

export type FunctionKind = 'SCALAR' | 'TABLE' | 'AGGREGATE';

/** ksqlDB's function categories as SHOW FUNCTIONS lists them. */
export type FunctionCategory =
  | 'MATHEMATICAL'
  | 'STRING'
  | 'REGULAR EXPRESSION'
  | 'JSON'
  | 'ARRAY'
  | 'MAP'
  | 'DATE / TIME'
  | 'URL'
  | 'LAMBDA'
  | 'CONVERSIONS'
  | 'NULL'
  | 'AGGREGATE'
  | 'TABLE'
  | 'OTHER';

export interface FunctionDef {
  /** As ksqlDB declares it; messages quote it so (`Function 'explode' does not accept…`). */
  name: string;
  kind: FunctionKind;
  category: FunctionCategory;
  description: string;
  signatures: readonly Signature[];
}

export interface ScalarImpl {
  type: SqlType;
  call(args: Value[]): Value;
}

/** A table function's rows for one input: `type` is the type of each produced value. */
export interface TableImpl {
  type: SqlType;
  call(args: Value[]): Value[] | null;
}

export function defineFunction(
  name: string,
  category: FunctionCategory,
  description: string,
  signatures: Signature[],
  kind: FunctionKind = 'SCALAR',
): FunctionDef {
  return { name, kind, category, description, signatures };
}

export class FunctionRegistry {
  private readonly defs = new Map<string, FunctionDef>();
  private readonly aggregates = new Map<string, AggregateFunction>();
  /** The engine's remote functions (remote-function.ts), when any are configured. */
  remote: RemoteBinding | undefined;

  register(fn: FunctionDef): void {
    this.defs.set(fn.name.toUpperCase(), fn);
  }

  /** Aggregates resolve in ../aggregates (resolveAggregate, given `aggregate` as its lookup);
   *  their names and signatures list with the other functions. */
  registerAggregate(fn: AggregateFunction): void {
    this.register({
      name: fn.name,
      description: fn.description,
      signatures: fn.signatures,
      kind: 'AGGREGATE',
      category: 'AGGREGATE',
    });
    this.aggregates.set(fn.name.toUpperCase(), fn);
  }

  /** The aggregate function of that name, if one is registered. */
  aggregate(name: string): AggregateFunction | undefined {
    return this.aggregates.get(name.toUpperCase());
  }

  isAggregate(name: string): boolean {
    return this.defs.get(name.toUpperCase())?.kind === 'AGGREGATE';
  }

  isTableFunction(name: string): boolean {
    return this.defs.get(name.toUpperCase())?.kind === 'TABLE';
  }

  has(name: string): boolean {
    return this.defs.has(name.toUpperCase());
  }

  /** A function of any kind by name (DESCRIBE FUNCTION). */
  get(name: string): FunctionDef | undefined {
    return this.defs.get(name.toUpperCase());
  }

  /** Every function with its kind, sorted by name (SHOW FUNCTIONS). */
  list(): Array<{ name: string; type: FunctionKind; category: FunctionCategory }> {
    return [...this.defs.entries()]
      .map(([name, d]) => ({ name, type: d.kind, category: d.category }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  names(): string[] {
    return [...this.defs.keys()].sort();
  }

  private require(name: string, kind: 'SCALAR' | 'TABLE'): FunctionDef {
    const fn = this.defs.get(name.toUpperCase());
    if (!fn || fn.kind === 'AGGREGATE' || (kind === 'SCALAR' && fn.kind === 'TABLE'))
      throw new PlanError(`Can't find any functions with the name '${name.toUpperCase()}'`);
    return fn;
  }

  /** The overload a scalar or table call resolves to and its types; builds nothing (the
   *  type checker's question). Lambda arguments have their bodies typed through `typeBody`. */
  resolveCall(name: string, args: readonly ArgType[], _ctx?: FnContext): Resolution & { fn: FunctionDef } {
    const fn = this.require(name, 'TABLE');
    return { ...resolveOverload(fn.name, fn.signatures, args), fn };
  }

  /** A call's result type (for a table function: the type of each value it produces). */
  resultType(name: string, args: readonly ArgType[], ctx?: FnContext): SqlType {
    return this.resolveCall(name, args, ctx).returns;
  }

  resolveScalar(name: string, args: readonly ArgType[], ctx: FnContext): ScalarImpl {
    this.require(name, 'SCALAR');
    const r = this.resolveCall(name, args, ctx);
    return { type: r.returns, call: implFor(r, ctx) };
  }

  resolveTable(name: string, args: readonly ArgType[], ctx: FnContext): TableImpl {
    const r = this.resolveCall(name, args, ctx);
    if (r.fn.kind !== 'TABLE') throw new PlanError(`${r.fn.name} is not a table function`);
    return { type: r.returns, call: implFor(r, ctx) as TableImpl['call'] };
  }
}

/** The implementation for a resolution, with text arguments read as the temporal parameter they
 *  were implicitly cast to (the only casts that change a value here). */
function implFor(r: Resolution, ctx: FnContext): Impl {
  const impl = r.signature.make({ args: r.args, params: r.params, returns: r.returns, props: ctx.props });
  const casts = r.args.map((a, i) => (r.lambdaParams[i] === undefined ? implicitCast(a, r.params[i]!) : undefined));
  if (casts.every((c) => c === undefined)) return impl;
  return (args) => impl(args.map((v, i) => (casts[i] ? casts[i](v) : v)));
}
