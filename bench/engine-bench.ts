// Engine benchmarks on the in-memory driver with tshark-shaped JSON records: a PACKETS-like
// projection and filter, a 10 s tumbling COUNT/COUNT_DISTINCT per (src, dst), and a packets
// stream LEFT JOINed to a 10,000-row assets table on the source address. Each runs
// beside a hand-written JavaScript loop doing the same decoding, work and encoding, on the same
// input records: one warm-up round each (JIT), then alternating rounds; medians are reported,
// per wall-clock second (the targets) and per CPU second of this process (steadier when other
// work shares the cores, since time spent waiting for a core does not count). The driver keeps only
// the query's output, as the baseline keeps its output: the input log of the in-memory driver is a
// test facility (on Kafka, the records live in the broker), not work the engine does.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Engine } from '../engine/runtime/engine.js';
import { MemoryDriver } from '../engine/runtime/memory-driver.js';
import type { TopicRecord } from '../engine/exec/topic-driver.js';
import type { BenchResult } from './bench-result.js';
import { median } from './median.js';

const N = 200_000;
const WARMUP_N = 50_000;
const ROUNDS = 7;

function tsharkRecords(n: number): TopicRecord[] {
  const out: TopicRecord[] = [];
  for (let i = 0; i < n; i++) {
    const layers: Record<string, string[]> = {
      ip_src: [`10.77.0.${i % 50}`],
      ip_dst: [`10.77.1.${i % 7}`],
      tcp_dstport: [String(20 + (i % 1000))],
      tcp_flags_syn: [i % 3 === 0 ? '1' : '0'],
      frame_len: [String(60 + (i % 1400))],
    };
    if (i % 10 === 9) delete layers['ip_src'];
    const value = Buffer.from(JSON.stringify({ timestamp: String(1_700_000_000_000 + i * 10), layers }));
    out.push({ key: null, value, timestamp: 1_700_000_000_000 + i * 10, headers: [], partition: 0 });
  }
  return out;
}

function flatRecords(n: number): TopicRecord[] {
  const out: TopicRecord[] = [];
  for (let i = 0; i < n; i++) {
    const value = Buffer.from(
      JSON.stringify({ SRC: `10.77.0.${i % 50}`, DST: `10.77.1.${i % 7}`, DPORT: 20 + (i % 1000) }),
    );
    out.push({ key: null, value, timestamp: 1_700_000_000_000 + i * 10, headers: [], partition: 0 });
  }
  return out;
}

const PROJECT_SQL = `
CREATE STREAM RAW (\`timestamp\` STRING, \`layers\` STRUCT<\`ip_src\` ARRAY<STRING>, \`ip_dst\` ARRAY<STRING>, \`tcp_dstport\` ARRAY<STRING>, \`tcp_flags_syn\` ARRAY<STRING>, \`frame_len\` ARRAY<STRING>>)
  WITH (KAFKA_TOPIC='raw', VALUE_FORMAT='JSON', PARTITIONS=1);
CREATE STREAM PACKETS AS SELECT CAST(\`timestamp\` AS BIGINT) AS TS, \`layers\`->\`ip_src\`[1] AS SRC, \`layers\`->\`ip_dst\`[1] AS DST,
  CAST(\`layers\`->\`tcp_dstport\`[1] AS INT) AS DPORT, CAST(\`layers\`->\`frame_len\`[1] AS INT) AS LEN, \`layers\`->\`tcp_flags_syn\`[1] = '1' AS SYN
  FROM RAW WHERE \`layers\`->\`ip_src\` IS NOT NULL;`;

const TUMBLING_SQL = `
CREATE STREAM P (SRC STRING, DST STRING, DPORT INT) WITH (KAFKA_TOPIC='p', VALUE_FORMAT='JSON', PARTITIONS=1);
CREATE TABLE FLOWS WITH (KEY_FORMAT='JSON') AS SELECT SRC, DST, COUNT(*) AS N, COUNT_DISTINCT(DPORT) AS PORTS
  FROM P WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY SRC, DST;`;

