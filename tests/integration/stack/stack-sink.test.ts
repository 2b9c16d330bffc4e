// The whole local stack, started once: status and a no-op second `up`; a connector created through
// Connect's REST API writes 10,000 records into Neo4j as the expected nodes and relationships, a
// replay changes nothing, poison records land in the DLQ while the connector keeps running; then
// `down` leaves no process and no port open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from '../../../core/kafka/kafka-client.js';
import type { Admin, Producer } from 'kafkajs';
import type { Driver } from 'neo4j-driver';
import { ConnectClient } from '../../../core/connect/connect-client.js';
import { NEO4J_SINK_CLASS } from '../../../cli/stack/component-connect.js';
import { startStack } from '../../../cli/stack/up.js';
import { stopStack } from '../../../cli/stack/down.js';
import { stackStatus } from '../../../cli/stack/status.js';
import { run as runRoundTrip } from '../../../cli/stack/round-trip.js';
import { isAlive } from '../../../cli/stack/processes.js';
import { isPortFree } from '../../../cli/stack/ports.js';
import { startTestStack, type TestStack } from '../support/stack-fixture.js';
import { committed, scalar, testDriver, waitFor } from '../support/graph-checks.js';

const TOPIC = 'flows';
const DLQ = 'flows-dlq';
const CONNECTOR = 'flows-to-neo4j';
const N = 10_000;

let stack: TestStack;
let admin: Admin;
let producer: Producer;
let driver: Driver;
let connect: ConnectClient;

/** Record i: host 10.1.(i%100) talks to 10.2.(i/100): 200 hosts, 10,000 distinct pairs. */
const flow = (i: number): { src: string; dst: string; packets: number; bytes: number } => ({
  src: `10.1.0.${i % 100}`,
  dst: `10.2.0.${Math.floor(i / 100)}`,
  packets: i,
  bytes: i * 60,
});

async function produceFlows(): Promise<void> {
  for (let from = 0; from < N; from += 2_000) {
    const messages = Array.from({ length: 2_000 }, (_, k) => ({
      key: String(from + k),
      value: JSON.stringify(flow(from + k)),
    }));
    await producer.send({ topic: TOPIC, messages });
  }
}

beforeAll(async () => {
  stack = await startTestStack();
  const kafka = new Kafka({ clientId: 'ziem-sink-test', brokers: [stack.bootstrap], logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: TOPIC, numPartitions: 3 },
      { topic: DLQ, numPartitions: 1 },
    ],
    waitForLeaders: true,
  });
  producer = kafka.producer();
  await producer.connect();
  driver = testDriver(stack.boltUrl, stack.neo4jUser, stack.neo4jPassword);
  connect = new ConnectClient({ baseUrl: stack.connectUrl });
});

afterAll(async () => {
  await producer?.disconnect();
  await admin?.disconnect();
  await driver?.close();
  await stack?.stop();
});

