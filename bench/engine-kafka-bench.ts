// The embedded engine on real Kafka, end to end (an ephemeral broker on free ports): records/s of
// a plain kafkajs consume → produce loop (the baseline), of a projection+filter query and of a
// 10 s tumbling COUNT and COUNT_DISTINCT, each over the same pre-written input, and of the same two
// queries as Kafka Streams applications (the peer, bench/peers/kafka-streams), three rounds in
// alternating order after an uncounted warm-up round (medians; each ratio is the median of the
// rounds' own ratios, since load hits a round's runs alike); and the p99 latency of a projection at
// 10,000 records/s (unpinned). Times run from the query's start to its last input offset committed
// (for the peer's count, the offset of its repartition topic too). The engine and the peer run on
// one CPU each (bench/cpu-pinning.ts).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from '../core/kafka/kafka-client.js';
import type { Admin, Message } from 'kafkajs';
import { makeContext } from '../cli/context.js';
import { ephemeralConfig } from '../cli/stack/ephemeral-config.js';
import { startStack } from '../cli/stack/up.js';
import { stopStack } from '../cli/stack/down.js';
import { Engine } from '../engine/runtime/engine.js';
import { KafkaDriver } from '../engine/runtime/kafka-driver.js';
import type { BenchResult } from './bench-result.js';
import { median } from './median.js';
import { planPinning } from './cpu-pinning.js';
import { buildPeerJar, KafkaStreamsPeer } from './peers/kafka-streams-peer.js';

const N = 100_000;
const ROUNDS = 3;
const RATE = 10_000;
const LATENCY_SECONDS = 5;

const packet = (i: number, ts: number): { key: null; value: string; timestamp: string } => ({
  key: null,
  timestamp: String(ts),
  value: JSON.stringify({
    SRC: `10.77.0.${i % 50}`,
    DST: `10.77.1.${i % 7}`,
    DPORT: 20 + (i % 1000),
    LEN: 60 + (i % 1400),
  }),
});

async function writeInput(kafka: Kafka, topic: string, n: number): Promise<void> {
  const p = kafka.producer();
  await p.connect();
  const base = Date.now() - 3_600_000;
  for (let i = 0; i < n; i += 5_000)
    await p.send({
      topic,
      messages: Array.from({ length: Math.min(5_000, n - i) }, (_, k) => packet(i + k, base + (i + k) * 10)),
    });
  await p.disconnect();
}

async function committed(admin: Admin, groupId: string, topic: string): Promise<number> {
  const r = await admin.fetchOffsets({ groupId, topics: [topic] }).catch(() => []);
  return r.flatMap((t) => t.partitions).reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
}

async function untilCommitted(admin: Admin, groupId: string, topic: string, n: number): Promise<void> {
  const deadline = Date.now() + 300_000;
  while ((await committed(admin, groupId, topic)) < n) {
    if (Date.now() > deadline) throw new Error(`${groupId} did not commit ${n} offsets of ${topic} in 300 s`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The first group lookup creates __consumer_offsets (50 partitions): done before any timing, so
 *  that whichever run comes first is not charged for it. */
async function offsetsTopicReady(admin: Admin): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await admin.fetchOffsets({ groupId: 'bench-warmup', topics: ['in'] });
      return;
    } catch (err) {
      if (i >= 60) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** The baseline: consume a batch, produce it unchanged, await acks, commit (what the driver does).
 *  Its time starts where a query's does: the producer is connected (the driver's is), creating the
 *  output topic and joining the group count. */
async function passthrough(kafka: Kafka, admin: Admin, round: number): Promise<number> {
  const group = `bench-passthrough-${round}`;
  const out = `pt-out-${round}`;
  const producer = kafka.producer();
  await producer.connect();
  const t0 = performance.now();
  await admin.createTopics({ topics: [{ topic: out, numPartitions: 1 }], waitForLeaders: true });
  const consumer = kafka.consumer({ groupId: group, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic: 'in', fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      // requests of at most 512 KiB, as the engine's driver sends them
      let chunk: Message[] = [];
      let bytes = 0;
      for (const m of batch.messages) {
        const size = (m.key?.length ?? 0) + (m.value?.length ?? 0) + 80;
        if (chunk.length > 0 && bytes + size > 512 * 1024) {
          await producer.sendBatch({ acks: -1, topicMessages: [{ topic: out, messages: chunk }] });
          chunk = [];
          bytes = 0;
        }
        chunk.push({ key: m.key, value: m.value, timestamp: m.timestamp });
        bytes += size;
      }
      if (chunk.length > 0) await producer.sendBatch({ acks: -1, topicMessages: [{ topic: out, messages: chunk }] });
      await consumer.commitOffsets([
        { topic: 'in', partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) },
      ]);
    },
  });
  await untilCommitted(admin, group, 'in', N);
  const secs = (performance.now() - t0) / 1000;
  await Promise.all([consumer.disconnect(), producer.disconnect()]);
  return N / secs;
}

