// The value conversions behind a function argument's implicit cast: numbers need none (they are
// JavaScript numbers at every width), text given for a TIMESTAMP, DATE or TIME parameter is read
// as ksqlDB's SqlTimeTypes reads it (temporal-parse.ts).
import { NotSupportedError } from '../../errors.js';
import type { SqlType } from '../../types/sql-types.js';
import type { Value } from '../../types/values.js';
import { parseDateText, parseTimeText, parseTimestampText } from './temporal-parse.js';

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
