// One consumer of the Kafka driver: a persistent query's sources (its own consumer group, one
// consumer for all of them, as a join reads two or more topics; offsets committed only after the
// batch's outputs are acknowledged) or a transient reader (a throw-away group, nothing committed). Redelivered offsets are skipped so in-memory state never counts twice.
// A batch's send and commit run while the next batch is processed (one batch in flight): commits
// stay in order and each still follows the acknowledgement of everything produced before it.
import { randomBytes } from 'node:crypto';
import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { fromKafka } from './kafka-records.js';
import { errorText, kafkaAttempt, kafkaCause } from '../../core/kafka/kafka-errors.js';
import { retry } from '../../core/retry.js';
import type { RecordHandler, SubscribeOptions, Subscription } from '../exec/topic-driver.js';

export interface SubscriptionDeps {
  kafka: Kafka;
  admin: Admin;
  /** Sends everything produced so far and resolves when Kafka acknowledged it. */
  flush: () => Promise<void>;
  /** Resolves once queued topic changes are applied (the source topic may have just been created). */
  topicsApplied: () => Promise<void>;
  log: (msg: string) => void;
  sleep: (ms: number) => Promise<void>;
}

export class KafkaSubscription implements Subscription {
  private readonly consumer: Consumer;
  private readonly groupId: string;
  /** Next offset to process per topic partition (`topic:partition`): what this process has
   *  already fed to the handler. */
  private readonly next = new Map<string, number>();
  /** Topic partitions still to rewind to their first retained offset (replayFromEarliest). */
  private replayFrom = new Map<string, number>();
  private closed = false;
  private stopping: Promise<void> | undefined;
  /** The previous batch's send and commit, still running while the next batch is processed. */
  private inFlight: Promise<void> = Promise.resolve();
  readonly started: Promise<void>;

