// Runtime values: how each SQL type is held in JavaScript, reading loosely-typed JSON into a
// declared type (ksqlDB's JSON coercion rules) and turning values back into JSON-able data.
import { RecordError } from '../errors.js';
import { typeToString, type SqlType } from './sql-types.js';
import { stringifyJson } from './exact-json.js';
import { intOfLong, longOfDouble, normLong, parseLong, type Long } from './long.js';

/** BOOLEAN boolean; INTEGER/DOUBLE/DECIMAL/TIMESTAMP/DATE/TIME number; BIGINT a number while it
 *  is a safe integer, else a bigint (types/long.ts: exact 64-bit); STRING string; BYTES Buffer;
 *  ARRAY array; MAP and STRUCT plain objects (struct keys in declared order). */
export type Value = null | boolean | number | bigint | string | Buffer | Value[] | { [k: string]: Value };

function fail(what: string, t: SqlType, v: unknown): never {
  const shown = typeof v === 'string' ? JSON.stringify(v) : (stringifyJson(v) ?? String(v));
  throw new RecordError(`Can't convert type. sourceType: ${what}, requiredType: ${typeToString(t)}, value: ${shown}`);
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'ArrayNode';
  if (typeof v === 'object') return 'ObjectNode';
  if (typeof v === 'string') return 'TextNode';
  if (typeof v === 'boolean') return 'BooleanNode';
  if (typeof v === 'bigint') return 'LongNode';
  return Number.isInteger(v) ? 'IntNode' : 'DoubleNode';
}

function toInt(v: unknown, t: SqlType, bits: 32 | 64): Value {
  let n: Long;
  if (typeof v === 'number') n = Number.isSafeInteger(v) ? v : longOfDouble(v);
  else if (typeof v === 'bigint') n = normLong(v);
  else if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) n = parseLong(v) ?? longOfDouble(Number(v.trim()));
  else return fail(jsonKind(v), t, v);
  if (bits === 32) return intOfLong(n);
  // TIMESTAMP/DATE/TIME stay numbers (milliseconds and days are far inside 2^53)
  return t.kind === 'BIGINT' || typeof n === 'number' ? n : Number(n);
}

function toDouble(v: unknown, t: SqlType): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return fail(jsonKind(v), t, v);
}

export function roundDecimal(n: number, scale: number): number {
  const f = 10 ** scale;
  const r = Math.round(Math.abs(n) * f + 1e-9) / f;
  return n < 0 ? -r : r;
}

/** A number rounded to a DECIMAL(p,s)'s scale, refused when it does not fit its precision
 *  (ksqlDB's DecimalUtil.ensureFit: the integer part must stay below 10^(p-s)). */
export function fitDecimal(n: number, t: SqlType & { kind: 'DECIMAL' }): number {
  const r = roundDecimal(n, t.scale);
  const digits = t.precision - t.scale;
  if (Math.abs(r) >= 10 ** digits)
    throw new RecordError(
      `Numeric field overflow: A field with precision ${t.precision} and scale ${t.scale} must round to an absolute value less than 10^${digits}. Got ${plainNumber(r)}`,
    );
  return r;
}

function plainNumber(n: number): string {
  return Math.abs(n) < 1e21 ? String(n) : BigInt(Math.trunc(n)).toString();
}

/** Reads a decoded JSON value as the declared SQL type; throws RecordError when it cannot. */
export function coerceJson(v: unknown, t: SqlType): Value {
  if (v === null || v === undefined) return null;
  switch (t.kind) {
    case 'BOOLEAN':
      if (typeof v === 'boolean') return v;
      if (typeof v === 'string') return v.toLowerCase() === 'true';
      return fail(jsonKind(v), t, v);
    case 'INTEGER':
      return toInt(v, t, 32);
    case 'BIGINT':
    case 'TIMESTAMP':
    case 'TIME':
    case 'DATE':
      return toInt(v, t, 64);
    case 'DOUBLE':
      return toDouble(v, t);
    case 'DECIMAL':
      return fitDecimal(toDouble(v, t), t);
    case 'STRING':
      return typeof v === 'string' ? v : stringifyJson(v);
    case 'BYTES':
      if (typeof v === 'string') return Buffer.from(v, 'base64');
      return fail(jsonKind(v), t, v);
    case 'ARRAY':
      if (!Array.isArray(v)) return fail(jsonKind(v), t, v);
      return coerceArray(v, t.item);
    case 'MAP':
      return coerceMap(v, t);
    case 'STRUCT':
      return coerceStruct(v, t);
    case 'NULL':
      return null;
  }
}

/** Arrays whose elements already have the right JavaScript type are kept, not copied. */
function coerceArray(v: unknown[], item: SqlType): Value {
  const same =
    item.kind === 'STRING'
      ? 'string'
      : item.kind === 'DOUBLE'
        ? 'number'
        : item.kind === 'BOOLEAN'
          ? 'boolean'
          : undefined;
  if (same !== undefined) {
    let ok = true;
    for (let i = 0; i < v.length && ok; i++) ok = v[i] === null || typeof v[i] === same;
    if (ok) return v as Value[];
  }
  return v.map((x) => coerceJson(x, item));
}

function coerceMap(v: unknown, t: SqlType & { kind: 'MAP' }): Value {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(jsonKind(v), t, v);
  const out: Record<string, Value> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = coerceJson(x, t.value);
  return out;
}

/** Struct fields match the exact name first, then case-insensitively (ksqlDB upper-cases JSON keys). */
function coerceStruct(v: unknown, t: SqlType & { kind: 'STRUCT' }): Value {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(jsonKind(v), t, v);
  const obj = v as Record<string, unknown>;
  const out: Record<string, Value> = {};
  const look = fieldLookup(obj);
  for (const f of t.fields) out[f.name] = coerceJson(look(f.name), f.type);
  return out;
}

/** Finds a field by its exact name, else by upper-cased name (ksqlDB's JSON reading); the
 *  upper-cased index is built at most once per object, only when an exact lookup misses. */
export function fieldLookup(obj: Record<string, unknown>): (name: string) => unknown {
  let upper: Map<string, unknown> | undefined;
  return (name) => {
    const direct = obj[name];
    if (direct !== undefined) return direct;
    if (!upper) {
      upper = new Map();
      for (const k of Object.keys(obj)) {
        const u = k.toUpperCase();
        if (!upper.has(u)) upper.set(u, obj[k]);
      }
    }
    return upper.get(name);
  };
}

/** Turns an engine value into plain JSON data (what the JSON serde writes). */
export function toJson(v: Value, t: SqlType): unknown {
  if (v === null) return null;
  // Jackson writes non-finite doubles as the strings NaN, Infinity and -Infinity
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (t.kind === 'ARRAY' && Array.isArray(v)) return v.map((x) => toJson(x, t.item));
  if (t.kind === 'MAP' && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, Value>)) out[k] = toJson(x, t.value);
    return out;
  }
  if (t.kind === 'STRUCT' && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    const o = v as Record<string, Value>;
    for (const f of t.fields) out[f.name] = toJson(o[f.name] ?? null, f.type);
    return out;
  }
  return v;
}

/** A stable string for grouping and DISTINCT: equal SQL values give equal strings. */
export function valueKey(v: Value): string {
  if (v === null) return '\u0000null';
  if (typeof v === 'string') return 's' + v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return 'n' + String(v);
  if (Buffer.isBuffer(v)) return 'b' + v.toString('base64');
  return 'j' + stringifyJson(v);
}
