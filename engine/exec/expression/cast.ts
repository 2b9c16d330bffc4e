// CAST at run time (which conversions are allowed is typecheck/cast-rules.ts's): numbers print
// as Java does (1.0); text that Java's Integer.parseInt / Long.parseLong / BigDecimal would refuse
// (not an integer, out of range, a DECIMAL that overflows its precision) yields null and a
// processing-log record, as ksqlDB's generated code does; so does text that is no TIMESTAMP, DATE
// or TIME (temporal-parse.ts).
import { RecordError } from '../../errors.js';
import { isNumeric, typeToString, type SqlType } from '../../types/sql-types.js';
import { fitDecimal, type Value } from '../../types/values.js';
import { intOfLong, longOfDouble, parseLong, type Long } from '../../types/long.js';
import { javaDouble } from '../serde/delimited-serde.js';
import { formatLocalTime } from '../functions/time-text.js';
import { parseDateText, parseTimeText, parseTimestampText } from '../functions/temporal-parse.js';

export function valueToString(v: Value, t: SqlType): string {
  if (t.kind === 'DOUBLE') return javaDouble(v as number);
  if (t.kind === 'DECIMAL') return (v as number).toFixed(t.scale);
  if (t.kind === 'TIMESTAMP') return new Date(v as number).toISOString().replace('Z', '');
  if (t.kind === 'DATE') return new Date((v as number) * 86_400_000).toISOString().substring(0, 10);
  if (t.kind === 'TIME') return formatLocalTime(v as number);
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (t.kind === 'ARRAY')
    return `[${(v as Value[]).map((x) => (x === null ? 'null' : valueToString(x, t.item))).join(', ')}]`;
  if (t.kind === 'MAP')
    return `{${Object.entries(v as Record<string, Value>)
      .map(([k, x]) => `${k}=${x === null ? 'null' : valueToString(x, t.value)}`)
      .join(', ')}}`;
  if (t.kind === 'STRUCT') {
    const o = v as Record<string, Value>;
    const parts = t.fields
      .filter((f) => (o[f.name] ?? null) !== null)
      .map((f) => `${f.name}=${valueToString(o[f.name]!, f.type)}`);
    return `Struct{${parts.join(',')}}`;
  }
  return String(v);
}

/** Whether trim() would leave the string as it is: both ends visible ASCII (the usual number). */
function untrimmed(s: string): boolean {
  const a = s.charCodeAt(0);
  const b = s.charCodeAt(s.length - 1);
  return a > 32 && a < 127 && b > 32 && b < 127;
}

