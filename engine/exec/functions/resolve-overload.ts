// Picks the overload a call resolves to, with ksqlDB's UdfIndex rules: first without implicit
// casts, then with them (INT → BIGINT → DECIMAL → DOUBLE, text → TIMESTAMP/DATE/TIME/BYTES);
// among several fits a fixed-arity overload beats a variadic one, then more declared parameters,
// then fewer generic ones; a tie is ambiguous. Lambdas first match by their number of
// parameters; their bodies are typed once the other arguments have bound the generics. The
// variadic parameter, if any, may sit anywhere (paramAt).
import { PlanError } from '../../errors.js';
import type { SqlType } from '../../types/sql-types.js';
import {
  accepts,
  argTypeToString,
  bindGenerics,
  hasGenerics,
  substitute,
  type ArgType,
  type Bindings,
  type ParamType,
} from './param-types.js';
import { formatSignature, isVariadic, variadicIndex, type Signature } from './signature.js';

export interface Resolution {
  signature: Signature;
  /** Declared type of each argument with generics bound (a lambda: its return type). */
  params: SqlType[];
  /** Parameter types each lambda argument was typed with (undefined for other arguments). */
  lambdaParams: Array<SqlType[] | undefined>;
  /** The argument types, lambdas replaced by their body's type. */
  args: SqlType[];
  returns: SqlType;
}

/** The declared type of argument `i` of a call with `count` arguments: the variadic parameter,
 *  wherever it sits, takes the arguments the fixed parameters before and after it leave over. */
export function paramAt(s: Signature, i: number, count: number): ParamType {
  const v = variadicIndex(s);
  if (v < 0 || i < v) return s.params[i]!.type;
  const extra = count - (s.params.length - 1);
  return i < v + extra ? s.params[v]!.type : s.params[i - extra + 1]!.type;
}

function fitsArity(s: Signature, count: number): boolean {
  const n = s.params.length;
  return isVariadic(s) ? count >= n - 1 : count === n;
}

function acceptsArg(p: ParamType, a: ArgType, bindings: Bindings, allowCasts: boolean): boolean {
  if (a.kind === 'LAMBDA') return p.kind === 'LAMBDA' && p.params.length === a.arity;
  if (a.kind === 'INTERVALUNIT') return p.kind === 'PRIMITIVE' && p.name === 'INTERVALUNIT';
  if (p.kind === 'LAMBDA' || (p.kind === 'PRIMITIVE' && p.name === 'INTERVALUNIT')) return false;
  return hasGenerics(p) ? bindGenerics(p, a, bindings) : accepts(p, a, allowCasts);
}

interface Candidate {
  s: Signature;
  bindings: Bindings;
}

function candidates(sigs: readonly Signature[], args: readonly ArgType[], allowCasts: boolean): Candidate[] {
  const out: Candidate[] = [];
  for (const s of sigs) {
    if (!fitsArity(s, args.length)) continue;
    const bindings: Bindings = new Map();
    if (args.every((a, i) => acceptsArg(paramAt(s, i, args.length), a, bindings, allowCasts)))
      out.push({ s, bindings });
  }
  return out;
}

function genericCount(s: Signature): number {
  return s.params.filter((p) => hasGenerics(p.type)).length;
}

/** UdfIndex's order: fixed arity over variadic, then more parameters, then fewer generics. */
function compare(a: Signature, b: Signature): number {
  const va = isVariadic(a) ? 0 : 1;
  const vb = isVariadic(b) ? 0 : 1;
  if (va !== vb) return va - vb;
  if (a.params.length !== b.params.length) return a.params.length - b.params.length;
  return genericCount(b) - genericCount(a);
}

function alternatives(name: string, sigs: readonly Signature[]): string {
  return sigs.map((s) => formatSignature(name, s)).join('\n');
}

export function noMatch(name: string, sigs: readonly Signature[], args: readonly ArgType[]): PlanError {
  return new PlanError(
    `Function '${name}' does not accept parameters (${args.map(argTypeToString).join(', ')}).\n` +
      `Valid alternatives are:\n${alternatives(name, sigs)}\n` +
      'For detailed information on a function run: DESCRIBE FUNCTION <Function-Name>;',
  );
}

function ambiguous(name: string, sigs: readonly Signature[], args: readonly ArgType[]): PlanError {
  return new PlanError(
    `Function '${name}' cannot be resolved due to ambiguous method parameters (${args.map(argTypeToString).join(', ')}).\n` +
      'Use CAST() to explicitly cast your parameters to one of the supported function calls.\n' +
      `Valid function calls are:\n${alternatives(name, sigs)}\n` +
      'For detailed information on a function run: DESCRIBE FUNCTION <Function-Name>;',
  );
}

function pick(name: string, sigs: readonly Signature[], args: readonly ArgType[]): Candidate | undefined {
  for (const allowCasts of [false, true]) {
    const found = candidates(sigs, args, allowCasts).sort((a, b) => compare(a.s, b.s));
    if (found.length === 1) return found[0];
    if (found.length > 1) {
      const best = found[found.length - 1]!;
      if (compare(best.s, found[found.length - 2]!.s) > 0) return best;
      throw ambiguous(name, sigs, args);
    }
  }
  return undefined;
}

/** Resolves a call to `name` (the function's declared name, used in messages) over `sigs`. */
export function resolveOverload(name: string, sigs: readonly Signature[], args: readonly ArgType[]): Resolution {
  const c = pick(name, sigs, args);
  if (!c) throw noMatch(name, sigs, args);
  const { s, bindings } = c;
  const lambdaParams: Array<SqlType[] | undefined> = args.map(() => undefined);
  const typed: SqlType[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const p = paramAt(s, i, args.length);
    if (a.kind === 'LAMBDA' && p.kind === 'LAMBDA') {
      const inputs = p.params.map((x) => substitute(x, bindings));
      const body = a.typeBody(inputs);
      const fits = hasGenerics(p.returns) ? bindGenerics(p.returns, body, bindings) : accepts(p.returns, body, true);
      if (!fits) throw noMatch(name, sigs, args);
      lambdaParams[i] = inputs;
      typed.push(body);
    } else if (a.kind === 'INTERVALUNIT') typed.push({ kind: 'STRING' });
    else if (a.kind === 'LAMBDA') throw noMatch(name, sigs, args);
    else typed.push(a);
  }
  const params = typed.map((t, i) => substitute(paramAt(s, i, args.length), bindings, t));
  const returns = s.returnType ? s.returnType(typed, bindings) : substitute(s.returns, bindings);
  return { signature: s, params, lambdaParams, args: typed, returns };
}
