// Text records on the in-memory driver: a producer hands the value as text (analyze's capture
// lines), a JSON reader parses the text itself and the bytes are encoded only when something reads
// them. The same records produced as bytes must give the same outputs and processing log, for
// readers of every format (JSON twice, so the second takes the first's document; KAFKA and
// DELIMITED, which read the bytes), bad JSON, and text that UTF-8 cannot hold (a lone surrogate).
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../engine/runtime/engine.js';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';
import { TextRecord } from '../../../engine/exec/text-record.js';
import type { TopicRecord } from '../../../engine/exec/topic-driver.js';

const SQL = `
CREATE STREAM RAW (ID STRING, N BIGINT, TAGS ARRAY<STRING>) WITH (KAFKA_TOPIC='raw', VALUE_FORMAT='JSON', PARTITIONS=1);
CREATE STREAM RAW_LOWER (\`id\` STRING, \`n\` INT) WITH (KAFKA_TOPIC='raw', VALUE_FORMAT='JSON');
CREATE STREAM RAW_TEXT (LINE STRING) WITH (KAFKA_TOPIC='raw', VALUE_FORMAT='KAFKA');
CREATE STREAM RAW_CSV (A STRING) WITH (KAFKA_TOPIC='raw', VALUE_FORMAT='DELIMITED');
CREATE STREAM OUT1 WITH (KAFKA_TOPIC='out1', VALUE_FORMAT='JSON') AS SELECT ID, N, TAGS FROM RAW;
CREATE STREAM OUT2 WITH (KAFKA_TOPIC='out2', VALUE_FORMAT='JSON') AS SELECT \`id\`, \`n\` * 2 AS N2 FROM RAW_LOWER;
CREATE STREAM OUT3 WITH (KAFKA_TOPIC='out3', VALUE_FORMAT='JSON') AS SELECT LINE FROM RAW_TEXT;
CREATE STREAM OUT4 WITH (KAFKA_TOPIC='out4', VALUE_FORMAT='JSON') AS SELECT A FROM RAW_CSV;
`;
const OUTPUTS = ['out1', 'out2', 'out3', 'out4'];

const LINES = [
  '{"id":"a","n":5,"tags":["x","é"]}',
  '{"ID":"b","N":9007199254740993,"TAGS":[]}',
  '{not json',
  '{"id":"c\\u0041","n":-7,"tags":null}',
  `{"id":"lone \ud800 surrogate","n":1}`,
  '"just a string"',
];

function run(asText: boolean, keepRaw: boolean): { outputs: unknown; log: string[]; seen: TopicRecord[] } {
  const driver = new MemoryDriver({ retain: (t) => OUTPUTS.includes(t) || (keepRaw && t === 'raw') });
  const engine = new Engine({ driver, props: { 'auto.offset.reset': 'earliest' }, now: () => 5 });
  engine.execute(SQL);
  const seen: TopicRecord[] = [];
  driver.subscribe('raw', 'latest', (r) => void seen.push(r));
  LINES.forEach((line, i) =>
    driver.produce(
      'raw',
      asText
        ? new TextRecord(null, line, 1000 + i)
        : { key: null, value: Buffer.from(line), timestamp: 1000 + i, headers: [], partition: 0 },
    ),
  );
  const outputs = Object.fromEntries(
    OUTPUTS.map((t) => [t, driver.read(t).map((r) => [r.value?.toString('utf8'), r.timestamp])]),
  );
  return { outputs, log: engine.log.entries.map((e) => `${e.queryId}: ${e.reason}`), seen };
}

describe('text records', () => {
  const bytes = run(false, false);

  it('give the same outputs and processing log as the same values produced as bytes', () => {
    const text = run(true, false);
    expect((bytes.outputs as Record<string, unknown[]>)['out1']!.length).toBeGreaterThan(2);
    expect(bytes.log.length).toBeGreaterThan(0);
    expect(text.outputs).toEqual(bytes.outputs);
    expect(text.log).toEqual(bytes.log);
  });

  it('reach the readers of a topic that keeps no records as they are, bytes encoded when asked', () => {
    const text = run(true, false);
    text.seen.forEach((r, i) => {
      expect(r).toBeInstanceOf(TextRecord);
      expect(r.offset).toBe(i);
      expect(r.value).toEqual(Buffer.from(LINES[i]!));
      expect(r.value).toEqual(bytes.seen[i]!.value);
    });
  });

  it('are kept as bytes by a topic that keeps its records', () => {
    const kept = run(true, true);
    expect(kept.seen.some((r) => r instanceof TextRecord)).toBe(false);
    expect(kept.seen.map((r) => r.value)).toEqual(LINES.map((l) => Buffer.from(l)));
    expect(kept.outputs).toEqual(bytes.outputs);
  });

  it('tell whether their text is what their bytes decode to', () => {
    expect(new TextRecord(null, '{"a":"é"}', 1).decodesToText).toBe(true);
    expect(new TextRecord(null, '{"a":"\ud800"}', 1).decodesToText).toBe(false);
    expect(new TextRecord(null, '{"a":"\ud800"}', 1).value.toString('utf8')).toBe('{"a":"\ufffd"}');
  });
});
