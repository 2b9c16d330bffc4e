// Graph size with and without `ziem graph compact` (cli/graph/retention), through the whole pipeline
// (bench/pipeline/pipeline-stack.ts): one hour of normal sandbox traffic in event time (synthesised
// and written as fast as the pipeline takes it, not waited for: packets stamped over the past hour),
// then a replayed flood from 40,000 spoofed sources (hping3 --flood --rand-source: one SYN each, the
// victim answering each). After each: nodes and relationships before the job, after the job with the
// default retention (24 h: nothing is that old), and after it with --older-than 10m (the last ten
// minutes' windows stay). Figures: graph.* in nodes / relationships, the job's windows folded per second.
import neo4j, { type Driver } from 'neo4j-driver';
import type { Producer } from 'kafkajs';
import type { BenchResult } from './bench-result.js';
import { startPipeline, type PipelineStack } from './pipeline/pipeline-stack.js';
import { drain } from './pipeline/hold.js';
import { tcp, type EkLine } from './pipeline/packets.js';
import { readNeo4jPassword } from '../cli/stack/neo4j-password.js';
import { compactGraph, graphSize, type GraphSize } from '../cli/graph/retention/compact.js';

const HOUR = 3_600_000;
const FLOOD_SOURCES = 40_000;
const CLIENT = '10.77.0.2';
const WEB = '10.77.0.3';
const DB = '10.77.0.4';
const EXTERNAL = '192.0.2.10';

/** A TCP connection of 9 + 2n packets, as the sandbox's normal scenario makes them. */
function connection(ts: number, client: string, server: string, sport: number, dport: number, n: number): EkLine[] {
  const out = [
    tcp(ts, client, server, sport, dport, 'S', 0),
    tcp(ts + 1, server, client, dport, sport, 'SA', 0),
    tcp(ts + 2, client, server, sport, dport, 'A', 0),
  ];
  let t = ts + 3;
  for (let i = 0; i < n; i++)
    out.push(tcp(t++, client, server, sport, dport, 'PA', 120), tcp(t++, server, client, dport, sport, 'PA', 900));
  out.push(
    tcp(t++, client, server, sport, dport, 'FA', 0),
    tcp(t++, server, client, dport, sport, 'FA', 0),
    tcp(t++, client, server, sport, dport, 'A', 0),
  );
  return out;
}

/** One action a second, in turn: web, ssh to db, ssh from db, external to web (the sandbox's mix). */
function normalSecond(t: number, i: number): EkLine[] {
  const sport = 40_000 + (i % 20_000);
  switch (i % 4) {
    case 0:
      return connection(t, CLIENT, WEB, sport, 80, 2);
    case 1:
      return connection(t, CLIENT, DB, sport, 22, 6);
    case 2:
      return connection(t, DB, WEB, sport, 5432, 1);
    default:
      return connection(t, EXTERNAL, WEB, sport, 443, 3);
  }
}

/** hping3 -S --rand-source: one SYN from each spoofed source, the victim's SYN-ACK back. */
function floodPackets(t0: number, sources: number): EkLine[] {
  const out: EkLine[] = [];
  for (let i = 0; i < sources; i++) {
    const src = `198.${18 + ((i >> 16) & 1)}.${(i >> 8) & 255}.${i & 255}`;
    const t = t0 + Math.floor((i * 20_000) / sources); // over 20 s
    out.push(tcp(t, src, WEB, 1_024 + (i % 60_000), 80, 'S', 0), tcp(t, WEB, src, 80, 1_024 + (i % 60_000), 'SA', 0));
  }
  return out;
}

async function write(producer: Producer, topic: string, lines: EkLine[]): Promise<void> {
  for (let i = 0; i < lines.length; i += 1_000)
    await producer.send({
      topic,
      acks: 1,
      messages: lines.slice(i, i + 1_000).map((l) => ({ key: null, value: JSON.stringify(l), timestamp: l.timestamp })),
    });
}

function openGraph(p: PipelineStack): Driver {
  const c = p.ctx.config;
  return neo4j.driver(c.neo4j.url, neo4j.auth.basic(c.neo4j.user, readNeo4jPassword(c)?.reveal() ?? ''), {
    disableLosslessIntegers: true,
  });
}

/** Drained, then the graph size once it stops changing (the sink writes after the engine's commits). */
async function settledSize(p: PipelineStack, d: Driver): Promise<GraphSize> {
  await drain(p, 600_000);
  let last = await graphSize(d);
  for (;;) {
    await new Promise((r) => setTimeout(r, 5_000));
    const now = await graphSize(d);
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
}

function lines(stage: string, s: GraphSize, extra: Record<string, number | string> = {}): BenchResult[] {
  return [
    {
      bench: `graph.${stage}.nodes`,
      unit: 'nodes',
      value: s.nodes,
      flow_windows: s.flowWindows,
      hosts: s.hosts,
      ...extra,
    },
    {
      bench: `graph.${stage}.relationships`,
      unit: 'relationships',
      value: s.relationships,
      talks_to: s.talksTo,
      ...extra,
    },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const p = await startPipeline('graph');
  const d = openGraph(p);
  const producer = p.kafka.producer();
  await producer.connect();
  const out: BenchResult[] = [];
  const compact = async (stage: string, olderThanMs?: number): Promise<void> => {
    const r = await compactGraph(d, p.ctx, { olderThanMs, dryRun: false });
    out.push(
      ...lines(stage, r.after, {
        windows_folded: r.windowsFolded,
        batches: r.batches,
        job_ms: r.durationMs,
        retention_ms: r.retentionMs,
      }),
    );
    if (r.windowsFolded > 0)
      out.push({
        bench: `graph.${stage}.fold_rate`,
        unit: 'windows/s',
        value: Math.round((r.windowsFolded * 1000) / Math.max(1, r.durationMs)),
        batch_size: r.batchSize,
      });
  };
  try {
    const topic = p.ctx.config.capture.topic;
    const t0 = Math.floor((Date.now() - HOUR) / 10_000) * 10_000;
    const hour: EkLine[] = [];
    for (let i = 0; i < 3_600; i++) hour.push(...normalSecond(t0 + i * 1_000, i));
    process.stderr.write(`graph bench: writing an hour of normal traffic (${hour.length} packets)\n`);
    await write(producer, topic, hour);
    out.push(...lines('hour', await settledSize(p, d), { packets: hour.length }));
    await compact('hour_compacted_24h');
    await compact('hour_compacted_10m', 600_000);

    const flood = floodPackets(Date.now(), FLOOD_SOURCES);
    process.stderr.write(`graph bench: writing a flood from ${FLOOD_SOURCES} sources (${flood.length} packets)\n`);
    await write(producer, topic, flood);
    out.push(...lines('flood', await settledSize(p, d), { packets: flood.length, sources: FLOOD_SOURCES }));
    await compact('flood_compacted_24h');
    // the flood's windows are seconds old: a retention of 1 s folds them all (as 24 h later would)
    await new Promise((r) => setTimeout(r, 11_000));
    await compact('flood_compacted_1s', 1_000);
    return out;
  } finally {
    await producer.disconnect();
    await d.close();
    await p.stop();
  }
}
