// A function's declared overloads: named parameters of declared types (at most one variadic, at
// any position: ksqlDB's UDAFs take column varargs before their literal initial arguments), a
// declared return type (or a rule computing it from the argument types, as ksqlDB's schema
// providers do for decimals), a description and the implementation factory. `sig()` builds
// one from text: sig(['ARRAY<T> list', 'INT... positions'], 'ARRAY<T>', …).
import type { SqlType } from '../../types/sql-types.js';
import type { Value } from '../../types/values.js';
import { paramTypeToString, parseParamType, type Bindings, type ParamType } from './param-types.js';

export interface Param {
  name: string;
  type: ParamType;
  /** For a variadic parameter, `type` is the element type (ksqlDB prints it `T...`). */
  variadic: boolean;
}

/** A lambda as a function implementation receives it: called with the lambda's parameters. */
export type LambdaValue = (...args: Value[]) => Value;

export interface ImplInfo {
  /** The argument types at the call (NULL for a bare null literal). */
  args: SqlType[];
  /** Each argument's declared type once generics are bound (what the value was cast to). */
  params: SqlType[];
  returns: SqlType;
  props: Readonly<Record<string, string>>;
}

export type Impl = (args: Value[]) => Value;

export interface Signature {
  params: Param[];
  returns: ParamType;
  /** Overrides the declared return type (decimal precision, types read from literals…). */
  returnType?: (args: SqlType[], bindings: Bindings) => SqlType;
  description: string;
  make(info: ImplInfo): Impl;
}

export interface SigOptions {
  description?: string;
  returnType?: Signature['returnType'];
}

/** One overload whose implementation does not depend on the argument types. */
export function sig(params: string[], returns: string, call: Impl, o: SigOptions = {}): Signature {
  return typedSig(params, returns, () => call, o);
}

/** One overload whose implementation is made for the call's argument types. */
export function typedSig(
  params: string[],
  returns: string,
  make: (info: ImplInfo) => Impl,
  o: SigOptions = {},
): Signature {
  return {
    params: params.map(parseParam),
    returns: parseParamType(returns),
    ...(o.returnType ? { returnType: o.returnType } : {}),
    description: o.description ?? '',
    make,
  };
}

/** `ARRAY<T> list`, `INT... vals` or a bare type (then named after its position). */
function parseParam(text: string, i: number): Param {
  const m = /^(.*?)(\.\.\.)?(?:\s+([A-Za-z_][A-Za-z0-9_]*))?$/.exec(text.trim());
  const typeText = m?.[1] ?? text;
  return { name: m?.[3] ?? `arg${i}`, type: parseParamType(typeText), variadic: m?.[2] !== undefined };
}

export function isVariadic(s: Signature): boolean {
  return variadicIndex(s) >= 0;
}

/** The position of the variadic parameter, or -1. */
export function variadicIndex(s: Signature): number {
  return s.params.findIndex((p) => p.variadic);
}

/** `name(ARRAY<T> list, INT... positions)` as ksqlDB lists valid alternatives. */
export function formatSignature(name: string, s: Signature): string {
  const params = s.params.map((p) => `${paramTypeToString(p.type)}${p.variadic ? '...' : ''} ${p.name}`);
  return `${name}(${params.join(', ')})`;
}

/** A parameter's type as DESCRIBE FUNCTION shows it (a variadic one as the array it collects). */
export function describeParamType(p: Param): string {
  return p.variadic ? `ARRAY<${paramTypeToString(p.type)}>` : paramTypeToString(p.type);
}

/** Wraps an implementation so a null in any of the first `n` arguments yields null (most UDFs). */
export function nullSafe(n: number, fn: Impl): Impl {
  return (args) => {
    for (let i = 0; i < n && i < args.length; i++) if (args[i] === null) return null;
    return fn(args);
  };
}

/** A null in any argument yields null. */
export function strict(fn: Impl): Impl {
  return (args) => {
    for (let i = 0; i < args.length; i++) if (args[i] === null) return null;
    return fn(args);
  };
}
