// Declared parameter types of functions (ksqlDB's ParamType): primitives (DECIMAL of any
// precision), generics (T, K, V…), ARRAY/MAP of them, STRUCT (any, or of declared fields), ANY
// (a Java `Object` parameter: every type, binding nothing), lambdas and the time-unit keyword.
// Written as text (`ARRAY<T>`, `(S, T) => S`), parsed once, printed as ksqlDB prints them,
// matched against argument types with generic binding and ksqlDB's implicit casts.
import { ExecError } from '../../errors.js';
import { T, typeToString, typesEqual, type SqlType } from '../../types/sql-types.js';

export type PrimitiveName =
  | 'BOOLEAN'
  | 'INTEGER'
  | 'BIGINT'
  | 'DOUBLE'
  | 'DECIMAL'
  | 'STRING'
  | 'BYTES'
  | 'TIMESTAMP'
  | 'DATE'
  | 'TIME'
  | 'INTERVALUNIT';

export type ParamType =
  | { kind: 'PRIMITIVE'; name: PrimitiveName }
  | { kind: 'GENERIC'; name: string }
  | { kind: 'ARRAY'; item: ParamType }
  | { kind: 'MAP'; key: ParamType; value: ParamType }
  /** A struct: with `fields`, one of exactly those fields (a UDF's @UdfParameter schema);
   *  without, any struct (ksqlDB's empty StructType schema). */
  | { kind: 'STRUCT'; fields?: Array<{ name: string; type: ParamType }> }
  /** Any type at all (ksqlDB's AnyType, a Java `Object` parameter); unlike a generic it binds
   *  nothing, so each argument it takes may have its own type. */
  | { kind: 'ANY' }
  | { kind: 'LAMBDA'; params: ParamType[]; returns: ParamType };

/** A lambda argument before its body is typed: the number of its parameters, and how to type
 *  the body once the parameter types are known (the caller compiles or type-checks it). */
export interface LambdaArg {
  kind: 'LAMBDA';
  arity: number;
  typeBody(params: SqlType[]): SqlType;
}

/** A bare time unit (`TIMESTAMPADD(MINUTES, …)`). */
export interface IntervalUnitType {
  kind: 'INTERVALUNIT';
}

/** What a call site knows of one argument. */
export type ArgType = SqlType | LambdaArg | IntervalUnitType;

export type Bindings = Map<string, SqlType>;

const ALIASES: Record<string, PrimitiveName> = {
  BOOLEAN: 'BOOLEAN',
  INT: 'INTEGER',
  INTEGER: 'INTEGER',
  BIGINT: 'BIGINT',
  DOUBLE: 'DOUBLE',
  DECIMAL: 'DECIMAL',
  STRING: 'STRING',
  VARCHAR: 'STRING',
  BYTES: 'BYTES',
  TIMESTAMP: 'TIMESTAMP',
  DATE: 'DATE',
  TIME: 'TIME',
  INTERVALUNIT: 'INTERVALUNIT',
};

/** Parses `ARRAY<MAP<STRING, T>>`, `(T) => BOOLEAN`, `STRUCT`, `DECIMAL`… */
export function parseParamType(text: string): ParamType {
  const p = new TypeText(text);
  const t = p.type();
  p.end();
  return t;
}

class TypeText {
  private i = 0;
  constructor(private readonly s: string) {}

  type(): ParamType {
    this.skip();
    if (this.s[this.i] === '(') return this.lambda();
    const word = this.word();
    if (word === 'ARRAY') {
      this.eat('<');
      const item = this.type();
      this.eat('>');
      return { kind: 'ARRAY', item };
    }
    if (word === 'MAP') {
      this.eat('<');
      const key = this.type();
      this.eat(',');
      const value = this.type();
      this.eat('>');
      return { kind: 'MAP', key, value };
    }
    if (word === 'STRUCT') return this.struct();
    if (word === 'ANY') return { kind: 'ANY' };
    const prim = ALIASES[word];
    return prim ? { kind: 'PRIMITIVE', name: prim } : { kind: 'GENERIC', name: word };
  }

