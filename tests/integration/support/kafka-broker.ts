// A single Kafka broker (KRaft, the local stack's own jars) with listeners of the test's choosing,
// for tests that need what `ziem stack up`'s broker does not offer: a SASL listener, or a listener
// on a sandbox bridge address. Stopped (and its data removed) by stop().
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describeKafka } from '../../../cli/clients/kafka-admin.js';
import { newClusterId } from '../../../cli/stack/component-kafka.js';
import { classpath, defaultJarCacheRoot, ensureJars } from '../../../cli/stack/jars.js';
import { findMvn } from '../../../cli/stack/prereqs.js';

const run = promisify(execFile);

export interface TestBroker {
  bootstrap: string;
  stop(): Promise<void>;
}

/**
 * `listener` is the client listener (`SASL_PLAINTEXT://127.0.0.1:9092`); `extra` adds properties
 * (its security settings). The controller listens on 127.0.0.1:`controllerPort`.
 */
export async function startBroker(o: {
  listener: string;
  protocol: string;
  controllerPort: number;
  extra?: string[];
}): Promise<TestBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'ziem-test-broker-'));
  const jars = await ensureJars({
    cacheRoot: defaultJarCacheRoot(process.env),
    mvn: () => findMvn(process.env),
    log: { info: () => undefined, warn: () => undefined, debug: () => undefined },
  });
  const data = join(dir, 'data');
  mkdirSync(data);
  const name = o.listener.split(':')[0]!;
  const props = join(dir, 'server.properties');
  writeFileSync(
    props,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${o.controllerPort}`,
      `listeners=${o.listener},CONTROLLER://127.0.0.1:${o.controllerPort}`,
      `advertised.listeners=${o.listener}`,
      'controller.listener.names=CONTROLLER',
      `inter.broker.listener.name=${name}`,
      `listener.security.protocol.map=${name}:${o.protocol},CONTROLLER:PLAINTEXT`,
      `log.dirs=${data}`,
      'offsets.topic.replication.factor=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      'auto.create.topics.enable=true',
      ...(o.extra ?? []),
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const cp = ['-cp', classpath(jars.kafka)];
  await run('java', [
    '-Xmx256m',
    ...cp,
    'kafka.tools.StorageTool',
    'format',
    `--cluster-id=${newClusterId()}`,
    '-c',
    props,
  ]);
  const broker = spawn('java', ['-Xmx384m', ...cp, 'kafka.Kafka', props], { stdio: ['ignore', 'ignore', 'inherit'] });
  const bootstrap = o.listener.replace(/^[A-Z_]+:\/\//, '');
  const stop = async (): Promise<void> => {
    broker.kill('SIGTERM');
    await new Promise((r) => (broker.exitCode !== null ? r(undefined) : broker.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    try {
      await describeKafka(bootstrap, 3_000);
      return { bootstrap, stop };
    } catch (e) {
      if (i > 60) {
        await stop();
        throw e;
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}
