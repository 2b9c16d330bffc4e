// Aggregation operators backed by a changelog (ChangelogStore on the in-memory driver): a "crash"
// after a batch's changelog was written but before its source offsets were committed, then a new
// operator restored from the changelog and fed the redelivered records, ends with the same table
// (latest row per key and window) as an uninterrupted run: nothing lost, nothing counted twice.
import { describe, expect, it } from 'vitest';
import { AggregateCore, type StatefulOperator } from '../../../engine/exec/operators/aggregate-core.js';
import { AggregateOperator } from '../../../engine/exec/operators/aggregate.js';
import { WindowAggregateOperator, type TimeWindowSpec } from '../../../engine/exec/operators/window-aggregate.js';
import { SessionAggregateOperator } from '../../../engine/exec/operators/session-aggregate.js';
import { resolveAggregate } from '../../../engine/exec/aggregates/index.js';
import type { Change, Operator } from '../../../engine/exec/operators/operator.js';
import { T } from '../../../engine/types/sql-types.js';
import type { Value } from '../../../engine/types/values.js';
import { ChangelogStore, changelogTopicName } from '../../../engine/runtime/changelog-store.js';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';
import type { TopicRecord } from '../../../engine/exec/topic-driver.js';

type Kind = 'plain' | 'tumbling' | 'hopping' | 'final' | 'session' | 'session-final';

/** Rows are [key, value]; outputs [key, COUNT(*), SUM(value), LATEST_BY_OFFSET(value), COLLECT_SET(value), start, end]. */
function makeOp(kind: Kind, out: Change[]): StatefulOperator {
  const next: Operator = { process: (c) => void out.push({ ...c, row: [...c.row] }), explain: () => 'collect' };
  const value = (row: Value[]): Value => row[1] ?? null;
  const core = new AggregateCore({
    groupBy: [(row) => row[0] ?? null],
    aggs: [
      { impl: resolveAggregate('COUNT', [], [], true), args: [] },
      { impl: resolveAggregate('SUM', [T.INTEGER], [undefined], false), args: [value] },
      { impl: resolveAggregate('LATEST_BY_OFFSET', [T.INTEGER], [undefined], false), args: [value] },
      { impl: resolveAggregate('COLLECT_SET', [T.INTEGER], [undefined], false), args: [value] },
    ],
    // HAVING: a group must pass it again after a restart for its row to stay
    having: (row) => (row[1] as number) >= 2,
    next,
  });
  const skip = (): void => undefined;
  const time = (spec: TimeWindowSpec): StatefulOperator => new WindowAggregateOperator(core, spec, skip, 'K');
  switch (kind) {
    case 'plain':
      return new AggregateOperator(core, false, 'K');
    case 'tumbling':
      return time({ sizeMs: 100, advanceMs: 100, graceMs: 50 });
    case 'hopping':
      return time({ sizeMs: 100, advanceMs: 30, graceMs: 50 });
    case 'final':
      return time({ sizeMs: 100, advanceMs: 100, graceMs: 20, final: { retentionMs: 1_000 } });
    case 'session':
      return new SessionAggregateOperator(core, 25, 40, skip, 'K');
    case 'session-final':
      return new SessionAggregateOperator(core, 25, 40, skip, 'K', true);
  }
}

/** 600 records over 2 source partitions (own offsets each), 5 keys, mostly increasing time. */
const RECORDS: TopicRecord[] = Array.from({ length: 600 }, (_, i) => ({
  key: null,
  value: Buffer.from(JSON.stringify([`k${(i * 7) % 5}`, i % 11])),
  headers: [],
  timestamp: i * 3 + (i % 9 === 0 ? -20 : 0) + (i % 50 === 0 ? 60 : 0),
  partition: i % 2,
  offset: Math.floor(i / 2),
}));

const feed = (op: Operator, r: TopicRecord): void =>
  op.process({ row: JSON.parse(r.value!.toString()) as Value[], ts: r.timestamp });

/** Latest row per key and window; tombstones delete. */
function table(outs: Change[]): Map<string, Value[]> {
  const t = new Map<string, Value[]>();
  for (const c of outs) {
    const k = `${String(c.row[0])}@${c.window?.start ?? ''}-${c.window?.end ?? ''}`;
    if (c.tombstone) t.delete(k);
    else t.set(k, c.row);
  }
  return t;
}

async function crashAndRestore(
  kind: Kind,
  crashAt: number,
  written: boolean,
): Promise<{ want: Map<string, Value[]>; got: Map<string, Value[]>; topic: TopicRecord[] }> {
  const ref: Change[] = [];
  const plain = makeOp(kind, ref);
  for (const r of RECORDS) feed(plain, r);

  const driver = new MemoryDriver();
  const topic = changelogTopicName('_confluent-ksql-t_query_CTAS_X_0');
  driver.createTopic(topic, { partitions: 2, replicas: 1, cleanupPolicy: 'compact' });
  const outs: Change[] = [];
  let cur: TopicRecord | undefined;
  const first = makeOp(kind, outs);
  const store1 = new ChangelogStore(driver, topic, () => cur);
  first.attachStore(store1);
  const BATCH = 40;
  let committed = 0;
  for (let i = 0; i < crashAt; i++) {
    cur = RECORDS[i];
    feed(first, cur!);
    const end = (i + 1) % BATCH === 0;
    // the crash comes after the last batch's changelog write (written) or before it
    if (end && (written || i + 1 < crashAt)) store1.write();
    if (end && i + 1 < crashAt) committed = i + 1;
  }
  const second = makeOp(kind, outs);
  const store2 = new ChangelogStore(driver, topic, () => cur);
  second.attachStore(store2);
  second.restore(await store2.read());
  for (let i = committed; i < RECORDS.length; i++) {
    cur = RECORDS[i];
    feed(second, cur!);
  }
  return { want: table(ref), got: table(outs), topic: driver.read(topic) };
}

describe('changelog-backed aggregation state', () => {
  for (const kind of ['plain', 'tumbling', 'hopping', 'final', 'session', 'session-final'] as Kind[]) {
    it(`${kind}: a restart after the changelog write but before the commit ends with the uninterrupted table`, async () => {
      const { want, got } = await crashAndRestore(kind, 320, true);
      expect(want.size).toBeGreaterThan(0);
      expect(got).toEqual(want);
    });

    it(`${kind}: a restart before the batch's changelog write ends with the uninterrupted table`, async () => {
      const { want, got } = await crashAndRestore(kind, 333, false);
      expect(got).toEqual(want);
    });
  }

  it('writes one changelog record per changed entry per batch, with its source positions', async () => {
    const { topic } = await crashAndRestore('tumbling', 40, true);
    const keys = topic.map((r) => r.key!.toString());
    expect(new Set(keys).size).toBe(keys.length);
    const entry = JSON.parse(topic.find((r) => r.value !== null)!.value!.toString()) as {
      p: Record<string, number>;
      w: number[];
    };
    expect(Object.keys(entry.p).length).toBeGreaterThan(0);
    expect(entry.w[1]! - entry.w[0]!).toBe(100);
  });

  it('refuses a changelog for an aggregation of a table (its previous rows need a replay)', () => {
    const op = new AggregateOperator(
      new AggregateCore({ groupBy: [], aggs: [], next: { process: () => undefined, explain: () => '' } }),
      true,
      'K',
    );
    expect(() => op.attachStore(new ChangelogStore(new MemoryDriver(), 't', () => undefined))).toThrow(
      /not supported for an aggregation of a table/,
    );
  });
});
