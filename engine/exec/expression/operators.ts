// Typing and evaluation of SQL operators: arithmetic with ksqlDB's widening and 32-bit INT
// overflow, three-valued comparisons and logic, LIKE patterns.
import { PlanError, RecordError } from '../../errors.js';
import { T, isNumeric, typeToString, widerNumeric, asDecimal, type SqlType } from '../../types/sql-types.js';
import { roundDecimal, type Value } from '../../types/values.js';
import type { ArithmeticOp, ComparisonOp } from '../../syntax/index.js';
import { specialize } from './specialize.js';

export type Eval = (row: Value[]) => Value;

function decimalResult(op: ArithmeticOp, a: SqlType, b: SqlType): SqlType {
  const x = asDecimal(a);
  const y = asDecimal(b);
  const s = Math.max(x.scale, y.scale);
  if (op === '*') return T.decimal(Math.min(x.precision + y.precision + 1, 38), Math.min(x.scale + y.scale, 38));
  if (op === '/') {
    const scale = Math.max(6, x.scale + y.precision + 1);
    return T.decimal(Math.min(x.precision - x.scale + y.scale + scale, 38), Math.min(scale, 38));
  }
  if (op === '%') return T.decimal(Math.min(Math.min(x.precision - x.scale, y.precision - y.scale) + s, 38), s);
  return T.decimal(Math.min(Math.max(x.precision - x.scale, y.precision - y.scale) + s + 1, 38), s);
}

export function arithmeticType(op: ArithmeticOp, a: SqlType, b: SqlType, text: string): SqlType {
  if (op === '+' && (a.kind === 'STRING' || b.kind === 'STRING')) {
    if ((a.kind === 'STRING' || a.kind === 'NULL') && (b.kind === 'STRING' || b.kind === 'NULL')) return T.STRING;
  }
  if ((isNumeric(a) || a.kind === 'NULL') && (isNumeric(b) || b.kind === 'NULL')) {
    if (a.kind === 'NULL' && b.kind === 'NULL') return T.NULL;
    if ((a.kind === 'DECIMAL' || b.kind === 'DECIMAL') && a.kind !== 'DOUBLE' && b.kind !== 'DOUBLE')
      return decimalResult(op, a, b);
    return widerNumeric(a, b);
  }
  throw new PlanError(
    `Error processing expression: ${text}. Unsupported arithmetic types. ${typeToString(a)} ${typeToString(b)}`,
  );
}

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
  const integral = type.kind === 'INTEGER' || type.kind === 'BIGINT';
  const f = OPS[op];
  return (row) => {
    const a = l(row);
    if (a === null) return null;
    const b = r(row);
    if (b === null) return null;
    if ((op === '/' || op === '%') && b === 0 && integral) throw new RecordError('/ by zero');
    const v = f(a as number, b as number);
    return fix(integral && op === '/' ? Math.trunc(v) : v);
  };
}

const OPS: Record<ArithmeticOp, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
};

function comparable(a: SqlType, b: SqlType): boolean {
  if (a.kind === 'NULL' || b.kind === 'NULL') return true;
  if (isNumeric(a) && isNumeric(b)) return true;
  if (a.kind === b.kind) return true;
  if (a.kind === 'STRING' && ['TIMESTAMP', 'DATE', 'TIME'].includes(b.kind)) return true;
  return b.kind === 'STRING' && ['TIMESTAMP', 'DATE', 'TIME'].includes(a.kind);
}

export function checkComparison(op: ComparisonOp, a: SqlType, b: SqlType, lt: string, rt: string): void {
  if (a.kind === 'NULL' && b.kind === 'NULL')
    throw new PlanError(`Comparison with NULL not supported: ${lt.toUpperCase()} ${op} ${rt.toUpperCase()}`);
  if (!comparable(a, b)) {
    throw new PlanError(`Cannot compare ${lt} (${typeToString(a)}) to ${rt} (${typeToString(b)}) with ${op}.`);
  }
  const ordered = op !== '=' && op !== '<>' && op !== 'IS DISTINCT FROM' && op !== 'IS NOT DISTINCT FROM';
  if (ordered && ['ARRAY', 'MAP', 'STRUCT', 'BOOLEAN'].includes(a.kind)) {
    throw new PlanError(`Cannot compare ${lt} (${typeToString(a)}) to ${rt} (${typeToString(b)}) with ${op}.`);
  }
}

export function compareRaw(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return Buffer.compare(a, b);
  return JSON.stringify(a) === JSON.stringify(b) ? 0 : 1;
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
