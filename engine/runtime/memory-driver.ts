// The in-memory topic driver: each topic is an append-only array; produce delivers to every
// subscriber synchronously, so one input record flows through all downstream queries before
// the next (what Kafka Streams' TopologyTestDriver does with caching off).
import { ExecError } from '../errors.js';
import type { Subscription, TopicDriver, TopicRecord, TopicSpec } from './topic-driver.js';

interface Topic {
  spec: TopicSpec;
  log: TopicRecord[];
  /** Replaced (never mutated) on subscribe/close, so delivery can iterate it safely. */
  handlers: Array<(rec: TopicRecord) => void>;
}

export class MemoryDriver implements TopicDriver {
  private readonly store = new Map<string, Topic>();

  createTopic(name: string, spec: TopicSpec): void {
    if (!this.store.has(name)) this.store.set(name, { spec, log: [], handlers: [] });
  }

  hasTopic(name: string): boolean {
    return this.store.has(name);
  }

  topicSpec(name: string): TopicSpec | undefined {
    return this.store.get(name)?.spec;
  }

  deleteTopic(name: string): void {
    this.store.delete(name);
  }

  topics(): string[] {
    return [...this.store.keys()];
  }

  produce(topic: string, rec: TopicRecord): void {
    const t = this.store.get(topic);
    if (!t) throw new ExecError(`topic ${topic} does not exist`);
    const stored: TopicRecord = { key: rec.key, value: rec.value, timestamp: rec.timestamp, headers: rec.headers, partition: rec.partition, offset: t.log.length };
    t.log.push(stored);
    const handlers = t.handlers;
    for (let i = 0; i < handlers.length; i++) handlers[i]!(stored);
  }

  subscribe(topic: string, from: 'earliest' | 'latest', handler: (rec: TopicRecord) => void): Subscription {
    const t = this.store.get(topic);
    if (!t) throw new ExecError(`topic ${topic} does not exist`);
    if (from === 'earliest') for (const r of [...t.log]) handler(r);
    t.handlers = [...t.handlers, handler];
    return { close: () => void (t.handlers = t.handlers.filter((h) => h !== handler)) };
  }

  read(topic: string): TopicRecord[] {
    return [...(this.store.get(topic)?.log ?? [])];
  }

  snapshot(topic: string): Promise<TopicRecord[]> {
    return Promise.resolve(this.read(topic));
  }

  /** Topics exist only here: nothing to reload. */
  refreshTopics(): Promise<void> {
    return Promise.resolve();
  }

  /** Everything already happened synchronously. */
  settle(): Promise<void> {
    return Promise.resolve();
  }
}
