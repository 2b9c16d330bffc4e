// Engine benchmarks on the in-memory driver with tshark-shaped JSON records: a PACKETS-like
// projection and filter, and a 10 s tumbling COUNT/COUNT_DISTINCT per (src, dst). Each runs
// beside a hand-written JavaScript loop doing the same decoding, work and encoding.
import { Engine } from '../engine/runtime/engine.js';
import { MemoryDriver } from '../engine/runtime/memory-driver.js';
import type { TopicRecord } from '../engine/runtime/topic-driver.js';
import type { BenchResult } from './bench-result.js';

const N = 200_000;
const ROUNDS = 3;

function tsharkRecords(n: number): TopicRecord[] {
  const out: TopicRecord[] = [];
  for (let i = 0; i < n; i++) {
    const layers: Record<string, string[]> = {
      ip_src: [`10.77.0.${i % 50}`], ip_dst: [`10.77.1.${i % 7}`], tcp_dstport: [String(20 + (i % 1000))],
      tcp_flags_syn: [i % 3 === 0 ? '1' : '0'], frame_len: [String(60 + (i % 1400))],
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
    const value = Buffer.from(JSON.stringify({ SRC: `10.77.0.${i % 50}`, DST: `10.77.1.${i % 7}`, DPORT: 20 + (i % 1000) }));
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

function timeEngine(sql: string, topic: string, records: TopicRecord[]): number {
  const driver = new MemoryDriver();
  const engine = new Engine({ driver, props: { 'auto.offset.reset': 'earliest' } });
  engine.execute(sql);
  const t0 = process.hrtime.bigint();
  for (const r of records) driver.produce(topic, r);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  engine.close();
  return records.length / secs;
}

type Layers = Record<string, string[] | undefined>;

function projectBaseline(records: TopicRecord[]): number {
  const out: Buffer[] = [];
  const t0 = process.hrtime.bigint();
  for (const r of records) {
    const doc = JSON.parse(r.value!.toString('utf8')) as { timestamp: string; layers: Layers };
    const l = doc.layers;
    if (!l['ip_src']) continue;
    const row = { TS: Number(doc.timestamp), SRC: l['ip_src'][0] ?? null, DST: l['ip_dst']?.[0] ?? null, DPORT: Number(l['tcp_dstport']?.[0]) | 0, LEN: Number(l['frame_len']?.[0]) | 0, SYN: l['tcp_flags_syn']?.[0] === '1' };
    out.push(Buffer.from(JSON.stringify(row)));
  }
  return records.length / (Number(process.hrtime.bigint() - t0) / 1e9);
}

function tumblingBaseline(records: TopicRecord[]): number {
  const groups = new Map<string, { n: number; ports: Set<number> }>();
  const out: Buffer[] = [];
  const t0 = process.hrtime.bigint();
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
  return records.length / (Number(process.hrtime.bigint() - t0) / 1e9);
}

/** Best of a few alternating rounds, so engine and baseline see the same machine noise. */
function best(f: () => number): number {
  let b = 0;
  for (let i = 0; i < ROUNDS; i++) b = Math.max(b, f());
  return b;
}

export async function run(): Promise<BenchResult[]> {
  const raw = tsharkRecords(N);
  const flat = flatRecords(N);
  const pf = best(() => timeEngine(PROJECT_SQL, 'raw', raw));
  const pfBase = best(() => projectBaseline(raw));
  const tc = best(() => timeEngine(TUMBLING_SQL, 'p', flat));
  const tcBase = best(() => tumblingBaseline(flat));
  const r = (n: number): number => Math.round(n);
  return [
    { bench: 'engine.memory.project_filter', unit: 'records/s', value: r(pf), baseline: r(pfBase), ratio: Number((pf / pfBase).toFixed(4)) },
    { bench: 'engine.memory.tumbling_count', unit: 'records/s', value: r(tc), baseline: r(tcBase), ratio: Number((tc / tcBase).toFixed(4)) },
  ];
}
