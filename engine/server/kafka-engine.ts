// Assembles the engine that `ziem ksql serve --kafka` serves: the Kafka driver, the processing
// log written to its topic and stream, and the command topic the server replays on start.
import { Engine } from '../runtime/engine.js';
import type { RemoteFunctionSettings } from '../exec/functions/remote-settings.js';
import { KafkaDriver } from '../runtime/kafka-driver.js';
import { ProcessingLog } from '../runtime/processing-log.js';
import { CommandTopic, commandTopicName } from './command-topic.js';
import { createProcessingLogStream, processingLogTopic, processingLogWriter } from './processing-log-topic.js';

export interface KafkaEngineOptions {
  bootstrap: string;
  serviceId: string;
  log: (msg: string) => void;
  /** Engine properties on top of ksql.service.id. */
  props?: Record<string, string>;
  /** Remote functions (ANOMALY_SCORE) the engine registers. */
  remoteFunctions?: RemoteFunctionSettings[];
}

export interface KafkaEngine {
  engine: Engine;
  driver: KafkaDriver;
  commandTopic: CommandTopic;
  /** Stops the queries, sends what is queued, leaves the consumer groups, disconnects. */
  close(): Promise<void>;
}

export async function startKafkaEngine(o: KafkaEngineOptions): Promise<KafkaEngine> {
  const driver = await KafkaDriver.connect({
    bootstrap: o.bootstrap,
    clientId: `ziem-ksql-${o.serviceId}`,
    log: o.log,
  });
  try {
    const topic = processingLogTopic(o.serviceId);
    const log = new ProcessingLog(10_000, processingLogWriter(driver, topic, Date.now));
    const engine = new Engine({
      driver,
      log,
      props: { 'ksql.service.id': o.serviceId, ...(o.props ?? {}) },
      ...(o.remoteFunctions ? { remoteFunctions: o.remoteFunctions } : {}),
    });
    await createProcessingLogStream(engine, topic);
    const commandTopic = new CommandTopic(driver, commandTopicName(o.serviceId));
    await commandTopic.ensure();
    return {
      engine,
      driver,
      commandTopic,
      close: async () => {
        engine.close();
        await driver.close();
      },
    };
  } catch (err) {
    await driver.close();
    throw err;
  }
}
