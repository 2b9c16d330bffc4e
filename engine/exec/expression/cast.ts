// CAST at run time (which conversions are allowed is typecheck/cast-rules.ts's): numbers print
// as Java does (1.0), unparseable text yields null and a logged error.
import { RecordError } from '../../errors.js';
import { isNumeric, typeToString, type SqlType } from '../../types/sql-types.js';
import { roundDecimal, type Value } from '../../types/values.js';
import { javaDouble } from '../serde/delimited-serde.js';

export function valueToString(v: Value, t: SqlType): string {
  if (t.kind === 'DOUBLE') return javaDouble(v as number);
  if (t.kind === 'DECIMAL') return (v as number).toFixed(t.scale);
  if (t.kind === 'TIMESTAMP') return new Date(v as number).toISOString().replace('Z', '');
  if (t.kind === 'DATE') return new Date((v as number) * 86_400_000).toISOString().substring(0, 10);
  if (t.kind === 'TIME') return new Date(v as number).toISOString().substring(11, 23);
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

function castString(s: string, to: SqlType): Value {
  switch (to.kind) {
    case 'INTEGER':
      return Math.trunc(parseNumber(s, to)) | 0;
    case 'BIGINT':
      return Math.trunc(parseNumber(s, to));
    case 'DOUBLE':
      return parseNumber(s, to);
    case 'DECIMAL':
      return roundDecimal(parseNumber(s, to), to.scale);
    case 'BOOLEAN':
      return s.trim().toLowerCase() === 'true';
    case 'TIMESTAMP':
      return Date.parse(s.endsWith('Z') ? s : s + 'Z');
    case 'DATE':
      return Math.floor(Date.parse(s + 'T00:00:00Z') / 86_400_000);
    case 'BYTES':
      return Buffer.from(s, 'base64');
    default:
      return s;
  }
}

/** A converter for one (from, to) pair; text to a number, the common case in tshark-shaped
 *  data, skips castValue's dispatch. Same results as castValue. */
export function castFunction(from: SqlType, to: SqlType): (v: Value) => Value {
  if (from.kind === 'STRING' && to.kind === 'INTEGER')
    return (v) => (v === null ? null : Math.trunc(parseNumber(v as string, to)) | 0);
  if (from.kind === 'STRING' && to.kind === 'BIGINT')
    return (v) => (v === null ? null : Math.trunc(parseNumber(v as string, to)));
  if (from.kind === 'STRING' && to.kind === 'DOUBLE') return (v) => (v === null ? null : parseNumber(v as string, to));
  return (v) => castValue(v, from, to);
}

/** Converts a value of `from` to `to`; the plan has already checked the pair with checkCast. */
export function castValue(v: Value, from: SqlType, to: SqlType): Value {
  if (v === null) return null;
  if (to.kind === 'STRING') return valueToString(v, from);
  if (from.kind === 'STRING') return castString(v as string, to);
  if (isNumeric(to) && typeof v === 'number') {
    if (to.kind === 'INTEGER') return Math.trunc(v) | 0;
    if (to.kind === 'BIGINT') return Math.trunc(v);
    if (to.kind === 'DECIMAL') return roundDecimal(v, to.scale);
    return v;
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
