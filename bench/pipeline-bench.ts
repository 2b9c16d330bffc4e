// The pipeline end to end (`npm run bench -- pipeline`, flags in bench/pipeline/bench-flags.ts):
// tshark-shaped packets written to network-traffic at rising rates through the whole ksql/ pipeline
// (the embedded engine's server on Kafka, as the stack runs it), the Connect sinks and Neo4j.
// pipeline.sustained_pps: the highest probed rate then held for --hold seconds (default 300) with lag
//   bounded (bench/pipeline/hold.ts says how), with the alert latency at that rate
//   (pipeline.alert_p99_ms), the engine's RSS and state and the Neo4j write rate beside it;
// pipeline.cost_by_hosts: a fresh pipeline per host count (100, 10,000, 100,000 clients), the same
//   --cost-packets of DNS lookups (one minute of event time) written at once: records/s until the engine is done,
//   its RSS and state entries, the sinks' time, and whether each finished within --cost-limit.
import neo4j from 'neo4j-driver';
import type { Producer } from 'kafkajs';
import type { BenchResult } from './bench-result.js';
import { pipelineFlags, type PipelineFlags } from './pipeline/bench-flags.js';
import { startPipeline, type PipelineStack } from './pipeline/pipeline-stack.js';
import { AlertWatch, backlogRun, drain, holdRate, LAG_S, type HoldResult } from './pipeline/hold.js';
import { engineState, rssMb } from './pipeline/observe.js';
import { engineOnly } from './pipeline/engine-only.js';
import { readNeo4jPassword } from '../cli/stack/neo4j-password.js';

const NORMAL_HOSTS = 1_000;

async function graphNodes(p: PipelineStack): Promise<{ nodes: number; flowWindows: number; relationships: number }> {
  const c = p.ctx.config;
  const d = neo4j.driver(c.neo4j.url, neo4j.auth.basic(c.neo4j.user, readNeo4jPassword(c)?.reveal() ?? ''), {
    disableLosslessIntegers: true,
  });
  try {
    const r = await d.executeQuery(
      'CALL () { MATCH (n) RETURN count(n) AS nodes } CALL () { MATCH (w:FlowWindow) RETURN count(w) AS w } CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN nodes, w, rels',
    );
    const x = r.records[0]!;
    return { nodes: Number(x.get('nodes')), flowWindows: Number(x.get('w')), relationships: Number(x.get('rels')) };
  } finally {
    await d.close();
  }
}

async function withProducer<T>(p: PipelineStack, fn: (producer: Producer) => Promise<T>): Promise<T> {
  const producer = p.kafka.producer();
  await producer.connect();
  try {
    return await fn(producer);
  } finally {
    await producer.disconnect();
  }
}

const p99 = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? -1 : s[Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)]!;
};