async function engineRun(
  driver: KafkaDriver,
  admin: Admin,
  sql: string,
  queryId: string,
  round: number,
): Promise<number> {
  // a service id and sink topics per round: new consumer groups and outputs, the same input
  const engine = new Engine({
    driver,
    props: {
      'auto.offset.reset': 'earliest',
      'ksql.service.id': `bench${round}_`,
      'ksql.output.topic.name.prefix': `r${round}_`,
    },
  });
  const t0 = performance.now();
  engine.execute(sql);
  await untilCommitted(admin, `_confluent-ksql-bench${round}_query_${queryId}`, 'in', N);
  const secs = (performance.now() - t0) / 1000;
  engine.close();
  return N / secs;
}

const SOURCE =
  "CREATE STREAM IN_S (SRC STRING, DST STRING, DPORT INT, LEN INT) WITH (KAFKA_TOPIC='in', VALUE_FORMAT='JSON');";
const PROJECT = `${SOURCE} CREATE STREAM PF AS SELECT SRC, DST, DPORT, LEN * 8 AS BITS FROM IN_S WHERE DPORT < 800 EMIT CHANGES;`;
const TUMBLING =
  "CREATE TABLE TC WITH (KEY_FORMAT='JSON') AS SELECT SRC, DST, COUNT(*) AS N, COUNT_DISTINCT(DPORT) AS PORTS FROM IN_S WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY SRC, DST EMIT CHANGES;";

