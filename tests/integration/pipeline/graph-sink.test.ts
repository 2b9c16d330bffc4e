// The pipeline's connectors on the real local stack (Kafka, Connect with the Neo4j sink, Neo4j):
// `ziem connectors apply` deploys connectors/*.json; FLOWS and ALERTS records computed by the
// embedded engine from fixture packets are copied byte for byte to the real topics; the graph
// holds the hosts, TALKS_TO packet counts equal to the FLOWS totals and the alerts; replaying the
// records changes nothing and a window's later update changes the counts by exactly its packets.
import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from '../../../core/kafka/kafka-client.js';
import type { Admin, Producer } from 'kafkajs';
import type { Driver } from 'neo4j-driver';
import { loadConfig } from '../../../cli/config/config.js';
import { makeContext } from '../../../cli/context.js';
import { runConnectorsApply } from '../../../cli/connectors/apply.js';
import type { TopicRecord } from '../../../engine/exec/topic-driver.js';
import { feed, loadPipeline, rows, type Pipeline, type Row } from '../../fixtures/pipeline/pipeline-engine.js';
import { connection, HOSTS, merge, normalTraffic, portScan, T0 } from '../../fixtures/pipeline/traffic.js';
import { startTestStack, type TestStack } from '../support/stack-fixture.js';
import { committed, scalar, testDriver, waitFor } from '../support/graph-checks.js';

const CONNECTORS_DIR = join(import.meta.dirname, '../../../connectors');

let stack: TestStack;
let admin: Admin;
let producer: Producer;
let driver: Driver;
let pipeline: Pipeline;
let output = '';

/** Copies engine output records to the real topic as they are: key bytes (windowed), value, time. */
async function copy(topic: string, records: readonly TopicRecord[]): Promise<void> {
  await producer.send({
    topic,
    messages: records.map((r) => ({ key: r.key, value: r.value, timestamp: String(r.timestamp) })),
  });
}

/** The FLOWS totals per source>destination: the last update of each window, summed. */
function flowTotals(p: Pipeline): Map<string, { packets: number; bytes: number; windows: number }> {
  const lastPerWindow = new Map<string, Row>();
  for (const r of rows(p, 'FLOWS'))
    lastPerWindow.set(`${String(r['SRC_IP'])}>${String(r['DST_IP'])}@${String(r['WINDOW_START'])}`, r);
  const totals = new Map<string, { packets: number; bytes: number; windows: number }>();
  for (const r of lastPerWindow.values()) {
    const k = `${String(r['SRC_IP'])}>${String(r['DST_IP'])}`;
    const t = totals.get(k) ?? { packets: 0, bytes: 0, windows: 0 };
    totals.set(k, {
      packets: t.packets + Number(r['PACKETS']),
      bytes: t.bytes + Number(r['BYTES']),
      windows: t.windows + 1,
    });
  }
  return totals;
}

async function graphTotals(): Promise<Map<string, { packets: number; bytes: number }>> {
  const r = await driver.executeQuery(
    'MATCH (s:Host)-[t:TALKS_TO]->(d:Host) RETURN s.ip AS s, d.ip AS d, t.packets AS p, t.bytes AS b',
  );
  return new Map(
    r.records.map((x) => [
      `${String(x.get('s'))}>${String(x.get('d'))}`,
      { packets: Number(x.get('p')), bytes: Number(x.get('b')) },
    ]),
  );
}

const sinkGroup = (name: string): string => `connect-${name}`;

async function waitConsumed(topic: string, connector: string, total: number): Promise<void> {
  await waitFor(
    `${connector} to commit ${total} records of ${topic}`,
    () => committed(admin, sinkGroup(connector), topic),
    (n) => n >= total,
  );
}

beforeAll(async () => {
  stack = await startTestStack({ components: ['kafka', 'connect', 'neo4j'] });
  const kafka = new Kafka({ clientId: 'ziem-pipeline-test', brokers: [stack.bootstrap], logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: 'FLOWS', numPartitions: 1 },
      { topic: 'ALERTS', numPartitions: 1 },
    ],
    waitForLeaders: true,
  });
  producer = kafka.producer();
  await producer.connect();
  driver = testDriver(stack.boltUrl, stack.neo4jUser, stack.neo4jPassword);
  const schema = readFileSync(join(CONNECTORS_DIR, 'graph-schema.cypher'), 'utf8').replace(/^\s*\/\/.*$/gm, '');
  for (const stmt of schema
    .split(';')
    .map((x) => x.trim())
    .filter(Boolean)) {
    await driver.executeQuery(stmt);
  }
  // one alert to follow into the graph: the scan's 10 s rule (V000006) only, not also its
  // 5-minute window (V000018)
  pipeline = loadPipeline({ defines: { slowscan_min_ports: '100000' } });
  feed(pipeline, merge(normalTraffic(T0, 30), portScan(T0 + 12_000)));
});