describe('local stack', () => {
  it('reports every component healthy with pid, ports and version', async () => {
    const list = await stackStatus(stack.ctx);
    expect(list.map((c) => c.name).sort()).toEqual(['connect', 'kafka', 'ksql', 'neo4j']);
    for (const c of list) {
      expect(c, c.name).toMatchObject({ running: true, healthy: true });
      expect(c.pid).toBeGreaterThan(0);
      expect(c.version).toBeTruthy();
    }
    expect(list.find((c) => c.name === 'kafka')?.ports).toEqual({
      port: stack.config.kafka.port,
      controllerPort: stack.config.kafka.controllerPort,
    });
  });

  it('a second up starts nothing', async () => {
    const before = (await stackStatus(stack.ctx)).map((c) => [c.name, c.pid]);
    const again = await startStack(stack.ctx);
    expect(again.components.every((c) => !c.started)).toBe(true);
    expect(again.components.map((c) => [c.name, c.pid]).sort()).toEqual(before.sort());
  });

  it('serves the Neo4j Browser over HTTP', async () => {
    const res = await fetch(`http://${stack.config.bindHost}:${stack.config.neo4j.httpPort}/browser/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/Neo4j Browser/i);
  });

  it('has the Neo4j sink plugin on the Connect worker', async () => {
    const plugins = await connect.plugins();
    expect(plugins.map((p) => p.class)).toContain(NEO4J_SINK_CLASS);
  });

  it('writes 10,000 records as hosts and TALKS_TO relationships, and a replay changes nothing', async () => {
    await driver.executeQuery('CREATE CONSTRAINT host_ip IF NOT EXISTS FOR (h:Host) REQUIRE h.ip IS UNIQUE');
    await connect.putConfig(CONNECTOR, {
      'connector.class': NEO4J_SINK_CLASS,
      topics: TOPIC,
      'tasks.max': '1',
      'neo4j.uri': stack.boltUrl,
      'neo4j.authentication.type': 'BASIC',
      'neo4j.authentication.basic.username': stack.neo4jUser,
      'neo4j.authentication.basic.password': stack.neo4jPassword,
      'neo4j.batch-size': '1000',
      'neo4j.batch-timeout': '30s',
      [`neo4j.cypher.topic.${TOPIC}`]:
        'MERGE (s:Host {ip: __value.src}) MERGE (d:Host {ip: __value.dst}) MERGE (s)-[t:TALKS_TO]->(d) SET t.packets = __value.packets, t.bytes = __value.bytes, t.key = __key',
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': DLQ,
      'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.deadletterqueue.context.headers.enable': 'true',
    });
    await produceFlows();
    const rels = 'MATCH (:Host)-[t:TALKS_TO]->(:Host) RETURN count(t)';
    await waitFor(
      '10,000 relationships',
      () => scalar(driver, rels),
      (n) => n >= N,
      180_000,
    );
    const snapshot = async (): Promise<number[]> => [
      await scalar(driver, 'MATCH (h:Host) RETURN count(h)'),
      await scalar(driver, rels),
      await scalar(driver, 'MATCH ()-[t:TALKS_TO]->() RETURN sum(t.packets)'),
      await scalar(driver, "MATCH (:Host {ip: '10.1.0.7'})-[t:TALKS_TO]->(:Host {ip: '10.2.0.42'}) RETURN t.bytes"),
    ];
    // the sink commits batch by batch while the counts are read: wait for the converged graph
    const want = [200, N, (N * (N - 1)) / 2, 4207 * 60];
    const first = await waitFor('the whole graph', snapshot, (v) => JSON.stringify(v) === JSON.stringify(want), 60_000);
    expect(first).toEqual(want);

    await produceFlows();
    await waitFor(
      'the replay to be consumed',
      () => committed(admin, `connect-${CONNECTOR}`, TOPIC),
      (n) => n >= 2 * N,
      180_000,
    );
    expect(await snapshot()).toEqual(first);
  });

  it('sends poison records to the DLQ and keeps running', async () => {
    await producer.send({
      topic: TOPIC,
      messages: [
        // keys are JSON too: the worker's key converter is the schemaless JsonConverter
        { key: '"null-ip"', value: JSON.stringify({ src: null, dst: '10.9.9.9', packets: 1, bytes: 1 }) },
        { key: '"not-json"', value: 'this is not json {' },
        { key: '"after"', value: JSON.stringify({ src: '10.8.0.1', dst: '10.8.0.2', packets: 5, bytes: 300 }) },
      ],
    });
    await waitFor(
      'the record after the poison ones',
      () => scalar(driver, "MATCH (:Host {ip: '10.8.0.1'})-[t:TALKS_TO]->() RETURN count(t)"),
      (n) => n === 1,
      60_000,
    );

    const kafka = new Kafka({ clientId: 'dlq-reader', brokers: [stack.bootstrap], logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: 'dlq-reader' });
    await consumer.connect();
    await consumer.subscribe({ topic: DLQ, fromBeginning: true });
    const dead: Array<{ key: string; error: string }> = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          const error = message.headers?.['__connect.errors.exception.message']?.toString() ?? '';
          dead.push({ key: message.key?.toString() ?? '', error });
          if (dead.length === 2) resolve();
        },
      });
    });
    await consumer.disconnect();
    expect(dead.map((d) => d.key).sort()).toEqual(['"not-json"', '"null-ip"']);
    expect(dead.find((d) => d.key === '"null-ip"')?.error).toMatch(/null property value/);
    expect(dead.find((d) => d.key === '"not-json"')?.error).toMatch(/JSON|deserializ|convert/i);
    expect(await scalar(driver, "MATCH (h:Host {ip: '10.9.9.9'}) RETURN count(h)")).toBe(0);

    const status = await connect.status(CONNECTOR);
    expect(status.connector.state).toBe('RUNNING');
    expect(status.tasks.map((t) => t.state)).toEqual(['RUNNING']);
  });

  it('round-trips a record through Kafka, the sink connector and Neo4j (ziem stack check)', async () => {
    const result = await runRoundTrip(stack.ctx);
    expect(result.ok).toBe(true);
    expect(result.ksqlVersion).toBe('0.29.0');
    expect(result.millis).toBeGreaterThan(0);
    expect(await scalar(driver, 'MATCH (n:ZiemRoundTrip) RETURN count(n) AS n')).toBe(0);
    expect(await connect.connectors()).not.toContain('ziem-roundtrip-sink');
  });

  it('down stops every process and frees every port, and is idempotent', async () => {
    const pids = (await stackStatus(stack.ctx)).map((c) => c.pid as number);
    const res = await stopStack(stack.ctx);
    expect(res.stopped.map((s) => s.name)).toEqual(['ksql', 'connect', 'neo4j', 'kafka']);
    for (const pid of pids) expect(isAlive(pid), `pid ${pid}`).toBe(false);
    const c = stack.config;
    for (const port of [
      c.kafka.port,
      c.kafka.controllerPort,
      c.connect.port,
      c.neo4j.boltPort,
      c.neo4j.httpPort,
      Number(new URL(c.ksql.url).port),
    ]) {
      expect(await isPortFree(c.bindHost, port), `port ${port}`).toBe(true);
    }
    expect((await stopStack(stack.ctx)).stopped).toEqual([]);
    expect((await stackStatus(stack.ctx)).every((s) => !s.running)).toBe(true);
  });
});