// a packets stream enriched from a 10,000-row assets table keyed by IP address
const ASSETS_N = 10_000;
const JOIN_SQL = `
CREATE STREAM P (SRC STRING, DST STRING, DPORT INT) WITH (KAFKA_TOPIC='p', VALUE_FORMAT='JSON', PARTITIONS=1);
CREATE TABLE ASSETS (IP STRING PRIMARY KEY, NAME STRING, OWNER STRING, CRIT INT) WITH (KAFKA_TOPIC='assets', VALUE_FORMAT='JSON', PARTITIONS=1);
CREATE STREAM ENRICHED AS SELECT A.IP, P.DST, P.DPORT, A.NAME, A.CRIT FROM P LEFT JOIN ASSETS A ON P.SRC = A.IP;`;

function assetRecords(): TopicRecord[] {
  const out: TopicRecord[] = [];
  for (let i = 0; i < ASSETS_N; i++) {
    const ip = `10.77.${Math.floor(i / 250)}.${i % 250}`;
    const value = Buffer.from(JSON.stringify({ NAME: `host-${i}`, OWNER: `team-${i % 17}`, CRIT: i % 5 }));
    out.push({ key: Buffer.from(ip), value, timestamp: 1_600_000_000_000, headers: [], partition: 0 });
  }
  return out;
}

interface Rate {
  wall: number;
  cpu: number;
}

// A full collection before each timed run: the garbage of the run before (engine or baseline) is
// not charged to the next one, whichever order a round takes.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Records per wall-clock second and per CPU second (user + system) while `work` runs. */
function measure(n: number, work: () => void): Rate {
  collectGarbage();
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  work();
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { wall: n / wall, cpu: n / ((c.user + c.system) / 1e6) };
}

function timeEngine(sql: string, topic: string, records: TopicRecord[]): Rate {
  const driver = new MemoryDriver({ retain: (t) => t !== topic });
  const engine = new Engine({ driver, props: { 'auto.offset.reset': 'earliest' } });
  engine.execute(sql);
  const rate = measure(records.length, () => {
    for (const r of records) driver.produce(topic, r);
  });
  engine.close();
  return rate;
}

/** The join: the assets table is loaded before the clock starts, then the packets flow. */
function timeJoin(assets: TopicRecord[], records: TopicRecord[]): Rate {
  const driver = new MemoryDriver({ retain: (t) => t !== 'p' && t !== 'assets' });
  const engine = new Engine({ driver, props: { 'auto.offset.reset': 'earliest' } });
  engine.execute(JOIN_SQL);
  for (const a of assets) driver.produce('assets', a);
  const rate = measure(records.length, () => {
    for (const r of records) driver.produce('p', r);
  });
  engine.close();
  return rate;
}

function joinBaseline(assets: TopicRecord[], records: TopicRecord[]): Rate {
  const table = new Map<string, { NAME: string; CRIT: number }>();
  for (const a of assets)
    table.set(a.key!.toString('utf8'), JSON.parse(a.value!.toString('utf8')) as { NAME: string; CRIT: number });
  const out: Buffer[] = [];
  return measure(records.length, () => joinLoop(table, records, out));
}

function joinLoop(table: Map<string, { NAME: string; CRIT: number }>, records: TopicRecord[], out: Buffer[]): void {
  for (const r of records) {
    const v = JSON.parse(r.value!.toString('utf8')) as { SRC: string | null; DST: string; DPORT: number };
    if (v.SRC === null) continue;
    const a = table.get(v.SRC);
    out.push(
      Buffer.from(v.SRC),
      Buffer.from(JSON.stringify({ DST: v.DST, DPORT: v.DPORT, NAME: a ? a.NAME : null, CRIT: a ? a.CRIT : null })),
    );
  }
}

type Layers = Record<string, string[] | undefined>;

function projectBaseline(records: TopicRecord[]): Rate {
  const out: Buffer[] = [];
  return measure(records.length, () => projectLoop(records, out));
}

