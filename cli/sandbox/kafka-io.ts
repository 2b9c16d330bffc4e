// The sandbox's own Kafka writes through kafkajs: making sure a topic exists, and producing JSON
// records with explicit timestamps (replay) or keys (ground-truth labels). Capture itself goes
// through kcat; this is for the lower-rate writes that need per-record control.
import { Kafka, logLevel } from '../../core/kafka/kafka-client.js';
import type { Producer } from 'kafkajs';
import { SandboxError } from './errors.js';

export interface OutRecord {
  readonly value: string;
  readonly key?: string;
  /** epoch ms; the record's CreateTime */
  readonly timestamp?: number;
}

export interface KafkaOut {
  ensureTopic(topic: string): Promise<void>;
  send(topic: string, records: readonly OutRecord[]): Promise<void>;
  close(): Promise<void>;
}

function client(bootstrap: string, clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: bootstrap.split(',').map((b) => b.trim()),
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    retry: { retries: 5, initialRetryTime: 200 },
    // kafkajs logs to stdout by default, which is reserved for data; its errors surface as throws
    logLevel: logLevel.NOTHING,
  });
}

function kafkaError(what: string, bootstrap: string, e: unknown): SandboxError {
  const msg = e instanceof Error ? e.message : String(e);
  return new SandboxError('KAFKA', `${what} on Kafka ${bootstrap} failed: ${msg}`, {
    cause: e,
    retriable: true,
    hint: 'is Kafka running? (`ziem stack status`; kafka.bootstrap in ziem.yaml)',
  });
}

export async function connectKafka(bootstrap: string, clientId = 'ziem-sandbox'): Promise<KafkaOut> {
  const kafka = client(bootstrap, clientId);
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: true });
  try {
    await producer.connect();
  } catch (e) {
    throw kafkaError('connecting', bootstrap, e);
  }
  return {
    async ensureTopic(topic) {
      const admin = kafka.admin();
      try {
        await admin.connect();
        const existing = await admin.listTopics();
        if (!existing.includes(topic)) await admin.createTopics({ topics: [{ topic }], waitForLeaders: true });
      } catch (e) {
        throw kafkaError(`creating topic ${topic}`, bootstrap, e);
      } finally {
        await admin.disconnect();
      }
    },
    async send(topic, records) {
      if (records.length === 0) return;
      try {
        await producer.send({
          topic,
          acks: -1,
          messages: records.map((r) => ({
            value: r.value,
            key: r.key ?? null,
            timestamp: r.timestamp === undefined ? undefined : String(r.timestamp),
          })),
        });
      } catch (e) {
        throw kafkaError(`writing ${records.length} records to ${topic}`, bootstrap, e);
      }
    },
    async close() {
      await producer.disconnect();
    },
  };
}
