// Which Kafka failures are worth another attempt, as data (kafkajs's own `retriable` flag plus the
// transient error names it leaves unflagged), and the error one attempt of a Kafka call throws so
// that core/retry.ts, which reads nothing but `retriable`, can decide.
import { RetriesExhaustedError, ZiemError } from '../errors/ziem-error.js';

/** kafkajs marks transient failures (leader moves, connection loss, timeouts) retriable; a retry
 *  budget running out is retriable too, because the broker may come back (a restart). */
const TRANSIENT = new Set([
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSConnectionError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSConnectionClosedError',
  'KafkaJSBrokerNotFound',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSLockTimeout',
]);

export function isRetriableKafkaError(err: unknown): boolean {
  const e = err as { retriable?: boolean; name?: string } | null;
  if (!e || typeof e !== 'object') return false;
  return e.retriable === true || TRANSIENT.has(e.name ?? '');
}

/** UNKNOWN_TOPIC_OR_PARTITION anywhere in the error's cause chain (kafkajs wraps it). */
export function isUnknownTopic(err: unknown): boolean {
  for (
    let e = err as { type?: unknown; cause?: unknown; originalError?: unknown } | undefined, n = 0;
    e && n < 5;
    n++
  ) {
    if (e.type === 'UNKNOWN_TOPIC_OR_PARTITION') return true;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return false;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** One attempt of a Kafka call failed; `cause` is kafkajs's error. */
export class KafkaAttemptError extends ZiemError {
  constructor(cause: unknown, retriable: boolean) {
    super('KAFKA', errorText(cause), { retriable, cause });
  }
}

/**
 * Runs one attempt of a Kafka call, throwing a KafkaAttemptError whose `retriable` follows the table
 * above; `unknownTopicIsTransient` also retries UNKNOWN_TOPIC_OR_PARTITION, which a just-created
 * topic answers for a moment on a KRaft broker and kafkajs does not retry.
 */
export async function kafkaAttempt<T>(op: () => Promise<T>, o: { unknownTopicIsTransient?: boolean } = {}): Promise<T> {
  try {
    return await op();
  } catch (err) {
    const retriable = isRetriableKafkaError(err) || (o.unknownTopicIsTransient === true && isUnknownTopic(err));
    throw new KafkaAttemptError(err, retriable);
  }
}

/** kafkajs's own error behind what a retried Kafka call threw (unwrapping the retry and attempt). */
export function kafkaCause(err: unknown): unknown {
  let e = err;
  if (e instanceof RetriesExhaustedError) e = e.cause;
  if (e instanceof KafkaAttemptError) e = e.cause;
  return e;
}