afterAll(async () => {
  await producer?.disconnect();
  await admin?.disconnect();
  await driver?.close();
  await stack?.stop();
});

describe('pipeline connectors on the real stack', () => {
  it('`ziem connectors apply` creates both sinks from connectors/*.json and they run', async () => {
    const env = {
      ZIEM_NEO4J_URI: stack.boltUrl,
      ZIEM_NEO4J_USER: stack.neo4jUser,
      ZIEM_NEO4J_PASSWORD: stack.neo4jPassword,
    };
    const config = loadConfig({
      env: {},
      cwd: CONNECTORS_DIR,
      flags: {
        stateDir: join(stack.config.stateDir, 'cli'),
        'connect.url': stack.connectUrl,
        'connectors.dir': CONNECTORS_DIR,
        'connectors.timeoutMs': 120_000,
      },
    });
    const ctx = makeContext({
      config,
      env,
      stdout: { write: (s: string) => (output += s) },
      stderr: { write: (s: string) => (output += s) },
    });
    const res = await runConnectorsApply(ctx, { dryRun: false });
    expect(res.applied.map((a) => [a.name, a.state]).sort()).toEqual([
      ['ziem-alerts-graph', 'RUNNING'],
      ['ziem-flows-graph', 'RUNNING'],
      ['ziem-incidents-graph', 'RUNNING'],
    ]);
    expect(output).not.toContain(stack.neo4jPassword);
  });

  it('FLOWS and ALERTS records become hosts, TALKS_TO with the FLOWS totals, and the alert', async () => {
    const flows = pipeline.driver.read('FLOWS');
    const alerts = pipeline.driver.read('ALERTS');
    expect(alerts.length).toBe(1);
    await copy('FLOWS', flows);
    await copy('ALERTS', alerts);
    await waitConsumed('FLOWS', 'ziem-flows-graph', flows.length);
    await waitConsumed('ALERTS', 'ziem-alerts-graph', alerts.length);
    const expected = flowTotals(pipeline);
    const graph = await waitFor('TALKS_TO totals', graphTotals, (g) => g.size === expected.size);
    for (const [pair, t] of expected) expect(graph.get(pair), pair).toEqual({ packets: t.packets, bytes: t.bytes });
    const windows = [...expected.values()].reduce((s, t) => s + t.windows, 0);
    expect(await scalar(driver, 'MATCH (w:FlowWindow) RETURN count(w)')).toBe(windows);
    const hosts = await driver.executeQuery(
      'MATCH (h:Host) RETURN h.ip AS ip, h.internal AS internal, h.firstSeen AS f, h.lastSeen AS l ORDER BY ip',
    );
    expect(hosts.records.map((r) => [r.get('ip'), r.get('internal')])).toEqual([
      ['10.77.0.2', true],
      ['10.77.0.3', true],
      ['10.77.0.4', true],
      ['10.77.0.5', true],
      ['192.0.2.10', false],
    ]);
    for (const r of hosts.records) expect(Number(r.get('f'))).toBeLessThanOrEqual(Number(r.get('l')));
    const scan = await driver.executeQuery(
      "MATCH (a:Alert {kind: 'PORT_SCAN'})-[r:RAISED_ON]->(h:Host) RETURN a.id AS id, a.score AS score, a.windowStart AS ws, r.role AS role, h.ip AS ip ORDER BY role",
    );
    expect(scan.records.map((r) => [r.get('role'), r.get('ip'), r.get('score'), r.get('ws')])).toEqual([
      ['source', HOSTS.attacker, 100, T0 + 10_000],
      ['target', HOSTS.web, 100, T0 + 10_000],
    ]);
    expect(scan.records[0]!.get('id')).toBe(`PORT_SCAN|${HOSTS.attacker}|${HOSTS.web}|${T0 + 10_000}`);
    // the scan's incident: attacker and victim hosts, and the alert as part of it
    const incidents = pipeline.driver.read('INCIDENTS').filter((r) => r.value !== null);
    expect(incidents.length).toBeGreaterThan(0);
    await copy('INCIDENTS', incidents);
    await waitConsumed('INCIDENTS', 'ziem-incidents-graph', incidents.length);
    const inc = await driver.executeQuery(
      'MATCH (a:Alert)-[:PART_OF]->(i:Incident)-[:ATTACKER]->(s:Host), (i)-[:VICTIM]->(d:Host) RETURN i.kind AS kind, s.ip AS src, d.ip AS dst, i.alerts AS alerts, a.kind AS alert',
    );
    expect(
      inc.records.map((r) => [r.get('kind'), r.get('src'), r.get('dst'), r.get('alerts'), r.get('alert')]),
    ).toEqual([['PORT_SCAN', HOSTS.attacker, HOSTS.web, 1, 'PORT_SCAN']]);
  });

  it('replaying every record leaves the graph as it was', async () => {
    const before = await graphTotals();
    const flows = pipeline.driver.read('FLOWS');
    const alerts = pipeline.driver.read('ALERTS');
    await copy('FLOWS', flows);
    await copy('ALERTS', alerts);
    await waitConsumed('FLOWS', 'ziem-flows-graph', 2 * flows.length);
    await waitConsumed('ALERTS', 'ziem-alerts-graph', 2 * alerts.length);
    expect(await graphTotals()).toEqual(before);
    expect(await scalar(driver, 'MATCH (a:Alert) RETURN count(a)')).toBe(1);
    expect(await scalar(driver, 'MATCH (:Alert)-[r:RAISED_ON]->() RETURN count(r)')).toBe(2);
  });

  it('a later update of a window adds exactly its new packets; a stale one is ignored', async () => {
    const consumed = 2 * pipeline.driver.read('FLOWS').length;
    const pair = `${HOSTS.client}>${HOSTS.web}`;
    const before = (await graphTotals()).get(pair)!;
    const seen = pipeline.driver.read('FLOWS').length;
    // one more connection inside the client's window of T0 + 20 s, already in the graph
    feed(pipeline, connection(T0 + 25_500, HOSTS.client, HOSTS.web, 45_000, 80, 1));
    const updates = pipeline.driver.read('FLOWS').slice(seen);
    const added = updates.filter((r) => JSON.parse(r.value!.toString())['SRC_IP'] === HOSTS.client).length;
    expect(added).toBe(6);
    // an early update of that window, replayed after the later ones, must not lower the count
    const stale = pipeline.driver.read('FLOWS').find((r) => {
      const v = JSON.parse(r.value!.toString()) as Row;
      return v['SRC_IP'] === HOSTS.client && v['DST_IP'] === HOSTS.web && v['WINDOW_START'] === T0 + 20_000;
    })!;
    await copy('FLOWS', [...updates, stale]);
    await waitConsumed('FLOWS', 'ziem-flows-graph', consumed + updates.length + 1);
    const after = await waitFor(
      'updated TALKS_TO',
      async () => (await graphTotals()).get(pair)!,
      (t) => t.packets !== before.packets,
    );
    expect(after.packets).toBe(before.packets + 6);
    const totals = flowTotals(pipeline).get(pair)!;
    expect(after).toEqual({ packets: totals.packets, bytes: totals.bytes });
  });

  it("keeps the Neo4j password out of Connect's REST answers and its topics on disk", async () => {
    const pw = stack.neo4jPassword;
    const answers: string[] = [];
    for (const path of [
      '/connectors?expand=info&expand=status',
      '/connectors/ziem-flows-graph',
      '/connectors/ziem-flows-graph/config',
      '/connectors/ziem-flows-graph/tasks',
    ])
      answers.push(await (await fetch(stack.connectUrl + path)).text());
    expect(answers.join('\n')).toContain('${env:ZIEM_NEO4J_PASSWORD}');
    for (const a of answers) expect(a).not.toContain(pw);
    // every file under the stack's state directory: Kafka's logs (the config topic), Connect's, Neo4j's
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.isFile() && !p.includes(`${sep}secrets${sep}`)) files.push(p);
      }
    };
    walk(stack.config.stateDir);
    const configTopic = files.filter((f) => f.includes('ziem-connect-configs'));
    expect(configTopic.length).toBeGreaterThan(0);
    expect(configTopic.some((f) => readFileSync(f).includes('ZIEM_NEO4J_PASSWORD'))).toBe(true);
    expect(files.filter((f) => readFileSync(f).includes(pw))).toEqual([]);
  });
});
