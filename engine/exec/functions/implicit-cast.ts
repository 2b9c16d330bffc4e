// The value conversions behind a function argument's implicit cast: numbers need none (they are
// JavaScript numbers at every width), text given for a TIMESTAMP, DATE or TIME parameter is read
// as ksqlDB's SqlTimeTypes reads it (ISO-8601, trailing parts optional, UTC).
import { NotSupportedError, RecordError } from '../../errors.js';
import type { SqlType } from '../../types/sql-types.js';
import type { Value } from '../../types/values.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;

function fail(text: string, what: string): never {
  throw new RecordError(`Failed to parse ${what}: '${text}'`);
}

function dateMillis(text: string): number {
  const m = DATE.exec(text);
  if (!m) return fail(text, 'date');
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(ms)) return fail(text, 'date');
  return ms;
}

function timeMillis(text: string): number {
  const m = TIME.exec(text);
  if (!m) return fail(text, 'time');
  const frac = (m[4] ?? '').padEnd(3, '0').substring(0, 3);
  return ((Number(m[1]) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000 + Number(frac);
}

/** `2022-06-14`, `2022-06-14T10`, `2022-06-14T10:11:12.123` (a trailing Z is UTC too). */
export function parseTimestampText(text: string): number {
  const s = text.trim().replace(/Z$/, '');
  const t = s.indexOf('T');
  return t < 0 ? dateMillis(s) : dateMillis(s.substring(0, t)) + timeMillis(s.substring(t + 1));
}

export function parseDateText(text: string): number {
  return dateMillis(text.trim()) / 86_400_000;
}

export function parseTimeText(text: string): number {
  return timeMillis(text.trim());
}

/** The conversion for an argument of type `from` passed to a parameter of type `to`, or
 *  undefined when the value stays as it is. */
export function implicitCast(from: SqlType, to: SqlType): ((v: Value) => Value) | undefined {
  if (from.kind !== 'STRING') return undefined;
  const read = (f: (s: string) => number) => (v: Value) => (v === null ? null : f(v as string));
  switch (to.kind) {
    case 'TIMESTAMP':
      return read(parseTimestampText);
    case 'DATE':
      return read(parseDateText);
    case 'TIME':
      return read(parseTimeText);
    case 'BYTES':
      throw new NotSupportedError(
        'implicit-bytes-cast',
        'a STRING argument for a BYTES parameter is not supported yet: convert it with TO_BYTES(text, encoding)',
      );
    default:
      return undefined;
  }
}
