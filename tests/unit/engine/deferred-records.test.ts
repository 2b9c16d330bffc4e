// Deferred records on the in-memory driver: a query writing to a topic that keeps no records hands
// its readers the JSON document instead of bytes, and writes the bytes only when one reads them.
// The same pipeline with every topic kept (every record written as bytes, as before) must give
// byte-identical outputs: JSON, KAFKA and DELIMITED readers of the intermediate topics, a reader of
// their keys (windowed), non-plain values (a bigint beyond 2^53, an array of doubles, -0, ±Infinity), a
// session window (whose bounds grow in place), and bad records reaching the processing log.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../engine/runtime/engine.js';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';
import { DeferredRecord } from '../../../engine/exec/deferred-record.js';
import { parseJsonExact } from '../../../engine/types/exact-json.js';
import type { TopicRecord } from '../../../engine/exec/topic-driver.js';

const SQL = `
CREATE STREAM RAW (ID STRING, SRC STRING, DST STRING, N BIGINT, X DOUBLE, TAGS ARRAY<STRING>)
  WITH (KAFKA_TOPIC='raw', VALUE_FORMAT='JSON', PARTITIONS=1);
CREATE STREAM CLEAN WITH (KAFKA_TOPIC='clean', VALUE_FORMAT='JSON') AS
  SELECT ID, SRC, DST, N, X, TAGS, CAST(N AS DOUBLE) / X AS RATIO FROM RAW WHERE SRC IS NOT NULL;
CREATE TABLE PAIRS WITH (KAFKA_TOPIC='pairs', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS
  SELECT SRC, DST, AS_VALUE(SRC) AS S, COUNT(*) AS C, SUM(N) AS TOTAL, COLLECT_LIST(X) AS XS, MIN(1 / X) AS INV
  FROM CLEAN WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY SRC, DST EMIT CHANGES;
CREATE STREAM PAIR_UPDATES (S STRING, C BIGINT, TOTAL BIGINT, XS ARRAY<DOUBLE>, INV DOUBLE)
  WITH (KAFKA_TOPIC='pairs', VALUE_FORMAT='JSON');
CREATE STREAM PAIR_KEYS (K STRING KEY, S STRING) WITH (KAFKA_TOPIC='pairs', KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON');
CREATE STREAM OUT1 WITH (KAFKA_TOPIC='out1', VALUE_FORMAT='JSON') AS SELECT S, C, TOTAL, XS, INV, 1 / XS[1] AS INV1 FROM PAIR_UPDATES WHERE C >= 1;
CREATE STREAM OUT2 WITH (KAFKA_TOPIC='out2', VALUE_FORMAT='JSON') AS SELECT K, S FROM PAIR_KEYS;
CREATE STREAM CLEAN_TEXT (ID STRING) WITH (KAFKA_TOPIC='clean', VALUE_FORMAT='KAFKA');
CREATE STREAM OUT3 WITH (KAFKA_TOPIC='out3', VALUE_FORMAT='JSON') AS SELECT ID FROM CLEAN_TEXT;
CREATE STREAM CLEAN_CSV (ID STRING, SRC STRING) WITH (KAFKA_TOPIC='clean', VALUE_FORMAT='DELIMITED');
CREATE STREAM OUT4 WITH (KAFKA_TOPIC='out4', VALUE_FORMAT='JSON') AS SELECT ID, SRC FROM CLEAN_CSV;
CREATE TABLE SESSIONS WITH (KAFKA_TOPIC='sessions', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS
  SELECT SRC, COUNT(*) AS C FROM CLEAN WINDOW SESSION (5 SECONDS) GROUP BY SRC EMIT CHANGES;
CREATE STREAM SESSION_KEYS (K STRING KEY, C BIGINT) WITH (KAFKA_TOPIC='sessions', KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON');
CREATE STREAM OUT5 WITH (KAFKA_TOPIC='out5', VALUE_FORMAT='JSON') AS SELECT K, C FROM SESSION_KEYS;
CREATE STREAM BAD_READER (ID INT) WITH (KAFKA_TOPIC='clean', VALUE_FORMAT='JSON');
CREATE STREAM OUT6 WITH (KAFKA_TOPIC='out6', VALUE_FORMAT='JSON') AS SELECT ID FROM BAD_READER;
CREATE STREAM FLATX WITH (KAFKA_TOPIC='flatx', VALUE_FORMAT='JSON') AS SELECT ID, X FROM RAW;
CREATE STREAM OUT7 WITH (KAFKA_TOPIC='out7', VALUE_FORMAT='JSON') AS SELECT ID, 1 / X AS INV FROM FLATX;
`;

