// The processing log as a topic and stream: ksqlDB's record shape, type 0 for records that could
// not be read (with the bytes in base64) and type 1 for records that could not be processed.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../engine/runtime/engine.js';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';
import { ProcessingLog } from '../../../engine/runtime/processing-log.js';
import {
  createProcessingLogStream,
  processingLogTopic,
  processingLogWriter,
} from '../../../engine/server/processing-log-topic.js';

async function setup(): Promise<{ engine: Engine; driver: MemoryDriver; topic: string }> {
  const driver = new MemoryDriver();
  const topic = processingLogTopic('t_');
  const engine = new Engine({
    driver,
    log: new ProcessingLog(
      100,
      processingLogWriter(driver, topic, () => 99),
    ),
    props: { 'auto.offset.reset': 'earliest' },
  });
  await createProcessingLogStream(engine, topic);
  return { engine, driver, topic };
}

describe('processing log topic', () => {
  it('creates the KSQL_PROCESSING_LOG stream over <service id>ksql_processing_log', async () => {
    const { engine, topic } = await setup();
    expect(topic).toBe('t_ksql_processing_log');
    expect(engine.catalog.get('KSQL_PROCESSING_LOG')?.topic).toBe(topic);
  });

  it('writes an unreadable record as a DESERIALIZATIONERROR with its bytes', async () => {
    const { engine, driver, topic } = await setup();
    engine.execute(
      "CREATE STREAM S (X INT) WITH (KAFKA_TOPIC='s', PARTITIONS=1, VALUE_FORMAT='JSON'); CREATE STREAM OUT AS SELECT X FROM S;",
    );
    driver.produce('s', { key: null, value: Buffer.from('{bad'), timestamp: 1, headers: [], partition: 0 });
    driver.produce('s', { key: null, value: Buffer.from('{"X":1}'), timestamp: 2, headers: [], partition: 0 });
    const logged = driver.read(topic).map(
      (r) =>
        JSON.parse(r.value!.toString()) as {
          LOGGER: string;
          TIME: number;
          MESSAGE: { TYPE: number; DESERIALIZATIONERROR: { RECORDB64: string; topic: string; ERRORMESSAGE: string } };
        },
    );
    expect(logged).toHaveLength(1);
    expect(logged[0]!.LOGGER).toBe('processing.CSAS_OUT_0');
    expect(logged[0]!.TIME).toBe(99);
    expect(logged[0]!.MESSAGE.TYPE).toBe(0);
    expect(Buffer.from(logged[0]!.MESSAGE.DESERIALIZATIONERROR.RECORDB64, 'base64').toString()).toBe('{bad');
    expect(logged[0]!.MESSAGE.DESERIALIZATIONERROR.topic).toBe('s');
    expect(driver.read('OUT')).toHaveLength(1);
  });

  it('writes an expression failure as a RECORDPROCESSINGERROR', async () => {
    const { engine, driver, topic } = await setup();
    engine.log.record({ queryId: 'Q', reason: 'Error computing expression X / 0: division by zero' });
    const logged = JSON.parse(driver.read(topic)[0]!.value!.toString()) as {
      MESSAGE: { TYPE: number; RECORDPROCESSINGERROR: { ERRORMESSAGE: string } };
    };
    expect(logged.MESSAGE.TYPE).toBe(1);
    expect(logged.MESSAGE.RECORDPROCESSINGERROR.ERRORMESSAGE).toContain('division by zero');
  });
});
