// One run of the pipeline benchmark at one rate: normal traffic from `hosts` clients for `seconds`,
// lag sampled every 2 s, optionally a port-scan burst every 15 s (its PORT_SCAN alert's arrival
// time minus the burst's send time is the alert latency). The rate is held when, after a warm-up
// of a third of the run (at most 30 s), no sample has the engine more than LAG_S seconds of input
// behind (all its queries' input topics together) nor the Neo4j sinks more than LAG_S seconds of
// FLOWS writes (at least 1,000 records) behind.
import type { Consumer, Producer } from 'kafkajs';
import type { PipelineStack } from './pipeline-stack.js';
import { PacedLoad, writeAtOnce } from './load.js';
import { attackerIp, DnsLookups, NormalTraffic } from './packets.js';
import { readLag, type Lag } from './observe.js';

export const LAG_S = 10;
const SAMPLE_MS = 2_000;
const BURST_EVERY_MS = 15_000;
/** PORT_SCAN fires at 100 distinct ports (ksql/V000006); a few more make the crossing certain. */
const BURST_PORTS = 110;

export interface HoldResult {
  rate: number;
  seconds: number;
  /** Packets the generator got acknowledged per second (below `rate` when it could not keep up). */
  sentPerS: number;
  held: boolean;
  why: string;
  maxEngineLag: number;
  maxSinkLag: number;
  /** Capture records the engine consumed per second over the run. */
  engineRecordsPerS: number;
  /** FLOWS records the Neo4j sink consumed per second over the run. */
  sinkRecordsPerS: number;
  flowsPerS: number;
  alertLatenciesMs: number[];
  bursts: number;
  final: Lag;
}

let attackers = 0;

export class AlertWatch {
  private readonly pending = new Map<string, number>();
  readonly latencies: number[] = [];
  private constructor(private readonly consumer: Consumer) {}

  static async open(p: PipelineStack): Promise<AlertWatch> {
    const consumer = p.kafka.consumer({ groupId: `bench-alerts-${Date.now()}`, maxWaitTimeInMs: 50 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'ALERTS', fromBeginning: false });
    const w = new AlertWatch(consumer);
    await consumer.run({
      eachMessage: async ({ message }) => {
        const at = Date.now();
        let a: { KIND?: string; SRC?: string };
        try {
          a = JSON.parse(message.value?.toString() ?? 'null') as { KIND?: string; SRC?: string };
        } catch {
          return;
        }
        const sent = a?.SRC ? w.pending.get(a.SRC) : undefined;
        if (a?.KIND === 'PORT_SCAN' && sent !== undefined) {
          w.pending.delete(a.SRC!);
          w.latencies.push(at - sent);
        }
      },
    });
    // the group joins asynchronously; give it its assignment before the first burst
    await new Promise((r) => setTimeout(r, 3_000));
    return w;
  }

  expect(src: string, sentAt: number): void {
    this.pending.set(src, sentAt);
  }

  get missing(): number {
    return this.pending.size;
  }

  close(): Promise<void> {
    return this.consumer.disconnect();
  }
}

export async function holdRate(
  p: PipelineStack,
  producer: Producer,
  o: { rate: number; seconds: number; hosts: number; alerts?: AlertWatch },
): Promise<HoldResult> {
  const log = (s: string): void => void process.stderr.write(`pipeline: ${s}\n`);
  const load = new PacedLoad(producer, p.ctx.config.capture.topic, new NormalTraffic(o.hosts));
  const admin = p.kafka.admin();
  await admin.connect();
  const warmupMs = Math.min(30_000, (o.seconds * 1000) / 3);
  const first = await readLag(admin, p.ctx.config.capture.topic);
  const t0 = Date.now();
  let bursts = 0;
  const latBefore = o.alerts?.latencies.length ?? 0;
  let maxEngineLag = 0;
  let maxSinkLag = 0;
  let why = '';
  let last = first;
  let lastAt = t0;
  load.start(o.rate);
  try {
    let nextBurst = t0 + 10_000;
    while (Date.now() - t0 < o.seconds * 1000) {
      await new Promise((r) => setTimeout(r, SAMPLE_MS));
      if (o.alerts && Date.now() >= nextBurst) {
        const src = attackerIp(attackers++);
        o.alerts.expect(src, await load.burst(src, BURST_PORTS));
        bursts++;
        nextBurst += BURST_EVERY_MS;
      }
      const lag = await readLag(admin, p.ctx.config.capture.topic);
      const now = Date.now();
      const flowsPerS = ((lag.flowsWritten - last.flowsWritten) * 1000) / Math.max(1, now - lastAt);
      last = lag;
      lastAt = now;
      if (now - t0 < warmupMs) continue;
      maxEngineLag = Math.max(maxEngineLag, lag.engine);
      maxSinkLag = Math.max(maxSinkLag, lag.sink);
      const engineBound = o.rate * LAG_S;
      const sinkBound = Math.max(1_000, flowsPerS * LAG_S);
      if (!why && lag.engine > engineBound)
        why = `engine ${lag.engine} records behind at ${Math.round((now - t0) / 1000)} s (bound ${engineBound})`;
      if (!why && lag.sink > sinkBound)
        why = `Neo4j sinks ${lag.sink} records behind at ${Math.round((now - t0) / 1000)} s (bound ${Math.round(sinkBound)})`;
      if (why && now - t0 > warmupMs + 20_000) break; // past its bound for good: no need to go on
    }
  } finally {
    await load.stop();
  }
  const secs = (Date.now() - t0) / 1000;
  const final = await readLag(admin, p.ctx.config.capture.topic);
  await admin.disconnect();
  const sentPerS = load.packetsSent / secs;
  if (!why && sentPerS < o.rate * 0.95) why = `the generator sent only ${Math.round(sentPerS)}/s`;
  const r: HoldResult = {
    rate: o.rate,
    seconds: Math.round(secs),
    sentPerS: Math.round(sentPerS),
    held: why === '',
    why,
    maxEngineLag,
    maxSinkLag,
    engineRecordsPerS: Math.round((final.captureCommitted - first.captureCommitted) / secs),
    sinkRecordsPerS: Math.round((final.sinkCommitted - first.sinkCommitted) / secs),
    flowsPerS: Math.round((final.flowsWritten - first.flowsWritten) / secs),
    alertLatenciesMs: o.alerts?.latencies.slice(latBefore) ?? [],
    bursts,
    final,
  };
  log(
    `${o.rate}/s from ${o.hosts} hosts for ${r.seconds} s: ${r.held ? 'held' : `not held (${why})`}; sent ${r.sentPerS}/s, engine read ${r.engineRecordsPerS}/s, max lag engine ${maxEngineLag} sink ${maxSinkLag}, FLOWS ${r.flowsPerS}/s, sink ${r.sinkRecordsPerS}/s`,
  );
  return r;
}

