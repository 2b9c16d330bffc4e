// The types of SQL operators as ksqlDB gives them: arithmetic with its widening (INT → BIGINT →
// DECIMAL → DOUBLE, DECIMAL precision and scale per operator, `+` on strings), which pairs of
// types compare with which operators, and unary minus; each refusal in ksqlDB's words.
import { PlanError } from '../errors.js';
import { T, isNumeric, typeToString, widerNumeric, asDecimal, type SqlType } from '../types/sql-types.js';
import type { ArithmeticOp, ComparisonOp } from '../syntax/index.js';

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
  // ksqlDB names the base types here (DECIMAL, not DECIMAL(2, 1))
  throw new PlanError(`Error processing expression: ${text}. Unsupported arithmetic types. ${a.kind} ${b.kind}`);
}

export function comparable(a: SqlType, b: SqlType): boolean {
  if (a.kind === 'NULL' || b.kind === 'NULL') return true;
  if (isNumeric(a) && isNumeric(b)) return true;
  if (a.kind === b.kind) return true;
  // a DATE compares with a TIMESTAMP as its midnight (ksqlDB compares both as timestamps)
  if ((a.kind === 'DATE' && b.kind === 'TIMESTAMP') || (a.kind === 'TIMESTAMP' && b.kind === 'DATE')) return true;
  if (a.kind === 'STRING' && ['TIMESTAMP', 'DATE', 'TIME'].includes(b.kind)) return true;
  return b.kind === 'STRING' && ['TIMESTAMP', 'DATE', 'TIME'].includes(a.kind);
}

/** ksqlDB's names of the comparison operators in its messages. */
const OP_NAMES: Record<ComparisonOp, string> = {
  '=': 'EQUAL',
  '<>': 'NOT_EQUAL',
  '<': 'LESS_THAN',
  '<=': 'LESS_THAN_OR_EQUAL',
  '>': 'GREATER_THAN',
  '>=': 'GREATER_THAN_OR_EQUAL',
  'IS DISTINCT FROM': 'IS_DISTINCT_FROM',
  'IS NOT DISTINCT FROM': 'IS_NOT_DISTINCT_FROM',
};

export function checkComparison(op: ComparisonOp, a: SqlType, b: SqlType, lt: string, rt: string): void {
  if (a.kind === 'NULL' && b.kind === 'NULL')
    throw new PlanError(`Comparison with NULL not supported: ${lt.toUpperCase()} ${op} ${rt.toUpperCase()}`);
  if (!comparable(a, b)) {
    throw new PlanError(
      `Cannot compare ${lt} (${typeToString(a)}) to ${rt} (${typeToString(b)}) with ${OP_NAMES[op]}.`,
    );
  }
  const ordered = op !== '=' && op !== '<>' && op !== 'IS DISTINCT FROM' && op !== 'IS NOT DISTINCT FROM';
  if (ordered && ['ARRAY', 'MAP', 'STRUCT', 'BOOLEAN'].includes(a.kind)) {
    throw new PlanError(
      `Cannot compare ${lt} (${typeToString(a)}) to ${rt} (${typeToString(b)}) with ${OP_NAMES[op]}.`,
    );
  }
}

/** Unary `-`/`+` applies to numbers only (and NULL). */
export function checkNegation(op: '+' | '-', t: SqlType, text: string): void {
  if (isNumeric(t) || t.kind === 'NULL') return;
  throw new PlanError(`Error processing expression: ${text}. Unary ${op} does not apply to ${typeToString(t)}`);
}