function parseNumber(s: string, to: SqlType): number {
  const t = untrimmed(s) ? s : s.trim();
  const n = Number(t);
  if (t === '' || Number.isNaN(n)) throw new RecordError(`Cannot cast '${s}' to ${typeToString(to)}`);
  return n;
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** The value of `t` when it is 1 to `max` plain digits (no sign, no blank), else -1: read without
 *  a pattern (a port, a length, a flag, an epoch-ms timestamp). `max` below 16 keeps it exact. */
function plainDigits(t: string, max: number): number {
  const len = t.length;
  if (len === 0 || len > max) return -1;
  let v = 0;
  for (let i = 0; i < len; i++) {
    const d = t.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Java's Integer.parseInt(s.trim()): digits with an optional sign, inside 32 bits; anything else
 *  (a fraction, an exponent, a value out of range) is an error, so the CAST is null and logged. */
function parseInt32(s: string): number {
  const t = untrimmed(s) ? s : s.trim();
  // up to 9 plain digits: always in range
  const plain = plainDigits(t, 9);
  if (plain >= 0) return plain;
  const n = /^[+-]?\d{1,10}$/.test(t) ? Number(t) : NaN;
  if (!(n >= INT_MIN && n <= INT_MAX))
    throw new RecordError(
      `Cannot cast '${s}' to INTEGER: ${/^[+-]?\d+$/.test(t) ? 'out of range for a 32-bit INT' : 'not an integer'}`,
    );
  return n;
}

/** Java's Long.parseLong(s.trim()), exactly (types/long.ts). */
function parseInt64(s: string): Long {
  // up to 15 plain digits: a safe integer, what parseLong gives
  const plain = plainDigits(untrimmed(s) ? s : s.trim(), 15);
  if (plain >= 0) return plain;
  const n = parseLong(s);
  if (n === undefined)
    throw new RecordError(
      `Cannot cast '${s}' to BIGINT: ${/^[+-]?\d+$/.test(s.trim()) ? 'out of range for a 64-bit BIGINT' : 'not an integer'}`,
    );
  return n;
}

/** A number or exact BIGINT as INT the way Java's intValue() does it: a double (or a DECIMAL's
 *  integer part from a double) saturates, a long keeps its low 32 bits. */
function toInt32(v: number | bigint, from: SqlType): number {
  if (typeof v === 'bigint') return intOfLong(v);
  if (from.kind === 'DOUBLE') return Number.isNaN(v) ? 0 : Math.max(INT_MIN, Math.min(INT_MAX, Math.trunc(v)));
  return Math.trunc(v) | 0;
}

function toInt64(v: number | bigint, from: SqlType): Long {
  if (typeof v === 'bigint') return v;
  return from.kind === 'INTEGER' ? v : longOfDouble(v);
}

function castString(s: string, to: SqlType): Value {
  switch (to.kind) {
    case 'INTEGER':
      return parseInt32(s);
    case 'BIGINT':
      return parseInt64(s);
    case 'DOUBLE':
      return parseNumber(s, to);
    case 'DECIMAL':
      return fitDecimal(parseNumber(s, to), to);
    case 'BOOLEAN':
      return s.trim().toLowerCase() === 'true';
    case 'TIMESTAMP':
      return parseTimestampText(s);
    case 'DATE':
      return parseDateText(s);
    case 'TIME':
      return parseTimeText(s);
    case 'BYTES':
      return Buffer.from(s, 'base64');
    default:
      return s;
  }
}

/** A converter for one (from, to) pair; text to a number, the common case in tshark-shaped
 *  data, skips castValue's dispatch. Same results as castValue. */
export function castFunction(from: SqlType, to: SqlType): (v: Value) => Value {
  if (from.kind === 'STRING' && to.kind === 'INTEGER') return (v) => (v === null ? null : parseInt32(v as string));
  if (from.kind === 'STRING' && to.kind === 'BIGINT') return (v) => (v === null ? null : parseInt64(v as string));
  if (from.kind === 'STRING' && to.kind === 'DOUBLE') return (v) => (v === null ? null : parseNumber(v as string, to));
  return (v) => castValue(v, from, to);
}

/** Converts a value of `from` to `to`; the plan has already checked the pair with checkCast. */
export function castValue(v: Value, from: SqlType, to: SqlType): Value {
  if (v === null) return null;
  if (to.kind === 'STRING') return valueToString(v, from);
  if (from.kind === 'STRING') return castString(v as string, to);
  if (isNumeric(to) && (typeof v === 'number' || typeof v === 'bigint')) {
    if (to.kind === 'INTEGER') return toInt32(v, from);
    if (to.kind === 'BIGINT') return toInt64(v, from);
    if (to.kind === 'DECIMAL') return fitDecimal(Number(v), to);
    return Number(v);
  }
  if (from.kind === 'TIMESTAMP' && to.kind === 'DATE') return Math.floor((v as number) / 86_400_000);
  if (from.kind === 'TIMESTAMP' && to.kind === 'TIME') return (((v as number) % 86_400_000) + 86_400_000) % 86_400_000;
  if (from.kind === 'DATE' && to.kind === 'TIMESTAMP') return (v as number) * 86_400_000;
  if (to.kind === 'ARRAY' && from.kind === 'ARRAY') return (v as Value[]).map((x) => castValue(x, from.item, to.item));
  if (to.kind === 'MAP' && from.kind === 'MAP') {
    const out: Record<string, Value> = {};
    for (const [k, x] of Object.entries(v as Record<string, Value>)) out[k] = castValue(x, from.value, to.value);
    return out;
  }
  if (to.kind === 'STRUCT' && from.kind === 'STRUCT') {
    const o = v as Record<string, Value>;
    const out: Record<string, Value> = {};
    for (const f of to.fields) {
      const src = from.fields.find((x) => x.name === f.name);
      out[f.name] = src ? castValue(o[f.name] ?? null, src.type, f.type) : null;
    }
    return out;
  }
  return v;
}