function projectLoop(records: TopicRecord[], out: Buffer[]): void {
  for (const r of records) {
    const doc = JSON.parse(r.value!.toString('utf8')) as { timestamp: string; layers: Layers };
    const l = doc.layers;
    if (!l['ip_src']) continue;
    const row = {
      TS: Number(doc.timestamp),
      SRC: l['ip_src'][0] ?? null,
      DST: l['ip_dst']?.[0] ?? null,
      DPORT: Number(l['tcp_dstport']?.[0]) | 0,
      LEN: Number(l['frame_len']?.[0]) | 0,
      SYN: l['tcp_flags_syn']?.[0] === '1',
    };
    out.push(Buffer.from(JSON.stringify(row)));
  }
}

function tumblingBaseline(records: TopicRecord[]): Rate {
  const out: Buffer[] = [];
  return measure(records.length, () => tumblingLoop(records, out));
}

function tumblingLoop(records: TopicRecord[], out: Buffer[]): void {
  const groups = new Map<string, { n: number; ports: Set<number> }>();
  for (const r of records) {
    const v = JSON.parse(r.value!.toString('utf8')) as { SRC: string; DST: string; DPORT: number };
    const start = r.timestamp - (r.timestamp % 10_000);
    const id = `${v.SRC}|${v.DST}|${start}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { n: 0, ports: new Set() }));
    g.n++;
    g.ports.add(v.DPORT);
    const key = Buffer.concat([Buffer.from(JSON.stringify({ SRC: v.SRC, DST: v.DST })), Buffer.alloc(8)]);
    key.writeBigInt64BE(BigInt(start), key.length - 8);
    out.push(key, Buffer.from(JSON.stringify({ N: g.n, PORTS: g.ports.size })));
  }
}

interface Paired {
  value: number;
  baseline: number;
  /** Median of the per-round ratios: each pair ran back to back, so machine load hits both. */
  ratio: number;
}

function summarise(e: number[], b: number[]): Paired {
  return { value: median(e), baseline: median(b), ratio: median(e.map((x, i) => x / b[i]!)) };
}

/** One warm-up run each, then ROUNDS pairs in alternating order; medians of the rates. */
function paired(
  name: string,
  engine: (rs: TopicRecord[]) => Rate,
  base: (rs: TopicRecord[]) => Rate,
  records: TopicRecord[],
): { wall: Paired; cpu: Paired } {
  const warm = records.slice(0, WARMUP_N);
  engine(warm);
  base(warm);
  const e: Rate[] = [];
  const b: Rate[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 2 === 0) {
      e.push(engine(records));
      b.push(base(records));
    } else {
      b.push(base(records));
      e.push(engine(records));
    }
    process.stderr.write(
      `${name} round ${i + 1}: engine ${Math.round(e[i]!.wall)}/s, baseline ${Math.round(b[i]!.wall)}/s\n`,
    );
  }
  return {
    wall: summarise(
      e.map((r) => r.wall),
      b.map((r) => r.wall),
    ),
    cpu: summarise(
      e.map((r) => r.cpu),
      b.map((r) => r.cpu),
    ),
  };
}

function results(bench: string, p: { wall: Paired; cpu: Paired }): BenchResult[] {
  const line = (name: string, unit: string, x: Paired): BenchResult => ({
    bench: name,
    unit,
    value: Math.round(x.value),
    baseline: Math.round(x.baseline),
    ratio: Number(x.ratio.toFixed(4)),
  });
  return [line(bench, 'records/s', p.wall), line(`${bench}.cpu`, 'records/cpu-s', p.cpu)];
}

export async function run(): Promise<BenchResult[]> {
  const raw = tsharkRecords(N);
  const flat = flatRecords(N);
  const pf = paired('project_filter', (rs) => timeEngine(PROJECT_SQL, 'raw', rs), projectBaseline, raw);
  const tc = paired('tumbling_count', (rs) => timeEngine(TUMBLING_SQL, 'p', rs), tumblingBaseline, flat);
  const assets = assetRecords();
  const sj = paired(
    'stream_table_join',
    (rs) => timeJoin(assets, rs),
    (rs) => joinBaseline(assets, rs),
    flat,
  );
  return [
    ...results('engine.memory.project_filter', pf),
    ...results('engine.memory.tumbling_count', tc),
    ...results('engine.memory.stream_table_join', sj),
  ];
}
