// The record cache in front of an aggregation's sink on Kafka, as ksqlDB servers have it by default
// (Kafka Streams' cache, `ksql.streams.statestore.cache.max.bytes`, 10 MB): between two commits
// only the latest update of each key is written, so a table's topic gets one record per key per
// batch instead of one per input. A size of 0 turns it off (every update written, as QTT expects).
// The in-memory driver delivers record by record and never has one.
import { PlanError } from '../errors.js';
import type { TopicDriver, TopicRecord } from './topic-driver.js';

/** ksqlDB's default cache size, and the property names that set it (newest first). */
export const DEFAULT_CACHE_MAX_BYTES = 10_000_000;
const CACHE_PROPS = ['ksql.streams.statestore.cache.max.bytes', 'statestore.cache.max.bytes', 'ksql.streams.cache.max.bytes.buffering', 'cache.max.bytes.buffering'];

/** The cache size the session's properties ask for; a value that is not a number is an error. */
export function cacheMaxBytes(props: Record<string, string>): number {
  for (const name of CACHE_PROPS) {
    const v = props[name];
    if (v === undefined) continue;
    const n = Number(v.trim());
    if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new PlanError(`property ${name}: expected a number of bytes ≥ 0, got '${v}'`);
    return n;
  }
  return DEFAULT_CACHE_MAX_BYTES;
}

/** Per-record overhead counted against the size, beside key and value bytes. */
const ENTRY_BYTES = 64;

export class RecordCache {
  /** Cache key (topic and key bytes) → latest record; re-inserted on update, so flushes go in
   *  order of each key's latest update. */
  private readonly entries = new Map<string, { topic: string; rec: TopicRecord; bytes: number }>();
  private bytes = 0;

  constructor(
    private readonly driver: Pick<TopicDriver, 'produce'>,
    private readonly maxBytes: number,
  ) {}

  /** Takes the sink's record; keyless records are not merged and go straight through. */
  produce(topic: string, rec: TopicRecord): void {
    if (rec.key === null) return this.driver.produce(topic, rec);
    const id = topic + '\u0000' + rec.key.toString('latin1');
    const prev = this.entries.get(id);
    if (prev !== undefined) {
      this.bytes -= prev.bytes;
      this.entries.delete(id);
    }
    const bytes = rec.key.length + (rec.value?.length ?? 0) + ENTRY_BYTES;
    this.entries.set(id, { topic, rec, bytes });
    this.bytes += bytes;
    if (this.bytes > this.maxBytes) this.flush();
  }

  /** Writes every cached record to the driver (before the batch's send and commit). */
  flush(): void {
    for (const { topic, rec } of this.entries.values()) this.driver.produce(topic, rec);
    this.entries.clear();
    this.bytes = 0;
  }
}
