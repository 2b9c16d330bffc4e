// Evaluation of SQL operators (their types are typecheck/operator-types.ts's): arithmetic with
// 32-bit INT overflow, three-valued comparisons and logic, LIKE patterns.
import { RecordError } from '../../errors.js';
import type { SqlType } from '../../types/sql-types.js';
import { roundDecimal, type Value } from '../../types/values.js';
import type { ArithmeticOp, ComparisonOp } from '../../syntax/index.js';
import { specialize } from './specialize.js';
import { longArith, type Long } from '../../types/long.js';
import { stringifyJson } from '../../types/exact-json.js';

export type Eval = (row: Value[]) => Value;

export function arithmetic(op: ArithmeticOp, type: SqlType, l: Eval, r: Eval): Eval {
  if (type.kind === 'STRING')
    return (row) => {
      const a = l(row);
      const b = r(row);
      return a === null || b === null ? null : (a as string) + (b as string);
    };
  const fix =
    type.kind === 'INTEGER'
      ? (n: number): number => n | 0
      : type.kind === 'DECIMAL'
        ? (n: number): number => roundDecimal(n, type.scale)
        : (n: number): number => n;
  if (type.kind === 'BIGINT')
    return (row) => {
      const a = l(row);
      if (a === null) return null;
      const b = r(row);
      if (b === null) return null;
      return longArith(op, a as Long, b as Long);
    };
  const integral = type.kind === 'INTEGER';
  // integer and BigDecimal division and remainder throw on a zero divisor: the value is null, logged
  const zeroFails = (integral || type.kind === 'DECIMAL') && (op === '/' || op === '%');
  return numeric(l, r, OPS[op], fix, zeroFails, integral && op === '/', RecordError);
}

// one copy per node (see specialize.ts); `zeroFails`: integer division or remainder, which throws
// on a zero divisor; `truncates`: integer division
const numeric = specialize(
  (
    l: Eval,
    r: Eval,
    f: (a: number, b: number) => number,
    fix: (n: number) => number,
    zeroFails: boolean,
    truncates: boolean,
    Fail: typeof RecordError,
  ): Eval =>
    (row) => {
      const a = l(row);
      if (a === null) return null;
      const b = r(row);
      if (b === null) return null;
      if (zeroFails && b === 0) throw new Fail('/ by zero');
      const v = f(a as number, b as number);
      return fix(truncates ? Math.trunc(v) : v);
    },
);

const OPS: Record<ArithmeticOp, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
};

export function compareRaw(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  // an exact BIGINT beyond 2^53 against any number (JavaScript compares bigint and number exactly)
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number'))
    return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return Buffer.compare(a, b);
  return stringifyJson(a) === stringifyJson(b) ? 0 : 1;
}

export function comparison(op: ComparisonOp, l: Eval, r: Eval): Eval {
  switch (op) {
    case 'IS DISTINCT FROM':
    case 'IS NOT DISTINCT FROM': {
      const want = op === 'IS DISTINCT FROM';
      return (row) => {
        const a = l(row);
        const b = r(row);
        const same = a === null || b === null ? a === b : compareRaw(a, b) === 0;
        return want ? !same : same;
      };
    }
    default: {
      return compare(l, r, CMP[op] ?? ((c: number): boolean => c === 0), compareRaw);
    }
  }
}

// ksqlDB's generated code answers false, not null, when either side is null; one copy per node
// (see specialize.ts)
const compare = specialize(
  (l: Eval, r: Eval, test: (c: number) => boolean, raw: (a: Value, b: Value) => number): Eval =>
    (row) => {
      const a = l(row);
      if (a === null) return false;
      const b = r(row);
      if (b === null) return false;
      return test(raw(a, b));
    },
);

const CMP: Record<string, (c: number) => boolean> = {
  '=': (c) => c === 0,
  '<>': (c) => c !== 0,
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

export function likeRegex(pattern: string, escape: string | undefined): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (escape !== undefined && c === escape && i + 1 < pattern.length)
      re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') re += '[\\s\\S]*';
    else if (c === '_') re += '[\\s\\S]';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
