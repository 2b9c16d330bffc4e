// The DELIMITED format: one CSV line of primitive columns (default delimiter ','), empty fields
// are nulls, numbers printed as Java prints them (1.0 for a whole DOUBLE).
import { PlanError, RecordError } from '../../errors.js';
import { coerceJson, type Value } from '../../types/values.js';
import type { SqlType } from '../../types/sql-types.js';
import type { Serde, SerdeOptions } from './serde.js';

const COMPLEX = new Set(['ARRAY', 'MAP', 'STRUCT']);

export function splitCsv(line: string, delim: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"' && cur === '') quoted = true;
    else if (line.startsWith(delim, i)) {
      out.push(cur);
      cur = '';
      i += delim.length - 1;
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Java's Double.toString for the values QTT uses: whole numbers keep a ".0". */
export function javaDouble(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e7) return n.toFixed(1);
  const s = String(n);
  return s.includes('e') ? s.replace('e+', 'E').replace('e', 'E') : s;
}

function fieldText(v: Value, t: SqlType): string {
  if (t.kind === 'DOUBLE') return javaDouble(v as number);
  if (t.kind === 'DECIMAL') return (v as number).toFixed(t.scale);
  if (Buffer.isBuffer(v)) return v.toString('base64');
  return String(v);
}

/** Commons CSV's minimal quoting, as ksqlDB writes: quote a record's first field when it is empty
 *  or starts with anything but an ASCII letter or digit, any field starting with a character up
 *  to '#' or ending with one up to ' ', and fields holding the delimiter, quotes or line breaks. */
function printField(v: Value, t: SqlType, delim: string, first: boolean): string {
  if (v === null) return '';
  const s = fieldText(v, t);
  const quote =
    s === ''
      ? first
      : (first && !/^[0-9A-Za-z]/.test(s)) ||
        s.charCodeAt(0) <= 0x23 ||
        s.charCodeAt(s.length - 1) <= 0x20 ||
        s.includes(delim) ||
        s.includes('"') ||
        s.includes('\n') ||
        s.includes('\r');
  return quote ? `"${s.replace(/"/g, '""')}"` : s;
}

export function delimitedSerde(o: SerdeOptions): Serde {
  for (const c of o.columns) {
    if (COMPLEX.has(c.type.kind))
      throw new PlanError(`The 'DELIMITED' format does not support type '${c.type.kind}', column: \`${c.name}\``);
  }
  const cols = o.columns;
  const delim = o.delimiter;
  return {
    deserialize(bytes) {
      if (bytes === null) return cols.map(() => null);
      const parts = splitCsv(bytes.toString('utf8'), delim);
      if (parts.length !== cols.length) {
        throw new RecordError(
          `Failed to deserialize data: Unexpected field count, csvFields:${parts.length} schemaFields:${cols.length}`,
        );
      }
      return cols.map((c, i) => (parts[i] === '' ? null : coerceJson(parts[i], c.type)));
    },
    serialize(values, from = 0) {
      if (cols.length === 0) return null;
      return Buffer.from(cols.map((c, i) => printField(values[from + i] ?? null, c.type, delim, i === 0)).join(delim));
    },
  };
}
