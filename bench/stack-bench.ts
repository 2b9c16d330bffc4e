// Local stack benchmarks: `stack up` from empty data dirs with the jars already cached
// (stack.up_cold_ms), the resident memory of the three JVMs once healthy (stack.rss_mb), and the
// Neo4j sink's throughput from a topic through Connect into Neo4j (sink.neo4j.records_per_s).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from '../core/kafka/kafka-client.js';
import neo4j from 'neo4j-driver';
import { ConnectClient } from '../core/connect/connect-client.js';
import { makeContext, type Context } from '../cli/context.js';
import { NEO4J_SINK_CLASS } from '../cli/stack/component-connect.js';
import { ephemeralConfig } from '../cli/stack/ephemeral-config.js';
import { defaultJarCacheRoot, ensureJars } from '../cli/stack/jars.js';
import { readNeo4jPassword } from '../cli/stack/neo4j-password.js';
import { findMvn } from '../cli/stack/prereqs.js';
import { startStack, type UpResult } from '../cli/stack/up.js';
import { stopStack } from '../cli/stack/down.js';
import type { BenchResult } from './bench-result.js';

const SINK_RECORDS = 100_000;

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m?.[1] ? Number(m[1]) / 1024 : 0;
}

export async function sinkRecordsPerSecond(ctx: Context): Promise<number> {
  const c = ctx.config;
  const kafka = new Kafka({ clientId: 'ziem-bench', brokers: [c.kafka.bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  await admin.connect();
  await producer.connect();
  await admin.createTopics({ topics: [{ topic: 'bench-flows', numPartitions: 3 }], waitForLeaders: true });
  for (let from = 0; from < SINK_RECORDS; from += 5_000) {
    const messages = Array.from({ length: 5_000 }, (_, k) => {
      const i = from + k;
      return {
        key: String(i),
        value: JSON.stringify({
          src: `10.1.${i % 250}.1`,
          dst: `10.2.${Math.floor(i / 250) % 250}.${Math.floor(i / 62_500)}`,
          packets: i,
        }),
      };
    });
    await producer.send({ topic: 'bench-flows', messages });
  }
  const password = readNeo4jPassword(c);
  const boltUrl = `bolt://${c.bindHost}:${c.neo4j.boltPort}`;
  const driver = neo4j.driver(boltUrl, neo4j.auth.basic(c.neo4j.user, password?.reveal() ?? ''), {
    disableLosslessIntegers: true,
  });
  await driver.executeQuery('CREATE CONSTRAINT host_ip IF NOT EXISTS FOR (h:Host) REQUIRE h.ip IS UNIQUE');
  const t0 = performance.now();
  await new ConnectClient({ baseUrl: c.connect.url }).putConfig('bench-sink', {
    'connector.class': NEO4J_SINK_CLASS,
    topics: 'bench-flows',
    'neo4j.uri': boltUrl,
    'neo4j.authentication.basic.username': c.neo4j.user,
    'neo4j.authentication.basic.password': password?.reveal() ?? '',
    'neo4j.cypher.topic.bench-flows':
      'MERGE (s:Host {ip: __value.src}) MERGE (d:Host {ip: __value.dst}) MERGE (s)-[t:TALKS_TO]->(d) SET t.packets = __value.packets',
    'neo4j.batch-size': '1000',
  });
  // timed from the first record in Neo4j, so the connector's and the consumer group's start-up
  // (a few seconds of rebalancing) do not count as sink time
  let first: { at: number; n: number } | undefined;
  for (;;) {
    const r = await driver.executeQuery('MATCH ()-[t:TALKS_TO]->() RETURN count(t) AS n');
    const n = Number(r.records[0]?.get('n'));
    if (n > 0 && !first) first = { at: performance.now(), n };
    if (n >= SINK_RECORDS) break;
    if (performance.now() - t0 > 600_000)
      throw new Error('the sink did not write the benchmark records within 10 minutes');
    await new Promise((res) => setTimeout(res, 50));
  }
  const seconds = (performance.now() - (first?.at ?? t0)) / 1000;
  const written = SINK_RECORDS - (first?.n ?? 0);
  ctx.log.info(
    `sink: first records after ${Math.round((first?.at ?? t0) - t0)} ms, then ${written} in ${seconds.toFixed(1)} s`,
  );
  await Promise.all([driver.close(), producer.disconnect(), admin.disconnect()]);
  return written / seconds;
}

export async function run(): Promise<BenchResult[]> {
  const stateDir = mkdtempSync(join(tmpdir(), 'ziem-stack-bench-'));
  const config = await ephemeralConfig(stateDir, { 'kafka.heapMb': 512, 'connect.heapMb': 512, 'neo4j.heapMb': 512 });
  const ctx = makeContext({ config, stdout: process.stderr, stderr: process.stderr, env: process.env });
  // resolving the jars is a one-off; the cold start measured here starts with them cached
  await ensureJars({
    cacheRoot: config.stack.jarCacheDir ?? defaultJarCacheRoot(process.env),
    mvn: () => findMvn(process.env),
    log: ctx.log,
  });
  try {
    const t0 = performance.now();
    const up: UpResult = await startStack(ctx);
    const upMs = performance.now() - t0;
    const rss = up.components.reduce((sum, comp) => sum + rssMb(comp.pid), 0);
    const perSecond = await sinkRecordsPerSecond(ctx);
    return [
      { bench: 'stack.up_cold_ms', unit: 'ms', value: Math.round(upMs) },
      { bench: 'stack.rss_mb', unit: 'MB', value: Math.round(rss) },
      { bench: 'sink.neo4j.records_per_s', unit: 'records/s', value: Math.round(perSecond) },
    ];
  } finally {
    await stopStack(ctx, { purge: true });
    rmSync(stateDir, { recursive: true, force: true });
  }
}
