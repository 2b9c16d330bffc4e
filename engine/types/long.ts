// BIGINT held exactly: a JavaScript number while the value is a safe integer (|n| < 2^53, the
// common case, which keeps every fast path), a bigint beyond that. `normLong` keeps that one
// representation per value (so === and grouping keys agree), and arithmetic wraps at 64 bits as
// Java's long does.
import { RecordError } from '../errors.js';

export type Long = number | bigint;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
export const LONG_MAX = (1n << 63n) - 1n;
export const LONG_MIN = -(1n << 63n);

/** The value wrapped to 64 bits, as a number when it is a safe integer. */
export function normLong(b: bigint): Long {
  const w = BigInt.asIntN(64, b);
  return w <= MAX_SAFE && w >= -MAX_SAFE ? Number(w) : w;
}

/** Text of an integer (sign, digits, surrounding blanks) as an exact BIGINT; undefined when it is
 *  not one or lies outside the 64-bit range (Java's Long.parseLong refuses both). */
export function parseLong(s: string): Long | undefined {
  const t = s.trim();
  if (!/^[+-]?\d+$/.test(t)) return undefined;
  if (t.length < 16) return Number(t);
  const b = BigInt(t);
  return b > LONG_MAX || b < LONG_MIN ? undefined : normLong(b);
}

/** A double as Java's (long) cast: truncated, NaN 0, saturated at the 64-bit range. */
export function longOfDouble(d: number): Long {
  if (Number.isNaN(d)) return 0;
  const t = Math.trunc(d);
  if (Number.isSafeInteger(t)) return t;
  if (t >= 2 ** 63) return LONG_MAX;
  if (t <= -(2 ** 63)) return LONG_MIN;
  return normLong(BigInt(t));
}

/** Low 32 bits as Java's long.intValue(). */
export function intOfLong(v: Long): number {
  return typeof v === 'number' ? v | 0 : Number(BigInt.asIntN(32, v));
}

export type LongOp = '+' | '-' | '*' | '/' | '%';

/** a op b for integral operands with Java long semantics (64-bit wrap, division truncates). */
export function longArith(op: LongOp, a: Long, b: Long): Long {
  if (typeof a === 'number' && typeof b === 'number') {
    if ((op === '/' || op === '%') && b === 0) throw new RecordError('/ by zero');
    const v = op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : op === '/' ? Math.trunc(a / b) : a % b;
    if (Number.isSafeInteger(v)) return v === 0 ? 0 : v;
  }
  const x = BigInt(a);
  const y = BigInt(b);
  if ((op === '/' || op === '%') && y === 0n) throw new RecordError('/ by zero');
  return normLong(op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : op === '/' ? x / y : x % y);
}

/** -v with Java's wrap (-Long.MIN_VALUE is Long.MIN_VALUE). */
export function negateLong(v: Long): Long {
  return typeof v === 'number' ? (v === 0 ? 0 : -v) : normLong(-v);
}
