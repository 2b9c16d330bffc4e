// Conversions between the engine's TopicRecord and kafkajs messages, and the error class of the
// Kafka driver (which failures are retriable is core/kafka/kafka-errors.ts's table).
import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { ZiemError } from '../../core/errors/ziem-error.js';
import type { RecordHeader, TopicRecord } from '../exec/topic-driver.js';

/** A Kafka operation of the engine's driver failed (admin, produce, commit, consume). */
export class KafkaDriverError extends ZiemError {
  constructor(message: string, o: { retriable?: boolean; cause?: unknown } = {}) {
    super('ENGINE_KAFKA', message, {
      ...o,
      hint: 'check that Kafka is reachable at the configured bootstrap servers (kafka.bootstrap)',
    });
  }
}

const NO_HEADERS: readonly RecordHeader[] = Object.freeze([]);

function headersOf(h: IHeaders | undefined): RecordHeader[] {
  let out: RecordHeader[] | undefined;
  for (const key in h) {
    const v = h[key];
    out ??= [];
    for (const one of Array.isArray(v) ? v : [v]) {
      if (one === undefined) continue;
      out.push({ key, value: typeof one === 'string' ? Buffer.from(one) : one });
    }
  }
  // most records carry none: one shared, frozen empty list instead of an array per record
  return out ?? (NO_HEADERS as RecordHeader[]);
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
  if (rec.headers.length === 0) return { key: rec.key, value: rec.value, timestamp: String(rec.timestamp) };
  const headers: IHeaders = {};
  for (const h of rec.headers) {
    if (h.value === null) continue;
    const prev = headers[h.key];
    headers[h.key] = prev === undefined ? h.value : ([...(Array.isArray(prev) ? prev : [prev]), h.value] as Buffer[]);
  }
  return { key: rec.key, value: rec.value, timestamp: String(rec.timestamp), headers };
}