const OUTPUTS = ['out1', 'out2', 'out3', 'out4', 'out5', 'out6', 'out7'];

const INPUT = [
  { ID: 'a', SRC: '10.0.0.1', DST: '10.0.0.2', N: 5, X: 1.5, TAGS: ['x'] },
  { ID: 'b', SRC: '10.0.0.1', DST: '10.0.0.2', N: 9007199254740993n, X: 0, TAGS: [] },
  { ID: 'c', SRC: null, DST: '10.0.0.2', N: 1, X: 2, TAGS: null },
  { ID: 'd', SRC: '10.0.0.3', DST: '10.0.0.2', N: -7, X: -0.25, TAGS: ['q"uote', 'é'] },
  { ID: 'e', SRC: '10.0.0.1', DST: '10.0.0.4', N: 0, X: 3, TAGS: ['y'] },
  { ID: '7', SRC: '10.0.0.1', DST: '10.0.0.2', N: 2, X: 4, TAGS: ['z'] },
  { ID: 'f', SRC: '10.0.0.5', DST: '10.0.0.2', N: 3, X: '@@-0.0@@', TAGS: ['w'] },
  { ID: 'g', SRC: '10.0.0.5', DST: '10.0.0.2', N: 4, X: 1e300, TAGS: [] },
];

function text(v: Record<string, unknown>): string {
  // bigints and "@@…@@" strings are written as raw numbers (-0.0 reads back as -0)
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `@@${x}@@` : x)).replace(
    /"@@(-?[\d.]+)@@"/g,
    '$1',
  );
}

function run(keep: (topic: string) => boolean): {
  outputs: Record<string, Array<[string | undefined, string | undefined, number]>>;
  log: string[];
  seen: TopicRecord[];
} {
  const driver = new MemoryDriver({ retain: keep });
  const engine = new Engine({ driver, props: { 'auto.offset.reset': 'earliest' }, now: () => 5 });
  engine.execute(SQL);
  const seen: TopicRecord[] = [];
  driver.subscribe('pairs', 'latest', (r) => void seen.push(r));
  INPUT.forEach((v, i) =>
    driver.produce('raw', {
      key: null,
      value: Buffer.from(text(v)),
      timestamp: 1000 + i * 2000,
      headers: [],
      partition: 0,
    }),
  );
  const outputs: Record<string, Array<[string | undefined, string | undefined, number]>> = {};
  for (const t of OUTPUTS)
    outputs[t] = driver.read(t).map((r) => [r.key?.toString('hex'), r.value?.toString('utf8'), r.timestamp]);
  return { outputs, log: engine.log.entries.map((e) => `${e.queryId}: ${e.reason}`), seen };
}

describe('deferred records on the in-memory driver', () => {
  const kept = run(() => true);
  const deferred = run((t) => OUTPUTS.includes(t));

  it('gives the same output records and processing log as records written as bytes', () => {
    expect(kept.outputs['out1']!.length).toBeGreaterThan(3);
    expect(kept.outputs['out5']!.length).toBeGreaterThan(3);
    expect(kept.log.length).toBeGreaterThan(0);
    expect(deferred.outputs).toEqual(kept.outputs);
    expect(deferred.log).toEqual(kept.log);
  });

  it('hands readers the document its bytes parse to, and writes the same bytes when read', () => {
    expect(kept.seen.every((r) => !(r instanceof DeferredRecord))).toBe(true);
    expect(deferred.seen.length).toBe(kept.seen.length);
    // a number beyond 2^53 (a bigint sum, 1e300), whose text the document cannot stand for: bytes
    const beyond = (x: unknown): boolean =>
      typeof x === 'bigint' ||
      (typeof x === 'number' && Math.abs(x) >= 2 ** 53) ||
      (typeof x === 'object' && x !== null && Object.values(x).some(beyond));
    const big = (r: TopicRecord): boolean => beyond(parseJsonExact(r.value!.toString('utf8')));
    expect(deferred.seen.filter(big).length).toBeGreaterThan(0);
    deferred.seen.forEach((r, i) => {
      expect(r instanceof DeferredRecord).toBe(!big(kept.seen[i]!));
      if (r instanceof DeferredRecord) expect(r.valueDoc).toEqual(parseJsonExact(r.value!.toString('utf8')));
      expect(r.value).toEqual(kept.seen[i]!.value);
      expect(r.key).toEqual(kept.seen[i]!.key);
      expect(r.offset).toBe(kept.seen[i]!.offset);
      expect(r.timestamp).toBe(kept.seen[i]!.timestamp);
    });
  });
});