async function sustained(f: PipelineFlags): Promise<BenchResult[]> {
  const p = await startPipeline('sustained');
  try {
    return await withProducer(p, async (producer) => {
      // warm-up, not counted: the Connect sinks' first batches and commits take tens of seconds
      // (JIT, the Neo4j driver's pool), which would fail the first probe whatever its rate
      await holdRate(p, producer, { rate: f.rates[0]!, seconds: 60, hosts: NORMAL_HOSTS });
      await drain(p);
      const probes: HoldResult[] = [];
      let best: number | undefined;
      for (const rate of f.rates) {
        const r = await holdRate(p, producer, { rate, seconds: f.probeS, hosts: NORMAL_HOSTS });
        probes.push(r);
        await drain(p);
        if (!r.held) break;
        best = rate;
      }
      // hold the best probed rate; if it does not hold for the whole time, the next lower one
      const alerts = await AlertWatch.open(p);
      let hold: HoldResult | undefined;
      const candidates = f.rates.filter((r) => best !== undefined && r <= best).reverse();
      for (const rate of candidates) {
        hold = await holdRate(p, producer, { rate, seconds: f.holdS, hosts: NORMAL_HOSTS, alerts });
        if (hold.held) break;
        await drain(p);
      }
      await new Promise((r) => setTimeout(r, 10_000)); // the last burst's alert
      const missing = alerts.missing;
      await alerts.close();
      const rss = rssMb(p.enginePid);
      const neo4jRss = rssMb(p.neo4jPid);
      const state = await engineState(p.kafka);
      const graph = await graphNodes(p);
      const probeText = probes.map((r) => `${r.rate}:${r.held ? 'held' : 'lag'}`).join(',');
      const held = hold?.held === true;
      const at = held ? hold!.rate : 0;
      const common = { hold_s: hold?.seconds ?? 0, probes: probeText, lag_bound_s: LAG_S, hosts: NORMAL_HOSTS };
      return [
        {
          bench: 'pipeline.sustained_pps',
          unit: 'packets/s',
          value: at,
          ...common,
          held,
          why_not: hold?.why || undefined,
          engine_records_per_s: hold?.engineRecordsPerS ?? 0,
          max_engine_lag: hold?.maxEngineLag ?? 0,
          max_sink_lag: hold?.maxSinkLag ?? 0,
        },
        {
          bench: 'pipeline.alert_p99_ms',
          unit: 'ms',
          value: p99(hold?.alertLatenciesMs ?? []),
          at_pps: at,
          alerts: hold?.alertLatenciesMs.length ?? 0,
          bursts: hold?.bursts ?? 0,
          missed: missing,
          median_ms: hold?.alertLatenciesMs.length
            ? [...hold.alertLatenciesMs].sort((a, b) => a - b)[hold.alertLatenciesMs.length >> 1]
            : -1,
        },
        { bench: 'pipeline.engine_rss_mb', unit: 'MB', value: rss, at_pps: at, neo4j_rss_mb: neo4jRss },
        {
          bench: 'pipeline.state_entries',
          unit: 'entries',
          value: state.entries,
          at_pps: at,
          state_mb: Math.round((state.bytes / 1048576) * 10) / 10,
          changelog_topics: state.topics,
        },
        {
          bench: 'pipeline.neo4j_writes_per_s',
          unit: 'records/s',
          value: hold?.sinkRecordsPerS ?? 0,
          at_pps: at,
          flows_per_s: hold?.flowsPerS ?? 0,
          graph_nodes: graph.nodes,
          flow_windows: graph.flowWindows,
          relationships: graph.relationships,
        },
      ];
    });
  } finally {
    await p.stop();
  }
}

async function costAt(f: PipelineFlags, hosts: number): Promise<BenchResult> {
  const p = await startPipeline(`hosts${hosts}`);
  try {
    const r = await withProducer(p, (producer) =>
      backlogRun(p, producer, {
        packets: f.costPackets,
        hosts,
        rss: () => rssMb(p.enginePid),
        limitS: f.costLimitS,
        sinkGraceS: 120,
      }),
    );
    const rss = rssMb(p.enginePid);
    const state = await engineState(p.kafka);
    const graph = await graphNodes(p);
    return {
      bench: 'pipeline.cost_by_hosts',
      unit: 'records/s',
      value: Math.round(r.packets / r.engineSeconds),
      hosts,
      packets: r.packets,
      engine_done: r.engineDrained,
      engine_s: Math.round(r.engineSeconds * 10) / 10,
      sinks_done: r.sinkDrained,
      sinks_s: Math.round(r.sinkSeconds * 10) / 10,
      rss_mb: rss,
      max_rss_mb: r.maxRssMb,
      state_entries: state.entries,
      state_mb: Math.round((state.bytes / 1048576) * 10) / 10,
      flows_records: r.flowsRecords,
      neo4j_writes_per_s: Math.round(r.sinkRecords / r.sinkSeconds),
      flow_windows: graph.flowWindows,
      graph_nodes: graph.nodes,
    };
  } finally {
    await p.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  const f = pipelineFlags(process.argv.slice(2));
  if (f.engineOnly) {
    const only: BenchResult[] = [];
    for (const hosts of f.hosts) only.push(await engineOnly(f, hosts));
    return only;
  }
  const out = await sustained(f);
  for (const hosts of f.hosts) out.push(await costAt(f, hosts));
  return out;
}
