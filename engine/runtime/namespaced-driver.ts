// A view of a driver in which every topic and consumer group name carries a prefix: the QTT
// runner gives each case its own namespace on one Kafka cluster, since cases reuse topic names.
import type { SubscribeOptions, Subscription, TopicDriver, TopicRecord, TopicSpec } from '../exec/topic-driver.js';

export class NamespacedDriver implements TopicDriver {
  constructor(
    private readonly live: TopicDriver,
    readonly prefix: string,
    /** retention.ms of the topics it creates when their spec sets none. */
    private readonly retentionMs?: number,
  ) {}

  /** As the live driver: QTT cases on Kafka run their aggregations on changelogs too. */
  get changelogs(): boolean | undefined {
    return this.live.changelogs;
  }

  name(topic: string): string {
    return `${this.prefix}${topic}`;
  }

  createTopic(name: string, spec: TopicSpec): void {
    this.live.createTopic(
      this.name(name),
      this.retentionMs !== undefined && spec.retentionMs === undefined
        ? { ...spec, retentionMs: this.retentionMs }
        : spec,
    );
  }

  hasTopic(name: string): boolean {
    return this.live.hasTopic(this.name(name));
  }

  topicSpec(name: string): TopicSpec | undefined {
    return this.live.topicSpec(this.name(name));
  }

  deleteTopic(name: string): void {
    this.live.deleteTopic(this.name(name));
  }

  topics(): string[] {
    return this.live
      .topics()
      .filter((t) => t.startsWith(this.prefix))
      .map((t) => t.slice(this.prefix.length));
  }

  produce(topic: string, rec: TopicRecord): void {
    this.live.produce(this.name(topic), rec);
  }

  subscribe(
    topics: string | readonly string[],
    from: 'earliest' | 'latest',
    handler: Parameters<TopicDriver['subscribe']>[2],
    opts: SubscribeOptions = {},
  ): Subscription {
    const groupId = opts.groupId === undefined ? undefined : this.name(opts.groupId);
    const names = typeof topics === 'string' ? this.name(topics) : topics.map((t) => this.name(t));
    const cut = this.prefix.length;
    return this.live.subscribe(names, from, (rec, topic) => handler(rec, topic.slice(cut)), {
      ...opts,
      ...(groupId !== undefined ? { groupId } : {}),
    });
  }

  read(topic: string): TopicRecord[] {
    return this.live.read(this.name(topic));
  }

  snapshot(topic: string): Promise<TopicRecord[]> {
    return this.live.snapshot(this.name(topic));
  }

  settle(): Promise<void> {
    return this.live.settle();
  }

  refreshTopics(): Promise<void> {
    return this.live.refreshTopics();
  }
}
