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
