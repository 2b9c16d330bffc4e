// Kafka health for the stack: connect an admin client with short timeouts, read the cluster's
// metadata, disconnect. kafkajs's own retries are off; callers poll with their own deadline.
import { Kafka, logLevel } from '../../core/kafka/kafka-client.js';
import { ZiemError } from '../../core/errors/ziem-error.js';

export interface KafkaClusterInfo {
  clusterId: string;
  brokers: number;
  controller: number | null;
}

export async function describeKafka(bootstrap: string, timeoutMs = 5_000): Promise<KafkaClusterInfo> {
  const kafka = new Kafka({
    clientId: 'ziem-health',
    brokers: bootstrap.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const c = await admin.describeCluster();
    return { clusterId: c.clusterId, brokers: c.brokers.length, controller: c.controller };
  } catch (cause) {
    const msg = cause instanceof Error ? cause.message : String(cause);
    throw new ZiemError('KAFKA', `Kafka at ${bootstrap} did not answer a metadata request: ${msg}`, {
      retriable: true,
      cause,
    });
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
