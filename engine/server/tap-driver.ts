// A driver wrapper that hands one topic's records to a callback instead of writing them: a
// transient query runs the engine's normal pipeline with its sink "topic" tapped, so it creates
// nothing in Kafka and leaves the live driver untouched.
import type { SubscribeOptions, Subscription, TopicDriver, TopicRecord, TopicSpec } from '../exec/topic-driver.js';

export class TapDriver implements TopicDriver {
  constructor(
    private readonly live: TopicDriver,
    private readonly tapped: string,
    private readonly onRecord: (rec: TopicRecord) => void,
  ) {}

  createTopic(name: string, spec: TopicSpec): void {
    if (name !== this.tapped) this.live.createTopic(name, spec);
  }

  hasTopic(name: string): boolean {
    return name === this.tapped || this.live.hasTopic(name);
  }

  topicSpec(name: string): TopicSpec | undefined {
    return name === this.tapped ? { partitions: 1, replicas: 1, cleanupPolicy: 'delete' } : this.live.topicSpec(name);
  }

  deleteTopic(name: string): void {
    if (name !== this.tapped) this.live.deleteTopic(name);
  }

  topics(): string[] {
    return this.live.topics();
  }

  produce(topic: string, rec: TopicRecord): void {
    if (topic === this.tapped) this.onRecord(rec);
    else this.live.produce(topic, rec);
  }

  subscribe(
    topics: string | readonly string[],
    from: 'earliest' | 'latest',
    handler: Parameters<TopicDriver['subscribe']>[2],
    opts?: SubscribeOptions,
  ): Subscription {
    return this.live.subscribe(topics, from, handler, opts);
  }

  read(topic: string): TopicRecord[] {
    return topic === this.tapped ? [] : this.live.read(topic);
  }

  snapshot(topic: string): Promise<TopicRecord[]> {
    return topic === this.tapped ? Promise.resolve([]) : this.live.snapshot(topic);
  }

  settle(): Promise<void> {
    return this.live.settle();
  }

  refreshTopics(): Promise<void> {
    return this.live.refreshTopics();
  }
}
