// The messages of the well-known types ksqlDB's PROTOBUF formats carry SQL temporal and decimal
// values in, written and read field by field: google.protobuf.Timestamp (seconds 1, nanos 2),
// google.type.Date (year 1, month 2, day 3), google.type.TimeOfDay (hours 1, minutes 2, seconds
// 3, nanos 4) and confluent.type.Decimal (unscaled big-endian two's complement bytes 1,
// precision 2, scale 3). Shared by the columns' codec (protobuf-serde.ts) and the registered
// schema's (protobuf-message-codec.ts).
import { RecordError } from '../../errors.js';
import type { Value } from '../../types/values.js';
import { decimalBytes, decimalOf } from './decimal-bytes.js';
import { signed64, WIRE_LEN, WIRE_VARINT, type ProtoWriter, type WireValue } from './protobuf-wire.js';

export type WellKnownKind = 'DECIMAL' | 'DATE' | 'TIME' | 'TIMESTAMP';

const MS_PER_DAY = 86_400_000;

function int64(m: ProtoWriter, field: number, v: number): void {
  if (v === 0) return;
  m.tag(field, WIRE_VARINT);
  m.varint(BigInt(v));
}

/** The body of the well-known message holding `v` (a DECIMAL's precision and scale from its type). */
export function writeWellKnown(
  m: ProtoWriter,
  kind: WellKnownKind,
  v: Value,
  decimal?: { precision: number; scale: number },
): void {
  const n = v as number;
  switch (kind) {
    case 'DECIMAL': {
      const { precision, scale } = decimal ?? { precision: 0, scale: 0 };
      m.tag(1, WIRE_LEN);
      m.bytes(decimalBytes(n, scale));
      m.tag(2, WIRE_VARINT);
      m.varint(precision);
      if (scale !== 0) int64(m, 3, scale);
      return;
    }
    case 'DATE': {
      const d = new Date(n * MS_PER_DAY);
      int64(m, 1, d.getUTCFullYear());
      int64(m, 2, d.getUTCMonth() + 1);
      int64(m, 3, d.getUTCDate());
      return;
    }
    case 'TIME':
      int64(m, 1, Math.floor(n / 3_600_000));
      int64(m, 2, Math.floor(n / 60_000) % 60);
      int64(m, 3, Math.floor(n / 1000) % 60);
      int64(m, 4, (n % 1000) * 1_000_000);
      return;
    case 'TIMESTAMP': {
      const seconds = Math.floor(n / 1000);
      int64(m, 1, seconds);
      int64(m, 2, (n - seconds * 1000) * 1_000_000);
      return;
    }
  }
}

/** The SQL value a well-known message's fields hold. */
export function readWellKnown(m: Map<number, WireValue[]>, kind: WellKnownKind): Value {
  const num = (n: number): number => {
    const x = m.get(n)?.at(-1);
    if (!x) return 0;
    if (x.wire !== WIRE_VARINT)
      throw new RecordError(`Failed to deserialize data: field ${n} of a ${kind} message is not a varint`);
    return Number(signed64(x.value as bigint));
  };
  switch (kind) {
    case 'DECIMAL': {
      const unscaled = m.get(1)?.at(-1);
      if (unscaled && unscaled.wire !== WIRE_LEN)
        throw new RecordError('Failed to deserialize data: field 1 of a DECIMAL message is not length-delimited');
      return decimalOf(unscaled ? (unscaled.value as Buffer) : Buffer.alloc(0), num(3));
    }
    case 'DATE':
      return Date.UTC(num(1), num(2) - 1, num(3)) / MS_PER_DAY;
    case 'TIME':
      return num(1) * 3_600_000 + num(2) * 60_000 + num(3) * 1000 + Math.floor(num(4) / 1_000_000);
    case 'TIMESTAMP':
      return num(1) * 1000 + Math.floor(num(2) / 1_000_000);
  }
}
