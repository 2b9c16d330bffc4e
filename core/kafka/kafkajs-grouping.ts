// Replaces kafkajs 2.2.4's grouping of a send's messages by partition, which copies the partition's
// whole list for every message (quadratic: 20,000 messages take seconds; tulios/kafkajs#1576, never
// released), with one that appends. Same result: an object from partition to its messages, in the
// order given. Installed by kafka-client.ts before kafkajs's producer module is first loaded, since
// that module keeps the function it required.
import type { PartitionMetadata, PartitionerArgs, Message } from 'kafkajs';
import { InternalError } from '../errors/ziem-error.js';

const MARK = Symbol.for('ziem.kafkajs.linearGrouping');

interface GroupArgs {
  topic: string;
  partitionMetadata: PartitionMetadata[];
  messages: Message[];
  partitioner: (args: PartitionerArgs) => number;
}

export function groupMessagesPerPartition({
  topic,
  partitionMetadata,
  messages,
  partitioner,
}: GroupArgs): Record<number, Message[]> {
  const out: Record<number, Message[]> = {};
  if (partitionMetadata.length === 0) return out;
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message });
    (out[partition] ??= []).push(message);
  }
  return out;
}
Object.defineProperty(groupMessagesPerPartition, MARK, { value: true });

/** Puts the linear grouping in kafkajs's module cache. Fails when kafkajs's producer was loaded
 *  before (it would keep the quadratic one): every import of kafkajs values goes through
 *  kafka-client.ts, which calls this first. */
export function installLinearGrouping(req: NodeJS.Require): void {
  const groupPath = req.resolve('kafkajs/src/producer/groupMessagesPerPartition.js');
  const cached = req.cache[groupPath];
  if (cached !== undefined && (cached.exports as Record<symbol, unknown>)[MARK] === true) return;
  if (req.cache[req.resolve('kafkajs/src/producer/sendMessages.js')] !== undefined) {
    throw new InternalError(
      'kafkajs was loaded before ziem could fix its producer grouping: import Kafka and logLevel from core/kafka/kafka-client.ts, not from kafkajs',
    );
  }
  req(groupPath);
  req.cache[groupPath]!.exports = groupMessagesPerPartition;
}