/** Waits (up to `ms`) until the engine and the sinks have caught up, so runs do not inherit lag. */
export async function drain(p: PipelineStack, ms = 180_000): Promise<Lag> {
  const admin = p.kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + ms;
    for (;;) {
      const lag = await readLag(admin, p.ctx.config.capture.topic);
      if ((lag.engine < 1_000 && lag.sink < 1_000) || Date.now() > deadline) return lag;
      await new Promise((r) => setTimeout(r, 2_000));
    }
  } finally {
    await admin.disconnect();
  }
}

export interface BacklogResult {
  packets: number;
  hosts: number;
  /** Seconds from the first write to the engine having read every packet and emptied its topics. */
  engineSeconds: number;
  engineDrained: boolean;
  /** Seconds until the Neo4j sinks had written every FLOWS and ALERTS record (from the first write). */
  sinkSeconds: number;
  sinkDrained: boolean;
  maxRssMb: number;
  flowsRecords: number;
  /** FLOWS records the sink committed in the run. */
  sinkRecords: number;
}

/** The cost curve's run: `packets` of DNS lookups from `hosts` clients over one minute of event
 *  time, written as fast as the broker takes them; timed until the engine is done, then the sinks
 *  are given at most `sinkGraceS` more. */
export async function backlogRun(
  p: PipelineStack,
  producer: Producer,
  o: { packets: number; hosts: number; rss: () => number; limitS: number; sinkGraceS: number },
): Promise<BacklogResult> {
  const topic = p.ctx.config.capture.topic;
  const traffic = new DnsLookups(o.hosts);
  const admin = p.kafka.admin();
  await admin.connect();
  const start = await readLag(admin, topic);
  const t0 = Date.now();
  let maxRssMb = 0;
  await writeAtOnce(producer, topic, traffic, o.packets, (i) => {
    if (i % 50_000 === 0) maxRssMb = Math.max(maxRssMb, o.rss());
  });
  let engineSeconds = 0;
  let lag = start;
  let deadline = t0 + o.limitS * 1000;
  for (;;) {
    lag = await readLag(admin, topic);
    maxRssMb = Math.max(maxRssMb, o.rss());
    const now = Date.now();
    if (!engineSeconds && lag.captureCommitted - start.captureCommitted >= o.packets && lag.engine === 0) {
      engineSeconds = (now - t0) / 1000;
      deadline = Math.min(deadline, now + o.sinkGraceS * 1000);
    }
    if ((engineSeconds && lag.sink === 0) || now > deadline) break;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  await admin.disconnect();
  const sinkDrained = engineSeconds > 0 && lag.sink === 0;
  process.stderr.write(
    `pipeline: ${o.packets} packets from ${o.hosts} hosts: engine ${engineSeconds ? `done in ${engineSeconds.toFixed(1)} s` : `not done in ${o.limitS} s (lag ${lag.engine})`}, sinks ${sinkDrained ? `done in ${((Date.now() - t0) / 1000).toFixed(1)} s` : `${lag.sink} behind`}, max RSS ${maxRssMb} MB\n`,
  );
  return {
    packets: o.packets,
    hosts: o.hosts,
    engineSeconds: engineSeconds || (Date.now() - t0) / 1000,
    engineDrained: engineSeconds > 0,
    sinkSeconds: (Date.now() - t0) / 1000,
    sinkDrained,
    maxRssMb,
    flowsRecords: lag.flowsWritten - start.flowsWritten,
    sinkRecords: lag.sinkCommitted - start.sinkCommitted,
  };
}
