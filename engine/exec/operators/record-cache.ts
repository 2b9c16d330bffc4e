// ksqlDB's record cache on an aggregation (Kafka Streams' cache on its store): between two commits
// it holds the latest change of each key and window, and only at the commit (flush) passes them on
// to the projection and the sink, so a table's topic gets one record per key per batch instead of
// one per input, and the work after the aggregation is done once per key. Changes go on in the
// order of each key's latest update; once the cached rows pass the size (an estimate of their
// bytes in memory) everything is passed on at once, as Kafka Streams evicts.
import { valueKey, type Value } from '../../types/values.js';
import type { Change, Operator } from './operator.js';

/** A rough size of a cached change: fixed overhead plus its values. */
function estimateBytes(row: Value[]): number {
  let n = 64;
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    n += typeof v === 'string' ? 16 + 2 * v.length : Buffer.isBuffer(v) ? 16 + v.length : 16;
  }
  return n;
}

export class RecordCacheOperator implements Operator {
  private readonly entries = new Map<string, { change: Change; bytes: number }>();
  private bytes = 0;

  constructor(
    private readonly next: Operator,
    /** How many leading row columns are the key. */
    private readonly keyCount: number,
    private readonly maxBytes: number,
  ) {}

  explain(): string {
    return `RecordCache (latest change per key and window until the commit, at most ${this.maxBytes} bytes)`;
  }

  process(c: Change): void {
    let id = c.window ? `${c.window.start}/${c.window.end}` : '';
    for (let i = 0; i < this.keyCount; i++) id += '\u0001' + valueKey(c.row[i] ?? null);
    const prev = this.entries.get(id);
    if (prev !== undefined) {
      this.bytes -= prev.bytes;
      this.entries.delete(id);
    }
    const bytes = estimateBytes(c.row);
    this.entries.set(id, { change: c, bytes });
    this.bytes += bytes;
    if (this.bytes > this.maxBytes) this.flush();
  }

  /** Passes every cached change on (before the batch's outputs are sent and its offsets committed). */
  flush(): void {
    if (this.entries.size === 0) return;
    const cached = [...this.entries.values()];
    this.entries.clear();
    this.bytes = 0;
    for (const { change } of cached) this.next.process(change);
  }
}
