// The Kafka Connect worker (distributed mode): connect-distributed.properties from local/templates,
// the jar cache's plugins/ folder on plugin.path, health = GET / answers and the Neo4j sink is listed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectClient } from '../../core/connect/connect-client.js';
import { classpath } from './jars.js';
import { healthy, javaCommand, jvmBase, unhealthy, type Component } from './component.js';
import { markerArgs } from './processes.js';
import { log4jConfigFile, renderLocalTemplate } from './templates.js';

/** The sink's class; the same name as the official Neo4j 5.x connector (see local/neo4j-sink). */
export const NEO4J_SINK_CLASS = 'org.neo4j.connectors.kafka.sink.Neo4jConnector';

export const connectComponent: Component = {
  name: 'connect',
  after: ['kafka'],
  ports: (c) => [{ field: 'connect.port', port: c.connect.port }],
  endpoints: (c) => ({ rest: `http://${c.bindHost}:${c.connect.port}` }),

  async prepare(env, paths) {
    const c = env.config;
    mkdirSync(paths.conf, { recursive: true });
    writeFileSync(
      join(paths.conf, 'connect-distributed.properties'),
      renderLocalTemplate('connect-distributed.properties', {
        bootstrap: `${c.bindHost}:${c.kafka.port}`,
        bindHost: c.bindHost,
        port: c.connect.port,
        pluginPath: env.jars.plugins,
      }),
    );
  },

  command: (env, paths) =>
    javaCommand(env, [
      ...jvmBase(env.config.connect.heapMb),
      ...markerArgs('connect', env.config.stateDir),
      `-Dlog4j2.configurationFile=${log4jConfigFile()}`,
      '-cp',
      classpath(env.jars.kafka),
      'org.apache.kafka.connect.cli.ConnectDistributed',
      join(paths.conf, 'connect-distributed.properties'),
    ]),

  async health(env) {
    const client = new ConnectClient({
      baseUrl: `http://${env.config.bindHost}:${env.config.connect.port}`,
      timeoutMs: 3_000,
    });
    try {
      const root = await client.root();
      const plugins = await client.plugins();
      if (!plugins.some((p) => p.class === NEO4J_SINK_CLASS))
        return unhealthy(`plugin ${NEO4J_SINK_CLASS} is not installed`);
      return healthy(root.version);
    } catch (err) {
      return unhealthy(err instanceof Error ? err.message : String(err));
    }
  },
};
