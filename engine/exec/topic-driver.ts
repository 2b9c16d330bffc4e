// The topic interface every driver implements: the in-memory driver (tests, `ziem ksql test`) and
// the Kafka driver (serving). Calls are synchronous so the engine stays synchronous; a driver that
// does I/O queues it and `settle()` awaits it (topic changes applied, produced records acknowledged).
import type { SchemaRegistry } from './serde/schema-registry.js';

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

export interface TopicRecord {
  key: Buffer | null;
  value: Buffer | null;
  timestamp: number;
  headers: RecordHeader[];
  partition: number;
  /** Assigned by the driver on produce. */
  offset?: number;
}

export interface TopicSpec {
  partitions: number;
  replicas: number;
  cleanupPolicy: 'delete' | 'compact' | 'compact,delete';
  /** retention.ms; -1 keeps records forever (the command topic). Absent: the broker's default. */
  retentionMs?: number;
}

/** Returns a promise only when the record needs I/O first (remote functions); void otherwise.
 *  `topic` names the record's topic (a subscription may read several: a join's sources). */
export type RecordHandler = (rec: TopicRecord, topic: string) => void | Promise<void>;

export interface Subscription {
  close(): void;
}

export interface SubscribeOptions {
  /** The consumer group that owns the committed position (a persistent query's); none: transient. */
  groupId?: string;
  /**
   * The subscriber keeps state only in memory (aggregations): start from the earliest retained
   * record on every start, ignoring committed offsets, so that state is rebuilt from the source.
   */
  replayFromEarliest?: boolean;
  /** The handler threw (the query stops): ksqlDB marks such a query ERROR. */
  onError?: (err: unknown) => void;
  /** Runs once before the first record is delivered: restores state from a changelog. */
  restore?: () => Promise<void>;
  /** Runs after each batch's records, before the flush that precedes the offset commit: writes the
   *  batch's state changes, so they are acknowledged before the source position moves. */
  beforeFlush?: () => void;
}

export interface TopicDriver {
  /** The Schema Registry beside the topics (the in-memory driver's own); absent: none, and the
   *  Schema Registry formats cannot be written. */
  readonly schemaRegistry?: SchemaRegistry;
  /** The driver sends in batches and backs aggregation state with changelog topics (restore,
   *  beforeFlush), with a record cache before the sink; absent in the in-memory driver, which
   *  delivers record by record and whose queries pay nothing for either. */
  readonly changelogs?: boolean;
  /** Whether records produced to this topic may be deferred records (deferred-record.ts): true only
   *  where nothing keeps or sends their bytes (the in-memory driver's topics that keep no records),
   *  so the bytes are written only if a reader asks. Absent: never (the Kafka driver sends bytes).
   *  A writer may ask once per topic: any record, deferred or not, is right for any topic. */
  defersBytes?(topic: string): boolean;
  createTopic(name: string, spec: TopicSpec): void;
  hasTopic(name: string): boolean;
  topicSpec(name: string): TopicSpec | undefined;
  deleteTopic(name: string): void;
  topics(): string[];
  produce(topic: string, rec: TopicRecord): void;
  /** Delivers records from the start (`earliest`) or only new ones (`latest`), each topic's in
   *  order; a handler that returns a promise (a remote function call) gets its next record once it
   *  settles. Several topics (a join's sources) share one consumer group: on Kafka one consumer. */
  subscribe(
    topics: string | readonly string[],
    from: 'earliest' | 'latest',
    handler: RecordHandler,
    opts?: SubscribeOptions,
  ): Subscription;
  /** Every record of a topic so far (for tests and the QTT runner); drivers without a local log throw. */
  read(topic: string): TopicRecord[];
  /** Every record of a topic up to its current end, from wherever the topic lives (pull queries). */
  snapshot(topic: string): Promise<TopicRecord[]>;
  /** Resolves once queued topic changes are applied and produced records acknowledged; rejects with their error. */
  settle(): Promise<void>;
  /** Reloads topic metadata from wherever topics live (topics created by others meanwhile). */
  refreshTopics(): Promise<void>;
}
