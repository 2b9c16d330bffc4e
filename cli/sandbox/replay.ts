// `ziem replay <file>`: reads a pcap or pcapng with the capture contract's tshark fields and writes
// each packet to capture.topic with the record timestamp set to the packet's own time, so windowed
// queries see the traffic as if it were live. Pacing is real time, --speed x, or --max.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { UsageError } from '../../core/errors/ziem-error.js';
import { emit, type Context } from '../context.js';
import { tsharkEkArgs } from './capture-fields.js';
import { parseEkLine } from './ek-lines.js';
import { SandboxError } from './errors.js';
import { connectKafka, type KafkaOut, type OutRecord } from './kafka-io.js';
import { requireTools } from './preflight.js';
import { dueAt, parsePace, type Pace } from './replay-pacing.js';

export interface ReplayOptions {
  file: string;
  speed?: string;
  max?: boolean;
  topic?: string;
}

export interface ReplayResult {
  file: string;
  topic: string;
  records: number;
  firstPacketMs: number | undefined;
  lastPacketMs: number | undefined;
}

const BATCH = 1_000;

function checkFile(file: string): void {
  if (!/\.(pcap|pcapng|cap)$/i.test(file)) throw new UsageError(`${file}: expected a .pcap or .pcapng capture file`);
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`${file}: no such file`);
}

function pace(o: ReplayOptions): Pace {
  try {
    return parsePace(o);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export async function replayFile(ctx: Context, o: ReplayOptions): Promise<ReplayResult> {
  checkFile(o.file);
  const p = pace(o);
  await requireTools([['tshark', 'tshark']]);
  const topic = o.topic ?? ctx.config.capture.topic;
  ctx.log.info(
    `replay: ${o.file} → ${topic} at ${ctx.config.kafka.bootstrap} (${p.kind === 'max' ? 'as fast as possible' : `speed ${p.factor}`})`,
  );
  const kafka = await connectKafka(ctx.config.kafka.bootstrap, 'ziem-replay');
  try {
    await kafka.ensureTopic(topic);
    return await pump(ctx, o.file, topic, p, kafka);
  } finally {
    await kafka.close();
  }
}

async function pump(ctx: Context, file: string, topic: string, p: Pace, kafka: KafkaOut): Promise<ReplayResult> {
  const tshark = spawn('tshark', tsharkEkArgs(file), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  tshark.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number>((r) => tshark.on('close', (c) => r(c ?? 1)));
  const res: ReplayResult = { file, topic, records: 0, firstPacketMs: undefined, lastPacketMs: undefined };
  const start = ctx.clock.now();
  let batch: OutRecord[] = [];
  const flush = async (): Promise<void> => {
    await kafka.send(topic, batch);
    res.records += batch.length;
    batch = [];
  };
  for await (const line of createInterface({ input: tshark.stdout, crlfDelay: Infinity })) {
    const pkt = parseEkLine(line);
    if (!pkt) continue;
    res.firstPacketMs ??= pkt.timestampMs;
    res.lastPacketMs = pkt.timestampMs;
    const wait = dueAt(p, start, res.firstPacketMs, pkt.timestampMs) - ctx.clock.now();
    // send what is due before sleeping, so records reach Kafka when their packet time comes
    if (wait > 5 && batch.length > 0) await flush();
    if (wait > 5) await ctx.clock.sleep(wait);
    batch.push({ value: pkt.line, timestamp: pkt.timestampMs });
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  const code = await exited;
  if (code !== 0)
    throw new SandboxError(
      'REPLAY',
      `tshark could not read ${file} (exit ${code}): ${stderr.trim().split('\n').slice(-2).join(' | ')}`,
    );
  return res;
}

export async function runReplay(ctx: Context, o: ReplayOptions): Promise<void> {
  const r = await replayFile(ctx, o);
  emit(ctx, r, () => `replayed ${r.records} packets from ${r.file} to ${r.topic}`);
}
