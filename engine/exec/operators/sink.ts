// Writes output rows to the sink topic: serialises key and value columns with the sink's
// formats, appends the window to windowed keys, and stamps the record time (or the sink's
// TIMESTAMP column). Tombstones have a null value. Where the driver defers bytes, a record whose
// key and value documents are known goes out as a deferred record (deferred-record.ts).
import type { Serde, SerdeColumn } from '../serde/serde.js';
import type { Value } from '../../types/values.js';
import type { RecordHeader, TopicDriver } from '../topic-driver.js';
import type { Change, Operator, SkipReporter, Win } from './operator.js';
import { RecordError } from '../../errors.js';
import { DeferredRecord, type RecordWriter } from '../deferred-record.js';

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

export class SinkOperator implements Operator, RecordWriter {
  private deferring: boolean | undefined;

  constructor(private readonly o: SinkOptions) {}

  explain(): string {
    return `Sink topic ${this.o.topic}`;
  }

  keyBytes(row: readonly Value[], nullKey: boolean, window: Win | undefined): Buffer | null {
    const o = this.o;
    // serdes read their columns in place: keys first, values from keyCount on
    const key = o.keyCount === 0 || nullKey ? null : o.keySerde.serialize(row);
    return o.windowType && window ? windowedKey(key, window, o.windowType === 'SESSION') : key;
  }

  valueBytes(row: readonly Value[]): Buffer | null {
    return this.o.valueSerde.serialize(row, this.o.keyCount);
  }

  valueDocument(row: readonly Value[]): unknown {
    return this.o.valueSerde.document!(row, this.o.keyCount);
  }

  get valueFrom(): number {
    return this.o.keyCount;
  }

  get valueFields(): readonly SerdeColumn[] | undefined {
    return this.o.valueSerde.fields;
  }

  process(c: Change): void {
    const o = this.o;
    try {
      if (!c.tombstone && this.defers() && this.deferred(c)) return;
      const key = this.keyBytes(c.row, c.nullKey === true, c.window);
      const value = c.tombstone ? null : this.valueBytes(c.row);
      const ts = o.timestamp && !c.tombstone ? o.timestamp(c.row) : c.ts;
      o.driver.produce(o.topic, { key, value, timestamp: ts, headers: NO_HEADERS, partition: 0 });
    } catch (err) {
      if (err instanceof RecordError) o.skip(`could not write to ${o.topic}: ${err.message}`);
      else throw err;
    }
  }

  /** Whether the driver defers this topic's bytes, asked once (the in-memory driver's answer
   *  depends on the topic's name alone; writing bytes is right for any topic either way). */
  private defers(): boolean {
    return (this.deferring ??= this.o.driver.defersBytes?.(this.o.topic) === true);
  }

  /** Produces the change as a deferred record when both its key and its value can be written
   *  later (their serdes can tell); false when not, and nothing was produced. */
  private deferred(c: Change): boolean {
    const o = this.o;
    const vs = o.valueSerde;
    // the value's deferral and its readers' direct check in one pass, where the serde offers it
    const d = vs.deferral ? vs.deferral(c.row, o.keyCount) : vs.canDefer?.(c.row, o.keyCount) === true ? 1 : 0;
    if (d === 0) return false;
    const nullKey = c.nullKey === true;
    if (o.keyCount > 0 && !nullKey && o.keySerde.canDefer?.(c.row, 0) !== true) return false;
    const ts = o.timestamp ? o.timestamp(c.row) : c.ts;
    const w = o.windowType ? c.window : undefined;
    const direct = vs.deferral ? d === 2 : undefined;
    const rec = new DeferredRecord(this, c.row, ts, nullKey, w ? w.start : NaN, w ? w.end : NaN, direct);
    o.driver.produce(o.topic, rec);
    return true;
  }
}
