// `ziem alerts [--follow] [--json]` (and `--incidents`, incidents.ts): the ALERTS topic through kafkajs, from the beginning, as
// readable lines or JSON lines. Without --follow it stops at the end of the topic; with it, it runs
// until Ctrl-C or the abort signal. The consumer group is throwaway: reading never commits.
// Where the deployment has ALERTS_ENRICHED (ksql/V000020: the same alerts with asset names), that
// topic is read instead, unless --raw.
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from '../../core/kafka/kafka-client.js';
import type { Consumer } from 'kafkajs';
import type { Context } from '../context.js';
import { ZiemError } from '../../core/errors/ziem-error.js';
import { decodeAlert, formatAlert, type Alert } from './alert-record.js';

export const ALERTS_TOPIC = 'ALERTS';
/** ALERTS joined to ASSETS (ksql/V000020): every alert, with the asset columns. */
export const ENRICHED_ALERTS_TOPIC = 'ALERTS_ENRICHED';

export interface AlertFeed {
  /** Resolves once the consumer has joined and will see every later record. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/** Calls onRecord for every record of `topic`, oldest first, until closed (created if missing). */
export function openTopicFeed(
  bootstrap: string,
  topic: string,
  onRecord: (value: Buffer | null, receivedAt: number, at: { partition: number; offset: string }) => void,
): AlertFeed {
  const kafka = new Kafka({ clientId: 'ziem-alerts', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING });
  const consumer: Consumer = kafka.consumer({
    groupId: `ziem-alerts-${randomBytes(6).toString('hex')}`,
    maxWaitTimeInMs: 200,
  });
  const ready = (async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      // create-if-missing so a reader started before the pipeline still sees the first record
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message, partition }) => {
        onRecord(message.value, Date.now(), { partition, offset: message.offset });
      },
    });
    await joined;
  })().catch((err: unknown) => {
    throw new ZiemError(
      'ALERTS_READ',
      `cannot read topic ${topic} from Kafka at ${bootstrap}: ${(err as Error).message}`,
      {
        cause: err,
        retriable: true,
        hint: 'is the stack up? (`ziem stack status`)',
      },
    );
  });
  return { ready, close: () => consumer.disconnect() };
}

/** Calls onRecord (with the receive time) for every record of ALERTS, oldest first, until closed; `a` is undefined for a non-alert. */
export function openAlertFeed(
  bootstrap: string,
  onRecord: (a: Alert | undefined, receivedAt: number, at: { partition: number; offset: string }) => void,
  topic = ALERTS_TOPIC,
): AlertFeed {
  return openTopicFeed(bootstrap, topic, (value, t, at) => onRecord(decodeAlert(value), t, at));
}

/** End offsets per partition; undefined when the topic does not exist. */
async function endOffsets(bootstrap: string, topic: string): Promise<Map<number, bigint> | undefined> {
  const admin = new Kafka({
    clientId: 'ziem-alerts',
    brokers: bootstrap.split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return undefined;
    return new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, BigInt(o.high)]));
  } finally {
    await admin.disconnect();
  }
}

export interface AlertsOptions {
  follow?: boolean;
  /** Read ALERTS even where ALERTS_ENRICHED exists. */
  raw?: boolean;
  /** Stops --follow (tests); otherwise SIGINT/SIGTERM do. */
  signal?: AbortSignal;
}

export function stopped(o: AlertsOptions): Promise<void> {
  return new Promise((resolve) => {
    if (o.signal)
      return o.signal.aborted ? resolve() : void o.signal.addEventListener('abort', () => resolve(), { once: true });
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

export async function run(ctx: Context, o: AlertsOptions): Promise<void> {
  const bootstrap = ctx.config.kafka.bootstrap;
  const enriched = o.raw ? undefined : await endOffsets(bootstrap, ENRICHED_ALERTS_TOPIC);
  const topic = enriched ? ENRICHED_ALERTS_TOPIC : ALERTS_TOPIC;
  const ends = o.follow ? new Map<number, bigint>() : (enriched ?? (await endOffsets(bootstrap, topic)) ?? new Map());
  let count = 0;
  let reachedEnd: () => void = () => undefined;
  const atEnd = new Promise<void>((resolve) => (reachedEnd = resolve));
  const remaining = new Set([...ends].filter(([, high]) => high > 0n).map(([p]) => p));
  if (!o.follow && remaining.size === 0) reachedEnd();
  const feed = openAlertFeed(
    bootstrap,
    (a, _t, at) => {
      if (a) {
        count++;
        ctx.stdout.write(`${ctx.json ? JSON.stringify(a) : formatAlert(a)}\n`);
      }
      const end = ends.get(at.partition);
      if (end !== undefined && BigInt(at.offset) + 1n >= end && remaining.delete(at.partition) && remaining.size === 0)
        reachedEnd();
    },
    topic,
  );
  try {
    await feed.ready;
    if (o.follow) ctx.log.info(`alerts: following ${topic} at ${bootstrap}; Ctrl-C stops`);
    await (o.follow ? stopped(o) : atEnd);
  } finally {
    await feed.close();
  }
  if (!o.follow) ctx.log.info(`alerts: ${count} alert(s) in ${topic}`);
}
