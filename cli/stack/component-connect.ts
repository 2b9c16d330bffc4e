// The Kafka Connect worker (distributed mode): connect-distributed.properties from local/templates,
// the jar cache's plugins/ folder on plugin.path, health = GET / answers and the Neo4j sink is listed.
// The connectors' ${env:ZIEM_NEO4J_*} placeholders are resolved by the worker's EnvVarConfigProvider
// from its own environment, set here: ziem sends Connect the placeholders, never the password.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectClient } from '../../core/connect/connect-client.js';
import { classpath } from './jars.js';
import { healthy, javaCommand, jvmBase, unhealthy, type Component } from './component.js';
import { markerArgs } from './processes.js';
import { log4jConfigFile, renderLocalTemplate } from './templates.js';
import { ensureNeo4jPassword } from './neo4j-password.js';
import type { Config } from '../config/config.js';

/** What the connector files' placeholders resolve from, in the worker's environment. */
export function connectorSecretsEnv(c: Config): Record<string, string> {
  // the same password Neo4j's start sets (generated once into the stack's secrets, 0600, if not given)
  return {
    ZIEM_NEO4J_URI: c.neo4j.url,
    ZIEM_NEO4J_USER: c.neo4j.user,
    ZIEM_NEO4J_PASSWORD: ensureNeo4jPassword(c).reveal(),
  };
}

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

  command: (env, paths) => ({
    ...javaCommand(env, [
      ...jvmBase(env.config.connect.heapMb),
      ...markerArgs('connect', env.config.stateDir),
      `-Dlog4j2.configurationFile=${log4jConfigFile()}`,
      '-cp',
      classpath(env.jars.kafka),
      'org.apache.kafka.connect.cli.ConnectDistributed',
      join(paths.conf, 'connect-distributed.properties'),
    ]),
    env: connectorSecretsEnv(env.config),
  }),

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
