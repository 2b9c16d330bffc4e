// `ziem replay` into a running deployment (a real Kafka broker, the embedded engine on the Kafka
// driver with its processing log topic, a windowed count over the capture topic with no grace):
// a replay shifted to now is counted whole and drops nothing; the same file with --keep-time,
// whose packets are older than the stream time the first replay set, is reported as dropped late
// by the windowed query, from the processing log — never a silent success.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../cli/config/config.js';
import { makeContext, type Context } from '../../../cli/context.js';
import { replayFile } from '../../../cli/sandbox/replay.js';
import { runTool } from '../../../cli/sandbox/run-tool.js';
import { startKafkaEngine, type KafkaEngine } from '../../../engine/server/kafka-engine.js';
import { startTestStack, type TestStack } from '../support/stack-fixture.js';

const capture = resolve('tests/fixtures/captures/syn-scan.pcap.gz');
let stack: TestStack;
let ke: KafkaEngine;
let ctx: Context;

beforeAll(async () => {
  stack = await startTestStack({ components: ['kafka'] });
  ke = await startKafkaEngine({ bootstrap: stack.bootstrap, serviceId: 'rpl_', log: () => undefined });
  ke.engine.props['auto.offset.reset'] = 'earliest';
  ke.engine.execute(
    "CREATE STREAM NETWORK_TRAFFIC (`timestamp` STRING, LAYERS STRUCT<IP_SRC ARRAY<STRING>>) WITH (KAFKA_TOPIC='network-traffic', PARTITIONS=1, VALUE_FORMAT='JSON');",
  );
  ke.engine.execute(
    'CREATE TABLE SOURCE_COUNTS AS SELECT LAYERS->IP_SRC[1] AS SRC, COUNT(*) AS N FROM NETWORK_TRAFFIC ' +
      'WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 0 SECONDS) WHERE LAYERS->IP_SRC[1] IS NOT NULL GROUP BY LAYERS->IP_SRC[1] EMIT CHANGES;',
  );
  await ke.driver.settle();
  const config = loadConfig({
    env: {},
    cwd: resolve('.'),
    flags: { 'kafka.bootstrap': stack.bootstrap, 'ksql.serviceId': 'rpl_', 'capture.topic': 'network-traffic' },
  });
  ctx = makeContext({ config, stdout: { write: () => true }, stderr: process.stderr, env: {} });
});

afterAll(async () => {
  await ke?.close();
  await stack?.stop();
});

describe('replay into a running deployment', () => {
  it('shifted to now: every packet sent, nothing dropped; --keep-time: the old packets reported late', async () => {
    const before = Date.now();
    const shifted = await replayFile(ctx, { file: capture, max: true, settleMs: 4_000 });
    expect(shifted.records).toBe(shifted.packetsInFile);
    expect(shifted.records).toBeGreaterThan(1_000);
    expect(shifted.firstPacketMs! + shifted.shiftMs).toBeGreaterThanOrEqual(before);
    expect(shifted.dropped.available).toBe(true);
    expect(shifted.dropped.late).toBe(0);

    const kept = await replayFile(ctx, { file: capture, max: true, keepTime: true, settleMs: 4_000 });
    expect(kept.shiftMs).toBe(0);
    expect(kept.records).toBe(shifted.records);
    // every IP packet of the old capture lies before the stream time the first replay set (the
    // query filters out the frames without an IP source, ARP)
    const ip = (await runTool('tshark', ['-r', capture, '-n', '-Y', 'ip', '-T', 'fields', '-e', 'frame.number'])).stdout
      .split('\n')
      .filter(Boolean).length;
    expect(kept.dropped.late).toBe(ip);
    expect(kept.dropped.bad).toBe(0);
    expect(Object.keys(kept.dropped.byQuery).some((q) => q.includes('SOURCE_COUNTS'))).toBe(true);
    expect(kept.dropped.example).toMatch(/too late/);
  });
});
