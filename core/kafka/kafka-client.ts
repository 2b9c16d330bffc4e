// The one place ziem takes kafkajs's classes from: installs the linear producer grouping
// (kafkajs-grouping.ts) before kafkajs loads, and gives every producer the Java-compatible
// partitioner of java-partitioner.ts unless it names its own, and every client this process's
// TLS/SASL settings (kafka-security.ts). Types still come from 'kafkajs'.
import { createRequire } from 'node:module';
import type * as KafkaJs from 'kafkajs';
import { installLinearGrouping } from './kafkajs-grouping.js';
import { javaCompatiblePartitioner } from './java-partitioner.js';
import { kafkaSecurity } from './kafka-security.js';

const req = createRequire(import.meta.url);
installLinearGrouping(req);
const kafkajs = req('kafkajs') as typeof KafkaJs;

export const logLevel = kafkajs.logLevel;
export type logLevel = KafkaJs.logLevel;

export class Kafka extends kafkajs.Kafka {
  /** A client with this process's TLS/SASL settings (kafka-security.ts) unless `config` names its own. */
  constructor(config: KafkaJs.KafkaConfig) {
    super({ ...(kafkaSecurity() as Pick<KafkaJs.KafkaConfig, 'ssl' | 'sasl'>), ...config });
  }

  override producer(config: KafkaJs.ProducerConfig = {}): KafkaJs.Producer {
    return super.producer({ createPartitioner: javaCompatiblePartitioner, ...config });
  }
}
