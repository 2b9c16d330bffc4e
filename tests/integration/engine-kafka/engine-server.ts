// An engine on Kafka behind its REST server, in this process, for the engine-on-Kafka tests that
// stop and start it again (state restored from changelogs, queries from the command topic).
import { KsqlServer } from '../../../engine/server/server.js';
import { startKafkaEngine, type KafkaEngine } from '../../../engine/server/kafka-engine.js';

export interface EngineServer {
  ke: KafkaEngine;
  server: KsqlServer;
  url: string;
}

/** A just-started broker may still be electing partition leaders: its first answers are retriable. */
async function startEngine(bootstrap: string, serviceId: string, log: (m: string) => void): Promise<KafkaEngine> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startKafkaEngine({ bootstrap, serviceId, log });
    } catch (err) {
      if (attempt >= 10 || (err as { retriable?: boolean }).retriable !== true) throw err;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

export async function startEngineServer(
  bootstrap: string,
  serviceId: string,
  log: (m: string) => void = (m) => void process.stderr.write(`${m}\n`),
): Promise<EngineServer> {
  const ke = await startEngine(bootstrap, serviceId, log);
  const server = new KsqlServer({
    host: '127.0.0.1',
    port: 0,
    engine: ke.engine,
    commandTopic: ke.commandTopic,
    serviceId,
  });
  return { ke, server, url: await server.start() };
}

export async function stopEngineServer(s: EngineServer | undefined): Promise<void> {
  await s?.server.close();
  await s?.ke.close();
}
