// What the pipeline dropped of a replay, from the deployment's processing log topic
// (<service id>ksql_processing_log, ksqlDB's shape): the entries written since the replay began,
// counted per query as late (a window already closed) or bad (unreadable, not computable).
import { Kafka, logLevel } from '../../core/kafka/kafka-client.js';
import { readTopicToEnd } from '../alerts/topic-read.js';

export interface DropCounts {
  topic: string;
  /** false: the deployment has no such topic, so drops cannot be told */
  available: boolean;
  late: number;
  bad: number;
  /** query (processing-log LOGGER without "processing.") → entries */
  byQuery: Record<string, number>;
  /** one example message, for the report */
  example: string | undefined;
}

/** Classifies processing-log values. Pure. */
export function countDrops(topic: string, values: readonly Buffer[]): DropCounts {
  const c: DropCounts = { topic, available: true, late: 0, bad: 0, byQuery: {}, example: undefined };
  for (const v of values) {
    let o: { LOGGER?: unknown; MESSAGE?: Record<string, { ERRORMESSAGE?: unknown } | null> };
    try {
      o = JSON.parse(v.toString('utf8')) as typeof o;
    } catch {
      continue;
    }
    const m = o.MESSAGE ?? {};
    const text = String(m['RECORDPROCESSINGERROR']?.ERRORMESSAGE ?? m['DESERIALIZATIONERROR']?.ERRORMESSAGE ?? '');
    if (/too late/i.test(text)) c.late++;
    else c.bad++;
    const q = String(o.LOGGER ?? 'unknown').replace(/^processing\./, '');
    c.byQuery[q] = (c.byQuery[q] ?? 0) + 1;
    c.example ??= text || undefined;
  }
  return c;
}

async function topicExists(bootstrap: string, topic: string): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'ziem-replay',
    brokers: bootstrap.split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).includes(topic);
  } finally {
    await admin.disconnect();
  }
}

/** The number of records the topic holds now (one partition); undefined when it does not exist. */
export async function processingLogSize(bootstrap: string, topic: string): Promise<number | undefined> {
  if (!(await topicExists(bootstrap, topic))) return undefined;
  return (await readTopicToEnd(bootstrap, topic)).length;
}

/** The entries written after the first `before` ones; `before` undefined: the topic did not exist then. */
export async function dropsSince(bootstrap: string, topic: string, before: number | undefined): Promise<DropCounts> {
  if (!(await topicExists(bootstrap, topic)))
    return { topic, available: false, late: 0, bad: 0, byQuery: {}, example: undefined };
  return countDrops(topic, (await readTopicToEnd(bootstrap, topic)).slice(before ?? 0));
}
