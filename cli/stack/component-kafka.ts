// The Kafka broker+controller (KRaft, one node): server.properties from local/templates, storage
// formatted once with a cluster id generated here, health = a metadata answer over the broker port.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describeKafka } from '../clients/kafka-admin.js';
import { StackError } from '../../core/errors/ziem-error.js';
import { classpath } from './jars.js';
import { healthy, javaCommand, jvmBase, unhealthy, type Component } from './component.js';
import { markerArgs } from './processes.js';
import { log4jConfigFile, renderLocalTemplate } from './templates.js';

const run = promisify(execFile);

/**
 * A KRaft cluster id: 16 random bytes, base64url without padding (what `kafka-storage random-uuid`
 * prints), never starting with '-', which the storage tool's argument parser would take for a flag.
 */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export const kafkaComponent: Component = {
  name: 'kafka',
  after: [],
  ports: (c) => [
    { field: 'kafka.port', port: c.kafka.port },
    { field: 'kafka.controllerPort', port: c.kafka.controllerPort },
  ],
  endpoints: (c) => ({ bootstrap: `${c.bindHost}:${c.kafka.port}` }),

  async prepare(env, paths) {
    const c = env.config;
    mkdirSync(paths.conf, { recursive: true });
    const props = join(paths.conf, 'server.properties');
    writeFileSync(
      props,
      renderLocalTemplate('kafka-server.properties', {
        bindHost: c.bindHost,
        port: c.kafka.port,
        controllerPort: c.kafka.controllerPort,
        dataDir: paths.data,
      }),
    );
    if (existsSync(join(paths.data, 'meta.properties'))) return;
    env.log.info('kafka: formatting storage (first start)');
    const args = [
      '-Xmx256m',
      '-cp',
      classpath(env.jars.kafka),
      `-Dlog4j2.configurationFile=${log4jConfigFile()}`,
      'kafka.tools.StorageTool',
      'format',
      `--cluster-id=${newClusterId()}`,
      '-c',
      props,
    ];
    try {
      await run(env.tools.java, args, { timeout: 120_000 });
    } catch (cause) {
      const out = cause as { stdout?: string; stderr?: string };
      throw new StackError(
        'KAFKA_FORMAT',
        `kafka: formatting ${paths.data} failed:\n${`${out.stdout ?? ''}${out.stderr ?? ''}`.trim().slice(-2000)}`,
        { cause },
      );
    }
  },

  command: (env, paths) =>
    javaCommand(env, [
      ...jvmBase(env.config.kafka.heapMb),
      ...markerArgs('kafka', env.config.stateDir),
      `-Dlog4j2.configurationFile=${log4jConfigFile()}`,
      '-cp',
      classpath(env.jars.kafka),
      'kafka.Kafka',
      join(paths.conf, 'server.properties'),
    ]),

  async health(env) {
    const bootstrap = `${env.config.bindHost}:${env.config.kafka.port}`;
    try {
      const info = await describeKafka(bootstrap, 3_000);
      return info.brokers > 0 ? healthy(undefined) : unhealthy('no broker in the metadata yet');
    } catch (err) {
      return unhealthy(err instanceof Error ? err.message : String(err));
    }
  },
};
