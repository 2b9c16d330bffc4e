// The changelog of a persistent query's aggregation store: a compacted topic named as ksqlDB names
// it, holding the latest state of every entry. Changes are coalesced per entry during a batch and
// produced at its end (before the flush that precedes the commit); restore reads it to its end.
import { ExecError } from '../errors.js';
import type { Position, StateLog } from '../exec/operators/aggregate-core.js';
import type { TopicDriver, TopicRecord } from '../exec/topic-driver.js';
import { parseJsonExact, stringifyJson } from '../types/exact-json.js';

/** ksqlDB's changelog of an aggregation: <query's consumer group>-Aggregate-Aggregate-Materialize-changelog. */
export const changelogTopicName = (queryGroupId: string): string =>
  `${queryGroupId}-Aggregate-Aggregate-Materialize-changelog`;

export class ChangelogStore implements StateLog {
  /** Entry key → its latest state (encoded when written) or null (deleted), since the last write. */
  private pending = new Map<string, (() => unknown) | null>();
  /** Entry keys whose latest record in the topic is a value (not a tombstone). */
  private readonly live = new Set<string>();

  constructor(
    private readonly driver: TopicDriver,
    readonly topic: string,
    /** The source record being processed (the running query's current record). */
    private readonly current: () => TopicRecord | undefined,
  ) {}

  /** Creates the topic when missing: compacted, with the source's partition count. */
  ensureTopic(partitions: number): void {
    if (!this.driver.hasTopic(this.topic))
      this.driver.createTopic(this.topic, { partitions, replicas: 1, cleanupPolicy: 'compact' });
  }

  /** The record itself (it has partition and offset): no allocation per record. */
  position(): Position | undefined {
    const r = this.current();
    return r?.offset === undefined ? undefined : (r as Position);
  }

  put(entryKey: string, state: (() => unknown) | null): void {
    // an entry that never reached the topic needs no tombstone: a window opened and closed
    // within one batch writes nothing
    if (state === null && !this.live.has(entryKey)) this.pending.delete(entryKey);
    else this.pending.set(entryKey, state);
  }

  /** Produces the pending changes; the producer's partitioner keeps an entry on one partition. */
  write(): void {
    if (this.pending.size === 0) return;
    const now = Date.now();
    for (const [key, state] of this.pending) {
      const value = state === null ? null : Buffer.from(stringifyJson(state()), 'utf8');
      if (state === null) this.live.delete(key);
      else this.live.add(key);
      this.driver.produce(this.topic, {
        key: Buffer.from(key, 'utf8'),
        value,
        timestamp: now,
        headers: [],
        partition: 0,
      });
    }
    this.pending.clear();
  }

  /** The latest state of every live entry (entry key → decoded JSON), read to the topic's end. */
  async read(): Promise<Map<string, unknown>> {
    this.pending.clear();
    const entries = new Map<string, unknown>();
    for (const r of await this.driver.snapshot(this.topic)) {
      if (r.key === null) continue;
      const key = r.key.toString('utf8');
      if (r.value === null) {
        entries.delete(key);
        continue;
      }
      try {
        entries.set(key, parseJsonExact(r.value.toString('utf8')));
      } catch (err) {
        throw new ExecError(
          `changelog ${this.topic} partition ${r.partition} offset ${r.offset ?? '?'}: not JSON (${(err as Error).message})`,
        );
      }
    }
    this.live.clear();
    for (const key of entries.keys()) this.live.add(key);
    return entries;
  }
}