  /** `STRUCT`, `STRUCT<>` or `STRUCT<A VARCHAR, B INT>` (field names upper-cased, as unquoted). */
  private struct(): ParamType {
    this.skip();
    if (this.s[this.i] !== '<') return { kind: 'STRUCT' };
    this.eat('<');
    const fields: Array<{ name: string; type: ParamType }> = [];
    this.skip();
    while (this.s[this.i] !== '>') {
      const name = this.word();
      fields.push({ name, type: this.type() });
      this.skip();
      if (this.s[this.i] === ',') this.i++;
      this.skip();
    }
    this.eat('>');
    return fields.length === 0 ? { kind: 'STRUCT' } : { kind: 'STRUCT', fields };
  }

  end(): void {
    this.skip();
    if (this.i !== this.s.length) throw new ExecError(`bad parameter type '${this.s}' at ${this.i}`);
  }

  private lambda(): ParamType {
    this.eat('(');
    const params: ParamType[] = [];
    this.skip();
    while (this.s[this.i] !== ')') {
      params.push(this.type());
      this.skip();
      if (this.s[this.i] === ',') this.i++;
    }
    this.eat(')');
    this.eat('=>');
    return { kind: 'LAMBDA', params, returns: this.type() };
  }

  private word(): string {
    this.skip();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.substring(this.i));
    if (!m) throw new ExecError(`bad parameter type '${this.s}' at ${this.i}`);
    this.i += m[0].length;
    return m[0].toUpperCase();
  }

  private eat(tok: string): void {
    this.skip();
    if (!this.s.startsWith(tok, this.i)) throw new ExecError(`bad parameter type '${this.s}': expected ${tok}`);
    this.i += tok.length;
  }

  private skip(): void {
    while (this.s[this.i] === ' ') this.i++;
  }
}

/** ksqlDB's printing of a declared type (`ARRAY<T>`, `DECIMAL`, `LAMBDA (T) => BOOLEAN`). */
export function paramTypeToString(t: ParamType): string {
  switch (t.kind) {
    case 'PRIMITIVE':
    case 'GENERIC':
      return t.name;
    case 'ARRAY':
      return `ARRAY<${paramTypeToString(t.item)}>`;
    case 'MAP':
      return `MAP<${paramTypeToString(t.key)}, ${paramTypeToString(t.value)}>`;
    case 'STRUCT':
      return `STRUCT<${(t.fields ?? []).map((f) => `${f.name} ${paramTypeToString(f.type)}`).join(', ')}>`;
    case 'ANY':
      return 'ANY';
    case 'LAMBDA':
      return `LAMBDA (${t.params.map(paramTypeToString).join(', ')}) => ${paramTypeToString(t.returns)}`;
  }
}

/** How call arguments print in ksqlDB's messages: `null` for a bare NULL. */
export function argTypeToString(a: ArgType): string {
  if (a.kind === 'LAMBDA') return `LAMBDA(${a.arity})`;
  if (a.kind === 'INTERVALUNIT') return 'INTERVALUNIT';
  return a.kind === 'NULL' ? 'null' : typeToString(a);
}

export function hasGenerics(t: ParamType): boolean {
  switch (t.kind) {
    case 'GENERIC':
      return true;
    case 'ARRAY':
      return hasGenerics(t.item);
    case 'MAP':
      return hasGenerics(t.key) || hasGenerics(t.value);
    case 'LAMBDA':
      return t.params.some(hasGenerics) || hasGenerics(t.returns);
    default:
      return false;
  }
}

const NUMERIC_ORDER: Partial<Record<string, number>> = { INTEGER: 1, BIGINT: 2, DECIMAL: 3, DOUBLE: 4 };
const TEMPORAL = new Set(['TIMESTAMP', 'DATE', 'TIME']);

/** SqlBaseType.canImplicitlyCast: numbers widen INT → BIGINT → DECIMAL → DOUBLE, and text is
 *  read as a TIMESTAMP, DATE, TIME or BYTES. */
export function canImplicitlyCast(from: string, to: string): boolean {
  if (from === to) return true;
  const a = NUMERIC_ORDER[from];
  const b = NUMERIC_ORDER[to];
  if (a !== undefined && b !== undefined) return a <= b;
  return from === 'STRING' && (TEMPORAL.has(to) || to === 'BYTES');
}

/** Whether an argument of type `arg` fits a non-generic declared type (ParamTypes.areCompatible):
 *  containers compare their element types, structs match any struct, casts only when allowed. */
