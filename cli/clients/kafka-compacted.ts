// A compacted topic as a table's source: create it compacted when missing (and check an existing
// one is compacted and has the partitions the joins need), then write keyed records with
// acks=all. Used by `ziem assets import` and `ziem intel import`; knows nothing of the CLI.
import type { ConfigResourceTypes, Admin } from 'kafkajs';
import { Kafka, logLevel } from '../../core/kafka/kafka-client.js';
import { ZiemError } from '../../core/errors/ziem-error.js';

/** kafkajs's ConfigResourceTypes.TOPIC (the enum is a value of kafkajs, which core/kafka wraps). */
const TOPIC_RESOURCE = 2 as ConfigResourceTypes;

export interface CompactedTopicOptions {
  readonly bootstrap: string;
  readonly topic: string;
  readonly partitions: number;
  readonly timeoutMs?: number;
}

export interface KeyedValue {
  readonly key: string;
  readonly value: string;
}

/** Whether the topic was created, or found as it must be. */
export type TopicState = 'created' | 'existing';

function client(o: CompactedTopicOptions): Kafka {
  const timeoutMs = o.timeoutMs ?? 30_000;
  return new Kafka({
    clientId: 'ziem-import',
    brokers: o.bootstrap.split(',').map((b) => b.trim()),
    connectionTimeout: Math.min(timeoutMs, 10_000),
    requestTimeout: timeoutMs,
    retry: { retries: 3, initialRetryTime: 200 },
    logLevel: logLevel.NOTHING,
  });
}

function kafkaFailure(what: string, o: CompactedTopicOptions, cause: unknown): ZiemError {
  const msg = cause instanceof Error ? cause.message : String(cause);
  return new ZiemError('KAFKA', `${what} on Kafka ${o.bootstrap} failed: ${msg}`, {
    cause,
    retriable: true,
    hint: 'is Kafka running? (`ziem status`; kafka.bootstrap in ziem.yaml)',
  });
}

async function checkExisting(admin: Admin, o: CompactedTopicOptions): Promise<void> {
  const [meta] = (await admin.fetchTopicMetadata({ topics: [o.topic] })).topics;
  const partitions = meta?.partitions.length ?? 0;
  const configs = await admin.describeConfigs({
    resources: [{ type: TOPIC_RESOURCE, name: o.topic, configNames: ['cleanup.policy'] }],
    includeSynonyms: false,
  });
  const policy = configs.resources[0]?.configEntries.find((e) => e.configName === 'cleanup.policy')?.configValue ?? '';
  const problems: string[] = [];
  if (!policy.split(',').includes('compact'))
    problems.push(`its cleanup.policy is "${policy}", not compact (records would expire)`);
  if (partitions !== o.partitions)
    problems.push(`it has ${partitions} partition(s), not ${o.partitions} (the pipeline's joins need co-partitioning)`);
  if (problems.length > 0)
    throw new ZiemError('TOPIC_CONFIG', `topic ${o.topic} exists but ${problems.join('; ')}`, {
      hint: `delete it (kafka-topics --delete --topic ${o.topic}) or import into another with --topic`,
    });
}

export async function ensureCompactedTopic(o: CompactedTopicOptions): Promise<TopicState> {
  const admin = client(o).admin();
  try {
    await admin.connect();
    if ((await admin.listTopics()).includes(o.topic)) {
      await checkExisting(admin, o);
      return 'existing';
    }
    await admin.createTopics({
      topics: [
        { topic: o.topic, numPartitions: o.partitions, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
      ],
      waitForLeaders: true,
    });
    return 'created';
  } catch (err) {
    if (err instanceof ZiemError) throw err;
    throw kafkaFailure(`making sure topic ${o.topic} exists`, o, err);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Writes the records in batches, in order, each acknowledged by every in-sync replica. */
export async function writeKeyed(o: CompactedTopicOptions, records: readonly KeyedValue[]): Promise<void> {
  const producer = client(o).producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 });
  try {
    await producer.connect();
    for (let i = 0; i < records.length; i += 1_000) {
      const batch = records.slice(i, i + 1_000);
      await producer.send({ topic: o.topic, acks: -1, messages: batch.map((r) => ({ key: r.key, value: r.value })) });
    }
  } catch (err) {
    throw kafkaFailure(`writing ${records.length} record(s) to ${o.topic}`, o, err);
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
}