async function endOffset(admin: Admin, topic: string): Promise<number> {
  return (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
}

/** The same query as a Kafka Streams application, timed like engineRun: from start() to its last
 *  input offset committed (and, for the count, its repartition topic's last offset). */
async function peerRun(
  peer: KafkaStreamsPeer,
  admin: Admin,
  topology: 'project_filter' | 'tumbling_count',
  round: number,
  stateDir: string,
): Promise<{ perSecond: number; threads: number }> {
  const app = `ks-${topology.replace('_', '-')}-${round}`;
  const t0 = performance.now();
  await peer.run(topology, app, 'in', `${app}-out`, stateDir);
  await untilCommitted(admin, app, 'in', N);
  if (topology === 'tumbling_count') {
    const repartition = `${app}-tc-groupby-repartition`;
    await untilCommitted(admin, app, repartition, await endOffset(admin, repartition));
  }
  const secs = (performance.now() - t0) / 1000;
  const threads = await peer.close();
  return { perSecond: N / secs, threads };
}

/** Projection latency: input stamped with its send time, output read back as it arrives. */
async function latencyP99(kafka: Kafka, driver: KafkaDriver): Promise<number> {
  const engine = new Engine({ driver, props: { 'auto.offset.reset': 'latest', 'ksql.service.id': 'bench_' } });
  engine.execute(
    "CREATE STREAM LAT_IN (SRC STRING, DST STRING, DPORT INT, LEN INT) WITH (KAFKA_TOPIC='lat-in', PARTITIONS=1, VALUE_FORMAT='JSON'); CREATE STREAM LAT_OUT AS SELECT SRC, DPORT FROM LAT_IN EMIT CHANGES;",
  );
  await driver.settle();
  await driver.ready();
  const consumer = kafka.consumer({ groupId: 'bench-latency', maxWaitTimeInMs: 10 });
  await consumer.connect();
  await consumer.subscribe({ topic: 'LAT_OUT', fromBeginning: true });
  const lat: number[] = [];
  await consumer.run({
    eachBatch: async ({ batch }) => void batch.messages.forEach((m) => lat.push(Date.now() - Number(m.timestamp))),
  });
  const producer = kafka.producer();
  await producer.connect();
  const total = RATE * LATENCY_SECONDS;
  const t0 = Date.now();
  for (let sent = 0; sent < total; sent += RATE / 100) {
    // 100 sends a second of RATE/100 records each, paced against the wall clock
    const now = Date.now();
    await producer.send({
      topic: 'lat-in',
      messages: Array.from({ length: RATE / 100 }, (_, k) => packet(sent + k, now)),
    });
    const wait = t0 + ((sent + RATE / 100) / RATE) * 1000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  const deadline = Date.now() + 60_000;
  while (lat.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await Promise.all([consumer.disconnect(), producer.disconnect()]);
  engine.close();
  if (lat.length < total) throw new Error(`latency run: ${lat.length} of ${total} outputs arrived`);
  lat.sort((a, b) => a - b);
  return lat[Math.floor(lat.length * 0.99)]!;
}

export async function run(): Promise<BenchResult[]> {
  const stateDir = mkdtempSync(join(tmpdir(), 'ziem-engine-kafka-bench-'));
  const config = await ephemeralConfig(stateDir, { 'kafka.heapMb': 512 });
  const ctx = makeContext({ config, stdout: process.stderr, stderr: process.stderr, env: process.env });
  const kafkaVersion = buildPeerJar((s) => process.stderr.write(s));
  const pinning = planPinning(process.env);
  let peer: KafkaStreamsPeer | undefined;
  try {
    const up = await startStack(ctx, { components: ['kafka'] });
    for (const c of up.components) pinning.pin(c.pid, pinning.otherCpus);
    if (pinning.measuredCpu !== undefined) pinning.pin(process.pid, String(pinning.measuredCpu));
    process.stderr.write(`pinning: ${pinning.description}\n`);
    const kafka = new Kafka({
      clientId: 'ziem-engine-bench',
      brokers: [config.kafka.bootstrap],
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'in', numPartitions: 1 }], waitForLeaders: true });
    await writeInput(kafka, 'in', N);
    await offsetsTopicReady(admin);
    peer = await KafkaStreamsPeer.start(config.kafka.bootstrap, pinning.measuredCpu);
    const peerState = join(stateDir, 'kafka-streams');
    mkdirSync(peerState, { recursive: true });
    const driver = await KafkaDriver.connect({ bootstrap: config.kafka.bootstrap });
    try {
      const runs = {
        base: [] as number[],
        pf: [] as number[],
        tc: [] as number[],
        kspf: [] as number[],
        kstc: [] as number[],
        threads: 0,
      };
      const ks = peer;
      const onPeer = async (topology: 'project_filter' | 'tumbling_count', into: number[], round: number) => {
        const r = await peerRun(ks, admin, topology, round, peerState);
        into.push(r.perSecond);
        runs.threads = Math.max(runs.threads, r.threads);
      };
      // round 0 warms both up (the JVM's JIT needs a run; the engine's Node process is already warm
      // from its own start-up far less) and is not counted; rounds 1..ROUNDS are
      for (let round = 0; round <= ROUNDS; round++) {
        const keep =
          (into: number[]) =>
          (x: number): void =>
            void (round > 0 && into.push(x));
        const steps = [
          async () => keep(runs.base)(await passthrough(kafka, admin, round)),
          async () => keep(runs.pf)(await engineRun(driver, admin, PROJECT, 'CSAS_PF_0', round)),
          async () => onPeer('project_filter', round > 0 ? runs.kspf : [], round),
          async () => keep(runs.tc)(await engineRun(driver, admin, `${SOURCE} ${TUMBLING}`, 'CTAS_TC_0', round)),
          async () => onPeer('tumbling_count', round > 0 ? runs.kstc : [], round),
        ];
        for (const step of round % 2 === 1 ? steps : steps.reverse()) await step();
        if (round === 0) {
          process.stderr.write('warm-up round done\n');
          continue;
        }
        const r = (xs: number[]): number => Math.round(xs[round - 1]!);
        process.stderr.write(
          `round ${round}: passthrough ${r(runs.base)}/s, project_filter ${r(runs.pf)}/s (kafka streams ${r(runs.kspf)}/s), tumbling_count ${r(runs.tc)}/s (kafka streams ${r(runs.kstc)}/s)\n`,
        );
      }
      // the latency run is no comparison: it gets the whole machine back, as before pinning
      pinning.restore();
      for (const c of up.components) pinning.pin(c.pid, pinning.allCpus);
      const p99 = await latencyP99(kafka, driver);
      const base = median(runs.base);
      const ratioOf = (xs: number[], ys: number[]): number => Number(median(xs.map((x, i) => x / ys[i]!)).toFixed(4));
      const f = peer.facts;
      const jvm = {
        kafka_streams_version: kafkaVersion,
        jvm_heap_init_mb: f.heap_init_mb,
        jvm_heap_max_mb: f.heap_max_mb,
        jvm_gc: f.gc,
        jvm_processors: f.processors,
        jvm_args: f.jvm_args,
        stream_threads: f.stream_threads,
        jvm_threads: runs.threads,
        commit_interval_ms: f.commit_interval_ms,
        pinning: pinning.description,
      };
      const line = (bench: string, xs: number[], ks: number[]): BenchResult => ({
        bench,
        unit: 'records/s',
        value: Math.round(median(xs)),
        baseline: Math.round(base),
        ratio: ratioOf(xs, runs.base),
        kafka_streams: Math.round(median(ks)),
        vs_kafka_streams: ratioOf(xs, ks),
        pinning: pinning.description,
      });
      const peerLine = (bench: string, xs: number[]): BenchResult => ({
        bench,
        unit: 'records/s',
        value: Math.round(median(xs)),
        baseline: Math.round(base),
        ratio: ratioOf(xs, runs.base),
        ...jvm,
      });
      return [
        { bench: 'engine.kafka.passthrough', unit: 'records/s', value: Math.round(base) },
        line('engine.kafka.project_filter', runs.pf, runs.kspf),
        line('engine.kafka.tumbling_count', runs.tc, runs.kstc),
        peerLine('kafka_streams.project_filter', runs.kspf),
        peerLine('kafka_streams.tumbling_count', runs.kstc),
        { bench: 'engine.kafka.latency_p99_ms', unit: 'ms', value: p99 },
      ];
    } finally {
      await driver.close();
      await admin.disconnect();
    }
  } finally {
    await peer?.stop();
    pinning.restore();
    await stopStack(ctx, { purge: true });
    rmSync(stateDir, { recursive: true, force: true });
  }
}
