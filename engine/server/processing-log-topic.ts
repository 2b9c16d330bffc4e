// The KSQL_PROCESSING_LOG stream and its topic (<service id>ksql_processing_log, as ksqlDB names
// it): every record a query skipped, and every expression it could not compute, as one JSON
// record in ksqlDB's processing-log shape (LOGGER, LEVEL, TIME, MESSAGE with TYPE 0 or 1).
import type { Engine } from '../runtime/engine.js';
import type { ProcessingLogEntry } from '../runtime/processing-log.js';
import type { TopicDriver } from '../exec/topic-driver.js';

export const processingLogTopic = (serviceId: string): string => `${serviceId}ksql_processing_log`;

const COLUMNS =
  'LOGGER STRING, LEVEL STRING, TIME BIGINT, MESSAGE STRUCT<TYPE INT, ' +
  'DESERIALIZATIONERROR STRUCT<TARGET STRING, ERRORMESSAGE STRING, RECORDB64 STRING, `topic` STRING>, ' +
  'RECORDPROCESSINGERROR STRUCT<ERRORMESSAGE STRING, RECORD STRING>>';

/** ksqlDB's message types: 0 a record that could not be read, 1 one that could not be processed. */
function message(e: ProcessingLogEntry): Record<string, unknown> {
  const unreadable =
    /deserializ|invalid timestamp|failed to parse|malformed|cannot read/i.test(e.reason) && e.value !== undefined;
  if (unreadable) {
    return {
      TYPE: 0,
      DESERIALIZATIONERROR: {
        TARGET: 'value',
        ERRORMESSAGE: e.reason,
        RECORDB64: e.value ? e.value.toString('base64') : null,
        topic: e.topic ?? null,
      },
      RECORDPROCESSINGERROR: null,
    };
  }
  return {
    TYPE: 1,
    DESERIALIZATIONERROR: null,
    RECORDPROCESSINGERROR: { ERRORMESSAGE: e.reason, RECORD: e.value ? e.value.toString('utf8') : null },
  };
}

/** A ProcessingLog callback writing each entry to the topic (sent with the query's next outputs). */
export function processingLogWriter(
  driver: TopicDriver,
  topic: string,
  now: () => number,
): (e: ProcessingLogEntry) => void {
  return (e) => {
    if (!driver.hasTopic(topic)) return;
    const value = { LOGGER: `processing.${e.queryId}`, LEVEL: 'ERROR', TIME: now(), MESSAGE: message(e) };
    driver.produce(topic, {
      key: null,
      value: Buffer.from(JSON.stringify(value)),
      timestamp: now(),
      headers: [],
      partition: 0,
    });
  };
}

/** Creates the topic and the stream over it (ksql.logging.processing.stream.auto.create). */
export async function createProcessingLogStream(engine: Engine, topic: string): Promise<void> {
  engine.execute(
    `CREATE STREAM IF NOT EXISTS KSQL_PROCESSING_LOG (${COLUMNS}) WITH (KAFKA_TOPIC='${topic}', PARTITIONS=1, VALUE_FORMAT='JSON');`,
  );
  await engine.driver.settle();
}
