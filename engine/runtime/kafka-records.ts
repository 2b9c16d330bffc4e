// Conversions between the engine's TopicRecord and kafkajs messages, and the error class of the
// Kafka driver with kafkajs's own retriable flag carried over (kafkajs errors are data, not a switch).
import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { ZiemError } from '../../cli/errors/ziem-error.js';
import type { RecordHeader, TopicRecord } from './topic-driver.js';

/** A Kafka operation of the engine's driver failed (admin, produce, commit, consume). */
export class KafkaDriverError extends ZiemError {
  constructor(message: string, o: { retriable?: boolean; cause?: unknown } = {}) {
    super('ENGINE_KAFKA', message, {
      ...o,
      hint: 'check that Kafka is reachable at the configured bootstrap servers (kafka.bootstrap)',
    });
  }
}

/** kafkajs marks transient failures (leader moves, connection loss, timeouts) retriable; a retry
 *  budget running out is retriable too, because the broker may come back (a restart). */
const TRANSIENT = new Set([
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSConnectionError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSConnectionClosedError',
  'KafkaJSBrokerNotFound',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSLockTimeout',
]);

export function isRetriableKafkaError(err: unknown): boolean {
  const e = err as { retriable?: boolean; name?: string } | null;
  if (!e || typeof e !== 'object') return false;
  return e.retriable === true || TRANSIENT.has(e.name ?? '');
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function headersOf(h: IHeaders | undefined): RecordHeader[] {
  const out: RecordHeader[] = [];
  for (const [key, v] of Object.entries(h ?? {})) {
    for (const one of Array.isArray(v) ? v : [v]) {
      if (one === undefined) continue;
      out.push({ key, value: typeof one === 'string' ? Buffer.from(one) : one });
    }
  }
  return out;
}

export function fromKafka(m: KafkaMessage, partition: number): TopicRecord {
  return {
    key: m.key ?? null,
    value: m.value ?? null,
    timestamp: Number(m.timestamp),
    headers: headersOf(m.headers),
    partition,
    offset: Number(m.offset),
  };
}

/** The partition is left to the producer's partitioner (murmur2 of the key, as Kafka Streams does). */
export function toKafka(rec: TopicRecord): Message {
  const headers: IHeaders = {};
  for (const h of rec.headers) {
    if (h.value === null) continue;
    const prev = headers[h.key];
    headers[h.key] = prev === undefined ? h.value : ([...(Array.isArray(prev) ? prev : [prev]), h.value] as Buffer[]);
  }
  return { key: rec.key, value: rec.value, timestamp: String(rec.timestamp), headers };
}

/** UNKNOWN_TOPIC_OR_PARTITION anywhere in the error's cause chain (kafkajs wraps it). */
export function isUnknownTopic(err: unknown): boolean {
  for (
    let e = err as { type?: unknown; cause?: unknown; originalError?: unknown } | undefined, n = 0;
    e && n < 5;
    n++
  ) {
    if (e.type === 'UNKNOWN_TOPIC_OR_PARTITION') return true;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return false;
}
