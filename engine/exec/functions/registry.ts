// The function registry: scalar functions resolve against argument types to a typed
// implementation; aggregates live in ../aggregates. More (and remote) functions register here.
import { PlanError } from '../../errors.js';
import { typeToString, type SqlType } from '../../types/sql-types.js';
import type { Value } from '../../types/values.js';
import type { RemoteBinding } from './remote-function.js';

export interface FnContext {
  /** Engine properties in force for the statement (e.g. ksql.functions.substring.legacy.args). */
  props: Readonly<Record<string, string>>;
}

export interface ScalarImpl {
  type: SqlType;
  call(args: Value[]): Value;
}

export interface ScalarFunction {
  name: string;
  description: string;
  /** Returns the implementation for these argument types, or undefined when none fits. */
  resolve(args: SqlType[], ctx: FnContext): ScalarImpl | undefined;
}

export class FunctionRegistry {
  private readonly scalars = new Map<string, ScalarFunction>();
  private readonly aggregateNames = new Set<string>();
  /** The engine's remote functions (remote-function.ts), when any are configured. */
  remote: RemoteBinding | undefined;

  register(fn: ScalarFunction): void {
    this.scalars.set(fn.name.toUpperCase(), fn);
  }

  registerAggregateName(name: string): void {
    this.aggregateNames.add(name.toUpperCase());
  }

  isAggregate(name: string): boolean {
    return this.aggregateNames.has(name.toUpperCase());
  }

  has(name: string): boolean {
    return this.scalars.has(name.toUpperCase()) || this.isAggregate(name);
  }

  /** A scalar function by name (DESCRIBE FUNCTION). */
  scalar(name: string): ScalarFunction | undefined {
    return this.scalars.get(name.toUpperCase());
  }

  /** Every function with its kind, sorted by name (SHOW FUNCTIONS). */
  list(): Array<{ name: string; type: 'SCALAR' | 'AGGREGATE' }> {
    const all = [
      ...[...this.scalars.keys()].map((name) => ({ name, type: 'SCALAR' as const })),
      ...[...this.aggregateNames].map((name) => ({ name, type: 'AGGREGATE' as const })),
    ];
    return all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  names(): string[] {
    return [...this.scalars.keys(), ...this.aggregateNames].sort();
  }

  resolveScalar(name: string, args: SqlType[], ctx: FnContext): ScalarImpl {
    const fn = this.scalars.get(name.toUpperCase());
    if (!fn) throw new PlanError(`Can't find any functions with the name '${name.toUpperCase()}'`);
    const impl = fn.resolve(args, ctx);
    if (!impl) {
      throw new PlanError(
        `Function '${fn.name}' does not accept parameters (${args.map((a) => (a.kind === 'NULL' ? 'null' : typeToString(a))).join(', ')}).`,
      );
    }
    return impl;
  }
}

/** Wraps a function so a null in any of the `strictArgs` first arguments yields null (most UDFs). */
export function nullSafe(n: number, fn: (args: Value[]) => Value): (args: Value[]) => Value {
  return (args) => {
    for (let i = 0; i < n && i < args.length; i++) if (args[i] === null) return null;
    return fn(args);
  };
}

/** Argument type tests used by resolve(). NULL literals match any parameter. */
export const is = {
  str: (t: SqlType | undefined): boolean => !!t && (t.kind === 'STRING' || t.kind === 'NULL'),
  bytes: (t: SqlType | undefined): boolean => !!t && (t.kind === 'BYTES' || t.kind === 'NULL'),
  int: (t: SqlType | undefined): boolean => !!t && (t.kind === 'INTEGER' || t.kind === 'NULL'),
  integral: (t: SqlType | undefined): boolean =>
    !!t && (t.kind === 'INTEGER' || t.kind === 'BIGINT' || t.kind === 'NULL'),
  num: (t: SqlType | undefined): boolean => !!t && ['INTEGER', 'BIGINT', 'DOUBLE', 'DECIMAL', 'NULL'].includes(t.kind),
  any: (t: SqlType | undefined): boolean => !!t,
};

/** A function with fixed signatures: each is a list of argument tests plus the result. */
export interface Signature {
  args: Array<(t: SqlType | undefined) => boolean>;
  /** Extra trailing arguments allowed, each tested by this. */
  rest?: (t: SqlType | undefined) => boolean;
  type: (args: SqlType[]) => SqlType;
  call: (args: Value[], types: SqlType[]) => Value;
}

export function fixed(name: string, description: string, sigs: Signature[]): ScalarFunction {
  return {
    name,
    description,
    resolve(args) {
      for (const s of sigs) {
        if (args.length < s.args.length || (!s.rest && args.length !== s.args.length)) continue;
        if (!s.args.every((test, i) => test(args[i]))) continue;
        if (s.rest && !args.slice(s.args.length).every((a) => s.rest!(a))) continue;
        const types = args;
        return { type: s.type(args), call: (v) => s.call(v, types) };
      }
      return undefined;
    },
  };
}