export function accepts(declared: ParamType, arg: SqlType, allowCasts: boolean): boolean {
  if (arg.kind === 'NULL') return true;
  switch (declared.kind) {
    case 'ARRAY':
      return arg.kind === 'ARRAY' && accepts(declared.item, arg.item, allowCasts);
    case 'MAP':
      return (
        arg.kind === 'MAP' &&
        accepts(declared.key, arg.key, allowCasts) &&
        accepts(declared.value, arg.value, allowCasts)
      );
    case 'STRUCT':
      return arg.kind === 'STRUCT' && structFits(declared.fields, arg.fields, allowCasts);
    case 'ANY':
      return true;
    case 'PRIMITIVE':
      return arg.kind === declared.name || (allowCasts && canImplicitlyCast(arg.kind, declared.name));
    default:
      return false;
  }
}

/** ParamTypes.isStructCompatible: a struct with no declared fields (or an argument with none)
 *  fits any struct; otherwise every field of the argument is declared, with a compatible type,
 *  and none is missing. */
function structFits(
  declared: Array<{ name: string; type: ParamType }> | undefined,
  arg: readonly { name: string; type: SqlType }[],
  allowCasts: boolean,
): boolean {
  if (!declared || arg.length === 0) return true;
  if (declared.length !== arg.length) return false;
  return arg.every((f) => {
    const d = declared.find((x) => x.name === f.name);
    return d !== undefined && accepts(d.type, f.type, allowCasts);
  });
}

/** Binds the generics of `declared` to the parts of `arg` (GenericsUtil.reserveGenerics): a
 *  generic already bound must see an equal type. Returns false when the shapes do not fit. */
export function bindGenerics(declared: ParamType, arg: SqlType, bindings: Bindings): boolean {
  if (arg.kind === 'NULL') return true;
  switch (declared.kind) {
    case 'GENERIC': {
      const bound = bindings.get(declared.name);
      if (bound === undefined || bound.kind === 'NULL') {
        bindings.set(declared.name, arg);
        return true;
      }
      return typesEqual(bound, arg);
    }
    case 'ARRAY':
      return arg.kind === 'ARRAY' && bindGenerics(declared.item, arg.item, bindings);
    case 'MAP':
      return (
        arg.kind === 'MAP' &&
        bindGenerics(declared.key, arg.key, bindings) &&
        bindGenerics(declared.value, arg.value, bindings)
      );
    default:
      return accepts(declared, arg, false);
  }
}

/** The SQL type a declared type stands for once its generics are bound (unbound: NULL). A bare
 *  DECIMAL has no precision of its own: `fallback` (the argument's type) supplies it. */
export function substitute(t: ParamType, bindings: Bindings, fallback?: SqlType): SqlType {
  switch (t.kind) {
    case 'GENERIC':
      return bindings.get(t.name) ?? T.NULL;
    case 'ARRAY':
      return T.array(substitute(t.item, bindings, fallback?.kind === 'ARRAY' ? fallback.item : undefined));
    case 'MAP':
      return T.map(
        substitute(t.key, bindings, fallback?.kind === 'MAP' ? fallback.key : undefined),
        substitute(t.value, bindings, fallback?.kind === 'MAP' ? fallback.value : undefined),
      );
    case 'STRUCT':
      if (fallback?.kind === 'STRUCT') return fallback;
      return T.struct((t.fields ?? []).map((f) => ({ name: f.name, type: substitute(f.type, bindings) })));
    case 'ANY':
      return fallback ?? T.NULL;
    case 'LAMBDA':
      return substitute(t.returns, bindings);
    case 'PRIMITIVE':
      if (t.name === 'DECIMAL') return fallback?.kind === 'DECIMAL' ? fallback : decimalFor(fallback);
      if (t.name === 'INTERVALUNIT') return T.STRING;
      return T[t.name];
  }
}

/** The decimal an integer argument widens to (INT → DECIMAL(10, 0), BIGINT → DECIMAL(19, 0)). */
function decimalFor(t: SqlType | undefined): SqlType {
  if (t?.kind === 'INTEGER') return T.decimal(10, 0);
  if (t?.kind === 'BIGINT') return T.decimal(19, 0);
  return T.decimal(38, 18);
}