  constructor(
    private readonly d: SubscriptionDeps,
    private readonly topics: readonly string[],
    private readonly from: 'earliest' | 'latest',
    private readonly handler: RecordHandler,
    private readonly opts: SubscribeOptions,
  ) {
    this.groupId = opts.groupId ?? `_ziem-transient-${randomBytes(6).toString('hex')}`;
    this.consumer = d.kafka.consumer({
      groupId: this.groupId,
      retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 5_000 },
      maxWaitTimeInMs: 100,
    });
    this.started = this.startWithRetry().catch((err: unknown) => {
      if (this.closed) return;
      d.log(`consumer of ${topics.join(', ')} (group ${this.groupId}) failed to start: ${errorText(err)}`);
      this.fail(err);
    });
  }

  /** A just-created topic's metadata may lag on the broker for a moment: transient, so retried. */
  private async startWithRetry(): Promise<void> {
    await this.d.topicsApplied();
    const attempt = async (): Promise<void> => {
      // state first (a changelog read to its end), then records from the committed position; the
      // read is retried with the start: a just-created changelog's leader may not be known yet,
      // and a failed read has installed nothing
      if (this.opts.restore && !this.closed) await this.opts.restore();
      await this.start();
    };
    await retry(
      async (_n, bail) => {
        try {
          await kafkaAttempt(attempt, { unknownTopicIsTransient: true });
        } catch (err) {
          if (this.closed) bail(kafkaCause(err));
          await this.consumer.stop().catch(() => undefined);
          throw err;
        }
      },
      { retries: 59, initialDelayMs: 100, maxDelayMs: 2_000, multiplier: 2, sleep: this.d.sleep, random: Math.random },
    ).catch((err: unknown) => {
      throw kafkaCause(err);
    });
  }

  private async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.topics], fromBeginning: this.from === 'earliest' });
    if (this.closed) return;
    if (this.opts.replayFromEarliest) {
      // state lives in memory only: rebuild it from the start of the source, whatever was committed
      this.replayFrom = new Map();
      for (const t of this.topics)
        for (const o of await this.d.admin.fetchTopicOffsets(t))
          this.replayFrom.set(`${t}:${o.partition}`, Number(o.low));
    }
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: (p) => this.batch(p),
    });
  }

  /** The first batch of a replayed partition moves it to its first retained offset, inside the
   *  fetch loop, so no record from the committed position is processed before the replay. */
  private rewound(topic: string, partition: number, first: string | undefined): boolean {
    const at = `${topic}:${partition}`;
    const low = this.replayFrom.get(at);
    if (low === undefined) return false;
    this.replayFrom.delete(at);
    if (first === undefined || Number(first) <= low) return false;
    this.consumer.seek({ topic, partition, offset: String(low) });
    return true;
  }

  private async batch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const p = batch.partition;
    const topic = batch.topic;
    if (this.rewound(topic, p, batch.messages[0]?.offset)) return;
    const at = `${topic}:${p}`;
    let last: string | undefined;
    let next = this.next.get(at) ?? -1;
    // nothing seeks or stops the consumer while the loop runs synchronously: asked once per batch
    // and again after each wait (isStale costs a JSON key per call in kafkajs)
    let live = !this.closed && isRunning() && !isStale();
    for (const m of batch.messages) {
      if (!live) break;
      const off = Number(m.offset);
      if (off >= next) {
        try {
          const pending = this.handler(fromKafka(m, p), topic);
          // a remote function call: the next record waits for it, and so does the commit below
          if (pending !== undefined) {
            await pending;
            await heartbeat().catch(() => undefined);
            live = !this.closed && isRunning() && !isStale();
          }
        } catch (err) {
          return this.fail(err);
        }
        next = off + 1;
        this.next.set(at, next);
      }
      last = m.offset;
    }
    if (last === undefined || this.closed) return;
    try {
      this.opts.beforeFlush?.();
    } catch (err) {
      return this.fail(err);
    }
    // at most one batch in flight: the previous one's commit lands before this one's send starts
    await this.inFlight;
    if (this.closed) return;
    this.inFlight = this.sendAndCommit(topic, p, Number(last) + 1);
    resolveOffset(last);
    await heartbeat().catch(() => undefined);
  }

  /** Sends everything produced so far (this batch's outputs among it), then commits the batch. */
  private async sendAndCommit(topic: string, partition: number, offset: number): Promise<void> {
    try {
      await this.d.flush();
    } catch (err) {
      return this.fail(err);
    }
    if (this.opts.groupId !== undefined) await this.commit(topic, partition, offset);
  }

  /** A failed commit is retried while it is transient; otherwise the next batch's commit covers it
   *  (outputs are already acknowledged, so at worst records are processed again after a restart). */
  private async commit(topic: string, partition: number, offset: number): Promise<void> {
    // tried once even when closing (the batch in flight at a graceful close), retried only while open
    const closedMeanwhile = Symbol('closed');
    await retry(
      async (_n, bail) => {
        try {
          await kafkaAttempt(() => this.consumer.commitOffsets([{ topic, partition, offset: String(offset) }]));
        } catch (err) {
          if (this.closed) bail(closedMeanwhile);
          throw err;
        }
      },
      { retries: 29, initialDelayMs: 200, maxDelayMs: 5_000, multiplier: 2, sleep: this.d.sleep, random: Math.random },
    ).catch((err: unknown) => {
      if (err === closedMeanwhile) return;
      this.d.log(
        `commit of ${topic}[${partition}]@${offset} for group ${this.groupId} failed: ${errorText(kafkaCause(err))}`,
      );
    });
  }

  private fail(err: unknown): void {
    this.d.log(`consumer of ${this.topics.join(', ')} (group ${this.groupId}) stopped: ${errorText(err)}`);
    this.opts.onError?.(err);
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // after start settles (a consumer still connecting would otherwise outlive its disconnect) and
    // after the batch in flight committed
    this.stopping = this.started
      .then(() => this.inFlight)
      .then(() => this.consumer.disconnect())
      .catch(() => undefined);
  }

  /** Resolves once the consumer has left its group. */
  async stopped(): Promise<void> {
    await this.started;
    await this.stopping;
    if (this.opts.groupId === undefined) await this.d.admin.deleteGroups([this.groupId]).catch(() => undefined);
  }
}
