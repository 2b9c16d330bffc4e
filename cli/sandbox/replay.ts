// `ziem replay <file>`: validates the whole capture first (nothing is sent from a file cut short,
// empty or not a capture), then reads it with the capture contract's tshark fields and writes each
// packet to capture.topic. Packet times are shifted so the capture starts now and keeps its gaps
// (--keep-time keeps the original times, for a fresh pipeline): both the record timestamp and the
// EK line's "timestamp" (PACKETS' TS) carry the shifted time. Pacing is real time, --speed x or
// --max. At the end it reports what it sent and what the pipeline's processing log says it dropped.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { UsageError } from '../../core/errors/ziem-error.js';
import { emit, type Context } from '../context.js';
import { checkCapture } from './capture-check.js';
import { tsharkEkArgs } from './capture-fields.js';
import { parseEkLine } from './ek-lines.js';
import { SandboxError } from './errors.js';
import { connectKafka, type KafkaOut, type OutRecord } from './kafka-io.js';
import { requireTools } from './preflight.js';
import { dueAt, parsePace, type Pace } from './replay-pacing.js';
import { dropsSince, processingLogSize, type DropCounts } from './replay-drops.js';
import { shiftLine } from './replay-shift.js';
import { processingLogTopic } from '../../engine/server/processing-log-topic.js';

export interface ReplayOptions {
  file: string;
  speed?: string;
  max?: boolean;
  topic?: string;
  keepTime?: boolean;
  /** ms to wait after the last record before reading the processing log (default 5000) */
  settleMs?: number;
}

export interface ReplayResult {
  file: string;
  topic: string;
  packetsInFile: number;
  records: number;
  /** ms added to every packet time (0 with --keep-time) */
  shiftMs: number;
  firstPacketMs: number | undefined;
  lastPacketMs: number | undefined;
  dropped: DropCounts;
}

const BATCH = 1_000;

function pace(o: ReplayOptions): Pace {
  try {
    return parsePace(o);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export async function replayFile(ctx: Context, o: ReplayOptions): Promise<ReplayResult> {
  const p = pace(o);
  await requireTools([
    ['tshark', 'tshark'],
    ['capinfos', 'wireshark-common'],
  ]);
  const info = await checkCapture(o.file);
  const topic = o.topic ?? ctx.config.capture.topic;
  const logTopic = processingLogTopic(ctx.config.ksql.serviceId);
  ctx.log.info(
    `replay: ${o.file} (${info.packets} packets, ${info.format}) → ${topic} at ${ctx.config.kafka.bootstrap} (${p.kind === 'max' ? 'as fast as possible' : `speed ${p.factor}`}, ${o.keepTime ? 'original packet times' : 'packet times shifted to start now'})`,
  );
  const kafka = await connectKafka(ctx.config.kafka.bootstrap, 'ziem-replay');
  let sent: Omit<ReplayResult, 'dropped' | 'packetsInFile'>;
  let before: number | undefined;
  try {
    await kafka.ensureTopic(topic);
    before = await processingLogSize(ctx.config.kafka.bootstrap, logTopic);
    sent = await pump(ctx, o, topic, p, kafka);
  } finally {
    await kafka.close();
  }
  const settle = o.settleMs ?? 5_000;
  ctx.log.info(`replay: sent ${sent.records} records; reading ${logTopic} in ${settle} ms`);
  await ctx.clock.sleep(settle);
  const dropped = await dropsSince(ctx.config.kafka.bootstrap, logTopic, before);
  return { ...sent, packetsInFile: info.packets, dropped };
}

async function pump(
  ctx: Context,
  o: ReplayOptions,
  topic: string,
  p: Pace,
  kafka: KafkaOut,
): Promise<Omit<ReplayResult, 'dropped' | 'packetsInFile'>> {
  const tshark = spawn('tshark', tsharkEkArgs(o.file), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  tshark.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number>((r) => tshark.on('close', (c) => r(c ?? 1)));
  const res = {
    file: o.file,
    topic,
    records: 0,
    shiftMs: 0,
    firstPacketMs: undefined as number | undefined,
    lastPacketMs: undefined as number | undefined,
  };
  const start = ctx.clock.now();
  let batch: OutRecord[] = [];
  const flush = async (): Promise<void> => {
    await kafka.send(topic, batch);
    res.records += batch.length;
    batch = [];
  };
  try {
    for await (const line of createInterface({ input: tshark.stdout, crlfDelay: Infinity })) {
      const pkt = parseEkLine(line);
      if (!pkt) continue;
      if (res.firstPacketMs === undefined) {
        res.firstPacketMs = pkt.timestampMs;
        res.shiftMs = o.keepTime ? 0 : start - pkt.timestampMs;
      }
      res.lastPacketMs = pkt.timestampMs;
      const wait = dueAt(p, start, res.firstPacketMs, pkt.timestampMs) - ctx.clock.now();
      // send what is due before sleeping, so records reach Kafka when their packet time comes
      if (wait > 5 && batch.length > 0) await flush();
      if (wait > 5) await ctx.clock.sleep(wait);
      const ts = pkt.timestampMs + res.shiftMs;
      batch.push({ value: shiftLine(pkt.line, ts), timestamp: ts });
      if (batch.length >= BATCH) await flush();
    }
    await flush();
  } catch (err) {
    tshark.kill();
    throw new SandboxError(
      'REPLAY',
      `replay of ${o.file} stopped after ${res.records} records were sent: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const code = await exited;
  if (code !== 0)
    throw new SandboxError(
      'REPLAY',
      `tshark could not read ${o.file} (exit ${code}) after ${res.records} records were sent: ${stderr.trim().split('\n').slice(-2).join(' | ')}`,
    );
  return res;
}

export function describeReplay(r: ReplayResult): string {
  const d = r.dropped;
  const when =
    r.shiftMs === 0
      ? 'original packet times'
      : `packet times shifted by ${Math.round(r.shiftMs / 1000)} s to start now`;
  const head = `replayed ${r.records} of ${r.packetsInFile} packets from ${r.file} to ${r.topic} (${when})`;
  if (!d.available)
    return `${head}\nthe deployment has no processing log topic ${d.topic}: what the pipeline dropped cannot be told`;
  if (d.late + d.bad === 0)
    return `${head}\nthe pipeline's processing log (${d.topic}) shows no late or bad records since the replay began`;
  const per = Object.entries(d.byQuery)
    .map(([q, n]) => `${q} ${n}`)
    .join(', ');
  return `${head}\nthe pipeline's processing log (${d.topic}) holds ${d.late} late and ${d.bad} bad record entries since the replay began (${per})${d.example ? `, e.g. "${d.example}"` : ''}`;
}

export async function runReplay(ctx: Context, o: ReplayOptions): Promise<void> {
  const r = await replayFile(ctx, o);
  emit(ctx, r, () => describeReplay(r));
}
