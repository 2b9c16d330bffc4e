// The topic interface every driver implements: the in-memory driver (tests, `ziem ksql test`)
// now, a Kafka driver later. Records are bytes plus timestamp, headers and partition.

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
}

export interface Subscription {
  close(): void;
}

export interface TopicDriver {
  createTopic(name: string, spec: TopicSpec): void;
  hasTopic(name: string): boolean;
  topicSpec(name: string): TopicSpec | undefined;
  deleteTopic(name: string): void;
  topics(): string[];
  produce(topic: string, rec: TopicRecord): void;
  /** Delivers records from the start (`earliest`) or only new ones (`latest`), in order. */
  subscribe(topic: string, from: 'earliest' | 'latest', handler: (rec: TopicRecord) => void): Subscription;
  /** Every record of a topic so far (for tests and the QTT runner). */
  read(topic: string): TopicRecord[];
}
