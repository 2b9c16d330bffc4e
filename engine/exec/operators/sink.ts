// Writes output rows to the sink topic: serialises key and value columns with the sink's
// formats, appends the window to windowed keys, and stamps the record time (or the sink's
// TIMESTAMP column). Tombstones have a null value.
import type { Serde } from '../serde/serde.js';
import type { Value } from '../../types/values.js';
import type { RecordHeader, TopicDriver } from '../topic-driver.js';
import type { Change, Operator, SkipReporter, Win } from './operator.js';
import { RecordError } from '../../errors.js';

export interface SinkOptions {
  topic: string;
  driver: TopicDriver;
  keySerde: Serde;
  valueSerde: Serde;
  keyCount: number;
  /** Which output value columns the value serde writes (all non-key columns by default). */
  windowType?: 'TIME' | 'SESSION';
  /** Output record time from this output column (WITH TIMESTAMP on a sink). */
  timestamp?: (row: Value[]) => number;
  skip: SkipReporter;
}

/** Output records carry no headers; one shared, frozen empty list rather than one per record
 *  (the in-memory driver keeps every record). */
const NO_HEADERS: RecordHeader[] = Object.freeze([]) as unknown as RecordHeader[];

/** Writes a 64-bit big-endian integer as two 32-bit halves: no BigInt per record (exact for
 *  every safe integer, negative ones in two's complement). */
export function writeInt64BE(buf: Buffer, v: number, at: number): void {
  buf.writeUInt32BE(Math.floor(v / 4294967296) >>> 0, at);
  buf.writeUInt32BE(v >>> 0, at + 4);
}

export function windowedKey(key: Buffer | null, w: Win, session: boolean): Buffer {
  const n = key ? key.length : 0;
  const out = Buffer.allocUnsafe(n + (session ? 16 : 8));
  if (key) key.copy(out, 0);
  if (session) {
    writeInt64BE(out, w.end, n);
    writeInt64BE(out, w.start, n + 8);
  } else writeInt64BE(out, w.start, n);
  return out;
}

export class SinkOperator implements Operator {
  constructor(private readonly o: SinkOptions) {}

  explain(): string {
    return `Sink topic ${this.o.topic}`;
  }

  process(c: Change): void {
    const o = this.o;
    try {
      // serdes read their columns in place: keys first, values from keyCount on
      let key = o.keyCount === 0 || c.nullKey ? null : o.keySerde.serialize(c.row);
      if (o.windowType && c.window) key = windowedKey(key, c.window, o.windowType === 'SESSION');
      const value = c.tombstone ? null : o.valueSerde.serialize(c.row, o.keyCount);
      const ts = o.timestamp && !c.tombstone ? o.timestamp(c.row) : c.ts;
      o.driver.produce(o.topic, { key, value, timestamp: ts, headers: NO_HEADERS, partition: 0 });
    } catch (err) {
      if (err instanceof RecordError) o.skip(`could not write to ${o.topic}: ${err.message}`);
      else throw err;
    }
  }
}
