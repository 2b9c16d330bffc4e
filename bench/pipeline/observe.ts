// What the pipeline benchmark reads from outside while the pipeline runs: consumer lag of the
// engine's queries (groups _confluent-ksql-*) and of the Neo4j sinks (connect-*), a process's RSS,
// the engine's state (live entries and bytes of its compacted changelog topics, read to their end)
// and the graph's size.
import { readFileSync } from 'node:fs';
import type { Admin, Consumer } from 'kafkajs';
import type { Kafka } from '../../core/kafka/kafka-client.js';

export interface Lag {
  /** Records the engine's queries have not yet read, over all their input topics. */
  engine: number;
  /** Of those, on the capture topic (the PACKETS query's input). */
  capture: number;
  /** Records of FLOWS and ALERTS the Neo4j sinks have not yet written. */
  sink: number;
  /** Records consumed so far by the engine on the capture topic (committed offsets). */
  captureCommitted: number;
  /** Records consumed so far by the FLOWS sink. */
  sinkCommitted: number;
  /** Records written to FLOWS so far. */
  flowsWritten: number;
}

const SINKS: ReadonlyArray<[string, string]> = [
  ['connect-ziem-flows-graph', 'FLOWS'],
  ['connect-ziem-alerts-graph', 'ALERTS'],
];

export async function readLag(admin: Admin, captureTopic: string): Promise<Lag> {
  const groups = (await admin.listGroups()).groups.map((g) => g.groupId);
  const high = new Map<string, number>();
  const topicHigh = async (t: string): Promise<number> => {
    if (!high.has(t))
      high.set(
        t,
        (await admin.fetchTopicOffsets(t)).reduce((n, p) => n + Math.max(0, Number(p.high)), 0),
      );
    return high.get(t)!;
  };
  const lag: Lag = { engine: 0, capture: 0, sink: 0, captureCommitted: 0, sinkCommitted: 0, flowsWritten: 0 };
  lag.flowsWritten = await topicHigh('FLOWS');
  for (const g of groups.filter((x) => x.startsWith('_confluent-ksql-'))) {
    for (const t of await admin.fetchOffsets({ groupId: g })) {
      const done = t.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
      const behind = Math.max(0, (await topicHigh(t.topic)) - done);
      lag.engine += behind;
      if (t.topic === captureTopic) {
        lag.capture += behind;
        lag.captureCommitted += done;
      }
    }
  }
  // the sinks' groups by name: a sink that has committed nothing yet is behind by the whole topic
  for (const [group, topic] of SINKS) {
    const res = groups.includes(group) ? await admin.fetchOffsets({ groupId: group, topics: [topic] }) : [];
    const done = res.flatMap((t) => t.partitions).reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
    lag.sink += Math.max(0, (await topicHigh(topic)) - done);
    if (topic === 'FLOWS') lag.sinkCommitted = done;
  }
  return lag;
}

export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m?.[1] ? Math.round(Number(m[1]) / 1024) : 0;
}

export interface StateSize {
  entries: number;
  bytes: number;
  topics: number;
}

/** Live entries of every engine changelog topic: keys whose latest record is not a tombstone. */
export async function engineState(kafka: Kafka): Promise<StateSize> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await readState(kafka, admin);
  } finally {
    await admin.disconnect();
  }
}

async function readState(kafka: Kafka, admin: Admin): Promise<StateSize> {
  const topics = (await admin.listTopics()).filter((t) => t.startsWith('_confluent-ksql-') && t.endsWith('-changelog'));
  const live = new Map<string, number>();
  let remaining = 0;
  const ends = new Map<string, number>();
  for (const t of topics) {
    for (const p of await admin.fetchTopicOffsets(t)) {
      const n = Number(p.high) - Number(p.low);
      if (n > 0) {
        ends.set(`${t}/${p.partition}`, Number(p.high));
        remaining++;
      }
    }
  }
  if (remaining === 0) return { entries: 0, bytes: 0, topics: topics.length };
  const consumer: Consumer = kafka.consumer({ groupId: `bench-state-${Date.now()}`, maxBytes: 16 << 20 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(
        () => reject(new Error('reading the engine changelogs took over 10 minutes')),
        600_000,
      );
      void consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) {
            const k = `${batch.topic}/${m.key?.toString('base64') ?? ''}`;
            if (m.value === null) live.delete(k);
            else live.set(k, m.value.length + (m.key?.length ?? 0));
          }
          const id = `${batch.topic}/${batch.partition}`;
          const end = ends.get(id);
          if (end !== undefined && Number(batch.lastOffset()) + 1 >= end) {
            ends.delete(id);
            if (--remaining === 0) {
              clearTimeout(deadline);
              resolve();
            }
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  let bytes = 0;
  for (const b of live.values()) bytes += b;
  return { entries: live.size, bytes, topics: topics.length };
}
