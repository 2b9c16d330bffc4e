// A ksqlDB-style user-defined aggregate (a @UdafFactory class) as an AggregateFunction: each
// factory declares its column parameters (read per row; one of them may be variadic, as
// VariadicArgs is) then its initial arguments (literals handed to the factory once; the last may
// be variadic), and is resolved with the scalar functions' overload rules (resolve-overload.ts)
// over the whole argument list. What the accumulator does is the factory's `make`.
import { ExecError } from '../../errors.js';
import type { SqlType } from '../../types/sql-types.js';
import type { Value } from '../../types/values.js';
import { resolveOverload, type Resolution } from '../functions/resolve-overload.js';
import { typedSig, type Signature } from '../functions/signature.js';
import type { Bindings } from '../functions/param-types.js';
import type { AggImpl, AggregateFunction } from './aggregate.js';

export interface UdafCall {
  /** Each column argument's type at the call. */
  columns: SqlType[];
  /** The initial arguments' values (the literals after the columns). */
  init: Value[];
  /** The declared return type with generics bound. */
  returns: SqlType;
}

/** The accumulator of one call; `type` and `columnArgs` come from the resolution. */
export type UdafImpl = Omit<AggImpl, 'type' | 'columnArgs'>;

export interface UdafFactory {
  /** Column parameters as sig() writes them (`BIGINT col1`, `STRING... rest`, `T val`). */
  columns: string[];
  /** Initial-argument parameters (`INT initArg`, `STRING... more`); literals at the call. */
  init?: string[];
  returns: string;
  /** Overrides the declared return type from the argument types (a schema provider). */
  returnType?: (args: SqlType[], bindings: Bindings) => SqlType;
  description?: string;
  make(call: UdafCall): UdafImpl;
}

interface Overload {
  factory: UdafFactory;
  signature: Signature;
}

function overload(f: UdafFactory): Overload {
  const params = [...f.columns, ...(f.init ?? [])];
  const o = {
    description: f.description ?? '',
    ...(f.returnType ? { returnType: f.returnType } : {}),
  };
  // an aggregate is never called through its signature: resolve() builds its accumulator
  const make = (): never => {
    throw new ExecError(`${params.join(', ')}: an aggregate resolves in exec/aggregates, not as a scalar`);
  };
  return { factory: f, signature: typedSig(params, f.returns, make, o) };
}

/** How many of a call's `argCount` arguments are columns under one factory. */
function columnCount(f: UdafFactory, argCount: number): number {
  const variadicColumns = f.columns.some((c) => c.includes('...'));
  return variadicColumns ? argCount - (f.init?.length ?? 0) : f.columns.length;
}

/** The aggregate `name` with one overload per factory. */
export function udaf(name: string, description: string, factories: UdafFactory[]): AggregateFunction {
  const overloads = factories.map(overload);
  const signatures = overloads.map((o) => o.signature);
  const pick = (args: readonly SqlType[]): { factory: UdafFactory; r: Resolution } => {
    const r = resolveOverload(name, signatures, args);
    return { factory: overloads.find((o) => o.signature === r.signature)!.factory, r };
  };
  return {
    name,
    description,
    signatures,
    // ksqlDB picks the factory from every argument's type first, then requires literals
    columnArgs: (argCount, args) => columnCount(pick(args).factory, argCount),
    resolve(args, literals) {
      const { factory, r } = pick(args);
      const n = columnCount(factory, args.length);
      const impl = factory.make({
        columns: r.args.slice(0, n),
        init: literals.slice(n).map((v) => v ?? null),
        returns: r.returns,
      });
      return { ...impl, type: r.returns, columnArgs: n };
    },
  };
}
