// Joins whose state is backed by changelog topics, as on the Kafka driver: a driver that keeps
// changelogs (the in-memory one, restoring before it delivers and writing the changelogs after
// every record, a batch of one) runs a join; a second engine, reading its sources only from
// their end (its state can come only from the changelogs), continues it. Every join shape ends
// with the outputs of an uninterrupted run; the topics carry ksqlDB's store names; a stream row
// delivered again after the restart is not joined twice; EXPLAIN names the changelogs.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../engine/runtime/engine.js';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';
import { decodeRecord } from '../../../engine/qtt/record-codec.js';
import type { RecordHandler, SubscribeOptions, Subscription, TopicRecord } from '../../../engine/exec/topic-driver.js';

/** The in-memory driver with changelogs: restore runs before delivery starts, beforeFlush after each record. */
class ChangelogMemoryDriver extends MemoryDriver {
  readonly changelogs = true;
  private starting: Promise<void>[] = [];

  override subscribe(
    topics: string | readonly string[],
    from: 'earliest' | 'latest',
    handler: RecordHandler,
    opts: SubscribeOptions = {},
  ): Subscription {
    let sub: Subscription | undefined;
    let closed = false;
    const wrapped: RecordHandler = (rec, topic) => {
      const r = handler(rec, topic);
      opts.beforeFlush?.();
      return r;
    };
    const start = async (): Promise<void> => {
      await opts.restore?.();
      if (!closed) sub = super.subscribe(topics, from, wrapped);
    };
    this.starting.push(start());
    return {
      close: () => {
        closed = true;
        sub?.close();
      },
    };
  }

  async ready(): Promise<void> {
    await Promise.all(this.starting);
  }
}

const PROPS = { 'ksql.service.id': 'svc_', 'ksql.streams.cache.max.bytes.buffering': '0' };

function engineOn(driver: ChangelogMemoryDriver, sql: string, reset: 'earliest' | 'latest'): Engine {
  const engine = new Engine({ driver, props: { ...PROPS, 'auto.offset.reset': reset }, now: () => 5 });
  engine.execute(sql);
  return engine;
}

function send(d: MemoryDriver, topic: string, key: number | null, value: unknown, ts: number): void {
  const k = key === null ? null : Buffer.alloc(4);
  k?.writeInt32BE(key!);
  d.produce(topic, {
    key: k,
    value: value === null ? null : Buffer.from(JSON.stringify(value)),
    timestamp: ts,
    headers: [],
    partition: 0,
  });
}

type Input = [topic: string, key: number | null, value: unknown, ts: number];

function outputs(d: MemoryDriver, engine: Engine, topic: string, from = 0): unknown[] {
  const def = engine.catalog.all().find((s) => s.topic === topic && s.writerQueryId);
  return d
    .read(topic)
    .slice(from)
    .map((r: TopicRecord) => {
      const x = decodeRecord(r, def);
      return [x.key, x.value, r.timestamp];
    });
}

/** Runs `before`, restarts on a fresh engine reading only new records, runs `after`; and the same
 *  inputs uninterrupted on the plain in-memory driver. */
async function restartRun(
  sql: string,
  before: Input[],
  after: Input[],
): Promise<{ got: unknown[]; want: unknown[]; topics: string[]; explain: string }> {
  const plain = new MemoryDriver();
  const ref = new Engine({ driver: plain, props: { ...PROPS, 'auto.offset.reset': 'earliest' }, now: () => 5 });
  ref.execute(sql);
  for (const i of [...before, ...after]) send(plain, ...i);

  const d = new ChangelogMemoryDriver();
  const first = engineOn(d, sql, 'earliest');
  await d.ready();
  for (const i of before) send(d, ...i);
  const explain = first.execute(`EXPLAIN ${[...first.queries.keys()][0]!};`)[0]!.explain ?? '';
  const written = d.read('OUT').length;
  first.close();
  const second = engineOn(d, sql, 'latest');
  await d.ready();
  for (const i of after) send(d, ...i);
  const got = [...outputs(d, second, 'OUT').slice(0, written), ...outputs(d, second, 'OUT', written)];
  second.close();
  return { got, want: outputs(plain, ref, 'OUT'), topics: d.topics().filter((t) => t.endsWith('-changelog')), explain };
}

