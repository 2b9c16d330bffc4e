// The Kafka topic driver (kafkajs): keeps a cache of topic metadata so the engine's synchronous
// calls can answer, queues topic changes and produced records, and `settle()` applies them and
// awaits the acknowledgements. Consumers live in kafka-subscription.ts, reading in kafka-snapshot.ts.
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from '../../core/kafka/kafka-client.js';
import type { Admin, Producer } from 'kafkajs';
import { ExecError } from '../errors.js';
import { realSleep } from '../../core/clock.js';
import { KafkaDriverError, toKafka } from './kafka-records.js';
import { errorText, isRetriableKafkaError, kafkaAttempt, kafkaCause } from '../../core/kafka/kafka-errors.js';
import { retry } from '../../core/retry.js';
import { readToEnd } from './kafka-snapshot.js';
import { KafkaSubscription } from './kafka-subscription.js';
import type {
  RecordHandler,
  SubscribeOptions,
  Subscription,
  TopicDriver,
  TopicRecord,
  TopicSpec,
} from '../exec/topic-driver.js';

/** Half the broker's default message.max.bytes, leaving room for batch and record overhead. */
const MAX_REQUEST_BYTES = 512 * 1024;

export interface KafkaDriverOptions {
  /** Comma-separated host:port list. */
  bootstrap: string;
  clientId?: string;
  /** Progress and recoverable failures (retries, failed commits); never record contents. */
  log?: (msg: string) => void;
  /** How long a produce keeps retrying while Kafka is unreachable before the query fails. */
  produceRetryMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class KafkaDriver implements TopicDriver {
  /** Persistent aggregations keep their state in changelog topics (changelog-store.ts). */
  readonly changelogs = true;
  private readonly specs = new Map<string, TopicSpec>();
  /** Topics this driver deleted (and has not created again): records still queued for them are
   *  dropped at send time. Kept apart from `specs`, which a metadata refresh rebuilds. */
  private readonly deleted = new Set<string>();
  private outbox: Array<{ topic: string; rec: TopicRecord }> = [];
  /** Topic changes in the order the engine asked for them; produces wait for them. */
  private adminChain: Promise<void> = Promise.resolve();
  private adminError: unknown;
  /** Resolves once every flush so far is acknowledged (flushes resolve in order). */
  private sendChain: Promise<void> = Promise.resolve();
  /** Per topic, its latest send: a topic's sends go one after another, in order, while different
   *  topics' sends are in flight together (the broker's round trip no longer serialises them). */
  private readonly lanes = new Map<string, Promise<void>>();
  private sendError: unknown;
  private readonly subs = new Set<KafkaSubscription>();
  private closed = false;
  private readonly log: (msg: string) => void;
  private readonly sleep: (ms: number) => Promise<void>;

  private constructor(
    readonly kafka: Kafka,
    private readonly admin: Admin,
    private producer: Producer,
    private readonly o: KafkaDriverOptions,
  ) {
    this.log = o.log ?? (() => undefined);
    this.sleep = o.sleep ?? realSleep;
  }

  /** Connects the admin client and the producer and loads the metadata of every topic. */
  static async connect(o: KafkaDriverOptions): Promise<KafkaDriver> {
    const kafka = new Kafka({
      clientId: o.clientId ?? 'ziem-ksql',
      brokers: o.bootstrap.split(',').map((b) => b.trim()),
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3_000,
      retry: { retries: 5, initialRetryTime: 300, maxRetryTime: 5_000 },
    });
    const admin = kafka.admin();
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    try {
      await admin.connect();
      await producer.connect();
    } catch (err) {
      await Promise.allSettled([admin.disconnect(), producer.disconnect()]);
      throw new KafkaDriverError(`cannot connect to Kafka at ${o.bootstrap}: ${errorText(err)}`, {
        retriable: true,
        cause: err,
      });
    }
    const d = new KafkaDriver(kafka, admin, producer, o);
    await d.refreshTopics();
    return d;
  }

  /** Reloads topic metadata (topics created by others since the last look). */
  async refreshTopics(): Promise<void> {
    await this.adminChain;
    const names = await this.admin.listTopics();
    const meta = names.length === 0 ? [] : (await this.admin.fetchTopicMetadata({ topics: names })).topics;
    const configs =
      names.length === 0
        ? []
        : (
            await this.admin.describeConfigs({
              includeSynonyms: false,
              resources: names.map((name) => ({ type: 2, name, configNames: ['cleanup.policy'] })),
            })
          ).resources;
    const policy = new Map(configs.map((r) => [r.resourceName, r.configEntries[0]?.configValue ?? 'delete']));
    this.specs.clear();
    for (const t of meta) {
      const p = policy.get(t.name) ?? 'delete';
      const cleanupPolicy: TopicSpec['cleanupPolicy'] =
        p === 'compact' ? 'compact' : p === 'compact,delete' || p === 'delete,compact' ? 'compact,delete' : 'delete';
      this.specs.set(t.name, {
        partitions: t.partitions.length,
        replicas: t.partitions[0]?.replicas.length ?? 1,
        cleanupPolicy,
      });
    }
  }

  private queueAdmin(what: string, job: () => Promise<unknown>): void {
    this.adminChain = this.adminChain.then(async () => {
      try {
        await job();
      } catch (err) {
        this.adminError ??= new KafkaDriverError(`${what} failed: ${errorText(err)}`, {
          retriable: isRetriableKafkaError(err),
          cause: err,
        });
      }
    });
  }

  createTopic(name: string, spec: TopicSpec): void {
    if (this.specs.has(name)) return;
    this.specs.set(name, spec);
    this.deleted.delete(name);
    const configEntries: Array<{ name: string; value: string }> = [
      { name: 'cleanup.policy', value: spec.cleanupPolicy },
    ];
    if (spec.retentionMs !== undefined) configEntries.push({ name: 'retention.ms', value: String(spec.retentionMs) });
    const create = (): Promise<boolean> =>
      this.admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic: name, numPartitions: spec.partitions, replicationFactor: spec.replicas, configEntries }],
      });
    this.queueAdmin(`creating topic ${name}`, () => this.untilLeadersKnown(create));
  }

  /**
   * A just-started KRaft broker may answer the leader wait with UNKNOWN_TOPIC_OR_PARTITION for a
   * moment, which kafkajs does not retry; asking again is safe (an existing topic is not an error).
   */
  private async untilLeadersKnown(create: () => Promise<boolean>): Promise<void> {
    await retry(() => kafkaAttempt(create, { unknownTopicIsTransient: true }), {
      retries: 19,
      initialDelayMs: 100,
      maxDelayMs: 2_000,
      multiplier: 2,
      sleep: this.sleep,
      random: Math.random,
    }).catch((err: unknown) => {
      throw kafkaCause(err);
    });
  }

  hasTopic(name: string): boolean {
    return this.specs.has(name);
  }

  topicSpec(name: string): TopicSpec | undefined {
    return this.specs.get(name);
  }

  /** Records still queued for the topic are dropped with it (a DROP ... DELETE TOPIC, a terminated
   *  query's changelog): sent after the deletion they would fail until the produce deadline and
   *  hold up every later send. */
  deleteTopic(name: string): void {
    if (!this.specs.delete(name)) return;
    this.deleted.add(name);
    this.queueAdmin(`deleting topic ${name}`, async () => {
      await this.admin.deleteTopics({ topics: [name] });
      await this.renewProducer();
    });
  }

  /** kafkajs keeps a deleted topic among its producer's metadata targets, and then every later
   *  send fails with "This server does not host this topic-partition" (tulios/kafkajs#1622):
   *  later sends go through a new producer; the old one leaves once its sends are done. */
  private async renewProducer(): Promise<void> {
    const fresh = this.kafka.producer({ allowAutoTopicCreation: false });
    await fresh.connect();
    const old = this.producer;
    this.producer = fresh;
    void this.sendChain.then(() => old.disconnect()).catch(() => undefined);
  }

  topics(): string[] {
    return [...this.specs.keys()];
  }

  produce(topic: string, rec: TopicRecord): void {
    if (!this.specs.has(topic)) throw new ExecError(`topic ${topic} does not exist`);
    this.outbox.push({ topic, rec });
  }

  /** Sends what is queued now and resolves on the acks of these records and of every earlier
   *  flush (a caller commits after it: its records may have gone out with an earlier flush). A
   *  topic's records go in the order produced, one request after another; different topics' go
   *  concurrently. A send that failed for good (retries exhausted, or a non-retriable error) fails
   *  every later flush too: a batch carries other queries' records, and none may commit past it. */
  flush(): Promise<void> {
    const batch = this.outbox;
    this.outbox = [];
    const byTopic = new Map<string, TopicRecord[]>();
    for (const { topic, rec } of batch) {
      const list = byTopic.get(topic);
      if (list === undefined) byTopic.set(topic, [rec]);
      else list.push(rec);
    }
    const admin = this.adminChain;
    const sends: Array<Promise<void>> = [];
    for (const [topic, recs] of byTopic) {
      const prev = this.lanes.get(topic) ?? Promise.resolve();
      const sent = prev.then(() => this.sendTopic(admin, topic, recs));
      const lane = sent.catch(() => undefined);
      this.lanes.set(topic, lane);
      // an idle lane is forgotten (the map holds only topics with sends pending)
      void lane.then(() => {
        if (this.lanes.get(topic) === lane) this.lanes.delete(topic);
      });
      sends.push(sent);
    }
    const mine = Promise.all(sends);
    const done = Promise.all([this.sendChain, mine]).then(() => {
      if (this.sendError !== undefined) throw this.sendError;
    });
    // a failure is kept in sendError; later flushes wait on the chain, never on a rejection
    this.sendChain = done.catch(() => undefined);
    return done;
  }

  /** One topic's records of a flush, after queued topic changes; a topic deleted since they were
   *  taken for sending takes them with it. */
  private async sendTopic(admin: Promise<void>, topic: string, recs: TopicRecord[]): Promise<void> {
    if (this.sendError !== undefined) throw this.sendError;
    await admin;
    if (this.deleted.has(topic)) {
      this.log(`dropped ${recs.length} record(s) for topic ${topic}, deleted before they were sent`);
      return;
    }
    try {
      await this.send(topic, recs);
    } catch (err) {
      this.sendError ??= err;
      throw err;
    }
  }

  /** Splits into requests below the broker's message.max.bytes (1 MiB by default): kafkajs puts a
   *  request's records for one partition in a single record batch. Chunks go in order. */
  private async send(topic: string, recs: TopicRecord[]): Promise<void> {
    let chunk: TopicRecord[] = [];
    let bytes = 0;
    for (const rec of recs) {
      const size = (rec.key?.length ?? 0) + (rec.value?.length ?? 0) + 80;
      if (chunk.length > 0 && bytes + size > MAX_REQUEST_BYTES) {
        await this.sendChunk(topic, chunk);
        chunk = [];
        bytes = 0;
      }
      chunk.push(rec);
      bytes += size;
    }
    if (chunk.length > 0) await this.sendChunk(topic, chunk);
  }

  private async sendChunk(topic: string, recs: TopicRecord[]): Promise<void> {
    const messages = recs.map(toKafka);
    try {
      await retry(
        async (attempt, bail) => {
          // a retry leaves out a topic deleted meanwhile (its records went with it)
          if (attempt > 1 && this.deleted.has(topic)) return;
          if (attempt > 1 && this.closed) bail(new ExecError('the Kafka driver closed while a send was retried'));
          await kafkaAttempt(() => this.producer.sendBatch({ topicMessages: [{ topic, messages }], acks: -1 }));
        },
        {
          retries: Infinity,
          maxRetryTimeMs: this.o.produceRetryMs ?? 300_000,
          initialDelayMs: 250,
          maxDelayMs: 5_000,
          multiplier: 2,
          sleep: this.sleep,
          random: Math.random,
          onRetry: (err, attempt) => {
            if (attempt === 1 || attempt % 10 === 0)
              this.log(`producing to ${topic} failed (${errorText(err)}); retrying`);
          },
        },
      );
    } catch (err) {
      const cause = kafkaCause(err);
      throw new KafkaDriverError(`producing ${recs.length} records to ${topic} failed: ${errorText(cause)}`, {
        retriable: isRetriableKafkaError(cause),
        cause,
      });
    }
  }

  async settle(): Promise<void> {
    await this.adminChain;
    await this.flush();
    const err = this.adminError;
    this.adminError = undefined;
    if (err !== undefined) throw err;
  }

  subscribe(
    topics: string | readonly string[],
    from: 'earliest' | 'latest',
    handler: RecordHandler,
    opts: SubscribeOptions = {},
  ): Subscription {
    if (this.closed) throw new ExecError('the Kafka driver is closed');
    const deps = {
      kafka: this.kafka,
      admin: this.admin,
      flush: () => this.flush(),
      topicsApplied: () => this.adminChain,
      log: this.log,
      sleep: this.sleep,
    };
    const sub = new KafkaSubscription(deps, typeof topics === 'string' ? [topics] : topics, from, handler, opts);
    this.subs.add(sub);
    return {
      close: () => {
        sub.close();
        void sub.stopped().finally(() => this.subs.delete(sub));
      },
    };
  }

  /** Records live in Kafka, not here: callers that need them use snapshot(). */
  read(topic: string): TopicRecord[] {
    throw new ExecError(`the Kafka driver keeps no local copy of ${topic}; read it with snapshot()`);
  }

  async snapshot(topic: string): Promise<TopicRecord[]> {
    await this.settle();
    return readToEnd(this.kafka, this.admin, topic, `_ziem-snapshot-${randomBytes(6).toString('hex')}`);
  }

  /** True once the group has committed every record of the topic (end offsets as of now). */
  async caughtUp(groupId: string, topic: string): Promise<boolean> {
    const ends = await this.admin.fetchTopicOffsets(topic);
    const done = await this.admin.fetchOffsets({ groupId, topics: [topic] });
    const at = new Map((done[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
    return ends.every((e) => Number(e.high) === 0 || (at.get(e.partition) ?? -1) >= Number(e.high));
  }

  /** Waits for every consumer to start (tests, startup): records produced after it are seen. */
  async ready(): Promise<void> {
    await Promise.all([...this.subs].map((s) => s.started));
  }

  async close(): Promise<void> {
    await this.settle().catch((err: unknown) => this.log(`unsent records at shutdown: ${errorText(err)}`));
    this.closed = true;
    for (const s of this.subs) s.close();
    await Promise.all([...this.subs].map((s) => s.stopped()));
    this.subs.clear();
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }
}