const DDL = `
  CREATE STREAM PKT (ID INT KEY, SRC STRING) WITH (KAFKA_TOPIC='pkt', VALUE_FORMAT='JSON', PARTITIONS=1);
  CREATE STREAM DNS (ID INT KEY, Q STRING) WITH (KAFKA_TOPIC='dns', VALUE_FORMAT='JSON', PARTITIONS=1);
  CREATE TABLE ASSET (ID INT PRIMARY KEY, NAME STRING, OWNER_ID INT) WITH (KAFKA_TOPIC='asset', VALUE_FORMAT='JSON', PARTITIONS=1);
  CREATE TABLE OWNER (ID INT PRIMARY KEY, WHO STRING) WITH (KAFKA_TOPIC='owner', VALUE_FORMAT='JSON', PARTITIONS=1);
`;
const Q = '_confluent-ksql-svc_query_';

describe('changelog-backed join state (restart)', () => {
  it('stream-table: the table side is restored from its source store changelog', async () => {
    const r = await restartRun(
      `${DDL} CREATE STREAM OUT AS SELECT P.ID, SRC, NAME FROM PKT P LEFT JOIN ASSET A ON P.ID = A.ID;`,
      [
        ['asset', 1, { NAME: 'db', OWNER_ID: 7 }, 1],
        ['asset', 2, { NAME: 'web', OWNER_ID: 8 }, 2],
        ['asset', 2, null, 3],
        ['pkt', 1, { SRC: 'a' }, 4],
      ],
      [
        ['pkt', 1, { SRC: 'b' }, 5],
        ['pkt', 2, { SRC: 'c' }, 6],
        ['asset', 1, { NAME: 'db2', OWNER_ID: 7 }, 7],
        ['pkt', 1, { SRC: 'd' }, 8],
      ],
    );
    expect(r.got).toEqual(r.want);
    expect(r.want).toContainEqual([1, { SRC: 'b', NAME: 'db' }, 5]);
    expect(r.topics).toEqual([`${Q}CSAS_OUT_0-KafkaTopic_Right-Reduce-changelog`]);
    expect(r.explain).toContain('Join LEFT STREAM_TABLE KEY $JOINKEY');
    expect(r.explain).toContain('right: TABLE ASSET AS A [topic asset] BY ID');
    expect(r.explain).toContain(`State: changelog ${Q}CSAS_OUT_0-KafkaTopic_Right-Reduce-changelog`);
  });

  it('stream-stream WITHIN: the window stores are restored; a match spans the restart', async () => {
    const r = await restartRun(
      `${DDL} CREATE STREAM OUT AS SELECT P.ID, SRC, Q FROM PKT P JOIN DNS D WITHIN 10 SECONDS ON P.ID = D.ID;`,
      [
        ['pkt', 1, { SRC: 'a' }, 1_000],
        ['dns', 2, { Q: 'x' }, 2_000],
      ],
      [
        ['dns', 1, { Q: 'y' }, 3_000],
        ['pkt', 2, { SRC: 'b' }, 4_000],
        ['pkt', 1, { SRC: 'c' }, 30_000],
      ],
    );
    expect(r.got).toEqual(r.want);
    expect(r.want).toEqual([
      [1, { SRC: 'a', Q: 'y' }, 3_000],
      [2, { SRC: 'b', Q: 'x' }, 4_000],
    ]);
    expect(r.topics.sort()).toEqual([
      `${Q}CSAS_OUT_0-Join-other-join-store-changelog`,
      `${Q}CSAS_OUT_0-Join-this-join-store-changelog`,
    ]);
  });

  it('stream-stream LEFT with GRACE: rows waiting for their window to close survive the restart', async () => {
    const r = await restartRun(
      `${DDL} CREATE STREAM OUT AS SELECT P.ID, SRC, Q FROM PKT P LEFT JOIN DNS D WITHIN 1 SECOND GRACE PERIOD 1 SECOND ON P.ID = D.ID;`,
      [
        ['pkt', 1, { SRC: 'a' }, 1_000],
        ['pkt', 2, { SRC: 'b' }, 1_500],
      ],
      [
        ['dns', 2, { Q: 'x' }, 2_000],
        ['pkt', 3, { SRC: 'c' }, 10_000],
      ],
    );
    expect(r.got).toEqual(r.want);
    expect(r.want).toEqual([
      [2, { SRC: 'b', Q: 'x' }, 2_000],
      [1, { SRC: 'a', Q: null }, 1_000],
    ]);
    expect(r.topics).toContain(`${Q}CSAS_OUT_0-Join-left-shared-join-store-changelog`);
    expect(r.topics).toContain(`${Q}CSAS_OUT_0-Join-outer-this-join-store-changelog`);
  });

  it('table-table: both sides restored; updates and deletes after the restart see the other side', async () => {
    const r = await restartRun(
      `${DDL} CREATE TABLE OUT AS SELECT A.ID, NAME, WHO FROM ASSET A LEFT JOIN OWNER O ON A.ID = O.ID;`,
      [
        ['asset', 1, { NAME: 'db', OWNER_ID: 7 }, 1],
        ['owner', 2, { WHO: 'ops' }, 2],
      ],
      [
        ['owner', 1, { WHO: 'dba' }, 3],
        ['asset', 2, { NAME: 'web', OWNER_ID: 8 }, 4],
        ['asset', 1, null, 5],
      ],
    );
    expect(r.got).toEqual(r.want);
    expect(r.want.slice(-3)).toEqual([
      [1, { NAME: 'db', WHO: 'dba' }, 3],
      [2, { NAME: 'web', WHO: 'ops' }, 4],
      [1, null, 5],
    ]);
    expect(r.topics.sort()).toEqual([
      `${Q}CTAS_OUT_0-KafkaTopic_Left-Reduce-changelog`,
      `${Q}CTAS_OUT_0-KafkaTopic_Right-Reduce-changelog`,
    ]);
  });

  it('foreign-key: a right change after the restart reaches every restored subscriber', async () => {
    const r = await restartRun(
      `${DDL} CREATE TABLE OUT AS SELECT A.ID, NAME, WHO FROM ASSET A JOIN OWNER O ON A.OWNER_ID = O.ID;`,
      [
        ['asset', 1, { NAME: 'db', OWNER_ID: 7 }, 1],
        ['asset', 2, { NAME: 'web', OWNER_ID: 7 }, 2],
        ['owner', 7, { WHO: 'ops' }, 3],
      ],
      [
        ['owner', 7, { WHO: 'sec' }, 4],
        ['asset', 2, { NAME: 'web', OWNER_ID: 9 }, 5],
      ],
    );
    expect(r.got).toEqual(r.want);
    expect(r.want.slice(-3)).toEqual([
      [1, { NAME: 'db', WHO: 'sec' }, 4],
      [2, { NAME: 'web', WHO: 'sec' }, 4],
      [2, null, 5],
    ]);
  });

  it('n-way: a stream joined to two tables restores both, the inner join under L_', async () => {
    const r = await restartRun(
      `${DDL} CREATE STREAM OUT AS SELECT P.ID, SRC, NAME, WHO FROM PKT P JOIN ASSET A ON P.ID = A.ID LEFT JOIN OWNER O ON P.ID = O.ID;`,
      [
        ['asset', 1, { NAME: 'db', OWNER_ID: 7 }, 1],
        ['owner', 1, { WHO: 'ops' }, 2],
      ],
      [['pkt', 1, { SRC: 'a' }, 3]],
    );
    expect(r.got).toEqual(r.want);
    expect(r.want).toEqual([[1, { SRC: 'a', NAME: 'db', WHO: 'ops' }, 3]]);
    expect(r.explain).toMatch(/Join LEFT STREAM_TABLE[\s\S]*Join INNER STREAM_TABLE/);
    expect(r.topics.sort()).toEqual([
      `${Q}CSAS_OUT_0-KafkaTopic_Right-Reduce-changelog`,
      `${Q}CSAS_OUT_0-L_KafkaTopic_Right-Reduce-changelog`,
    ]);
  });

  it('a stream-stream row delivered again after the restart (uncommitted) is not joined twice', async () => {
    const sql = `${DDL} CREATE STREAM OUT AS SELECT P.ID, SRC, Q FROM PKT P JOIN DNS D WITHIN 10 SECONDS ON P.ID = D.ID;`;
    const d = new ChangelogMemoryDriver();
    const first = engineOn(d, sql, 'earliest');
    await d.ready();
    send(d, 'pkt', 1, { SRC: 'a' }, 1_000);
    first.close();
    // the source position was not committed: the restarted query reads pkt from its start again
    const second = engineOn(d, sql, 'earliest');
    await d.ready();
    send(d, 'dns', 1, { Q: 'y' }, 2_000);
    expect(outputs(d, second, 'OUT')).toEqual([[1, { SRC: 'a', Q: 'y' }, 2_000]]);
    second.close();
  });
});
