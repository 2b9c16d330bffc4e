// `ziem graph compact` on the real stack (Kafka, Connect with the Neo4j sink, Neo4j, all started by
// the test): old FlowWindow nodes are folded into their TALKS_TO and deleted, batch by batch; the
// built CLI killed with SIGKILL mid-job and run again loses no count and counts nothing twice (for
// every pair, TALKS_TO.packets = foldedPackets + the packets of the windows still there); a second
// run changes nothing; and the sink ignores replayed FLOWS updates of windows already folded.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from '../../../core/kafka/kafka-client.js';
import type { Admin, Producer } from 'kafkajs';
import type { Driver } from 'neo4j-driver';
import { loadConfig } from '../../../cli/config/config.js';
import { makeContext } from '../../../cli/context.js';
import { runConnectorsApply } from '../../../cli/connectors/apply.js';
import { schemaStatements } from '../../../cli/graph/graph-schema.js';
import { startTestStack, type TestStack } from '../support/stack-fixture.js';
import { committed, scalar, testDriver, waitFor } from '../support/graph-checks.js';
import { builtCli } from '../engine-kafka/server-process.js';

const CONNECTORS_DIR = join(import.meta.dirname, '../../../connectors');
const DAY = 86_400_000;
const PAIRS = 60;
const OLD_WINDOWS = 200; // per pair: 12,000 old windows in all
const RECENT_WINDOWS = 3;
const BATCH = 500;

let stack: TestStack;
let admin: Admin;
let producer: Producer;
let driver: Driver;
let cli: string;

const now = Date.now();
const oldStart = Math.floor((now - 3 * DAY) / 10_000) * 10_000;
const recentStart = Math.floor((now - 60_000) / 10_000) * 10_000;
const packetsOf = (pair: number, w: number): number => 1 + ((pair * 7 + w * 13) % 50);

/** Windows as the sink writes them (FlowWindow + TALKS_TO with the sum), straight into Neo4j. */
async function seedWindows(): Promise<void> {
  const rows: Array<Record<string, unknown>> = [];
  for (let p = 0; p < PAIRS; p++)
    for (let w = 0; w < OLD_WINDOWS + RECENT_WINDOWS; w++) {
      const start = w < OLD_WINDOWS ? oldStart + w * 10_000 : recentStart + (w - OLD_WINDOWS) * 10_000;
      rows.push({ src: `10.90.0.${p}`, dst: '10.90.1.1', start, packets: packetsOf(p, w) });
    }
  for (let i = 0; i < rows.length; i += 5_000)
    await driver.executeQuery(
      `UNWIND $rows AS r
       MERGE (w:FlowWindow {id: r.src + '>' + r.dst + '@' + toString(r.start)})
       SET w.src = r.src, w.dst = r.dst, w.windowStart = r.start, w.windowEnd = r.start + 10000,
           w.packets = r.packets, w.bytes = r.packets * 100, w.ports = r.packets % 5, w.syns = 1, w.rsts = 0
       MERGE (s:Host {ip: r.src}) MERGE (d:Host {ip: r.dst})
       MERGE (s)-[t:TALKS_TO]->(d)
       SET t.packets = coalesce(t.packets, 0) + r.packets, t.bytes = coalesce(t.bytes, 0) + r.packets * 100`,
      { rows: rows.slice(i, i + 5_000) },
    );
}

interface PairState {
  packets: number;
  foldedPackets: number;
  foldedWindows: number;
  windowPackets: number;
  windows: number;
}

async function pairs(): Promise<Map<string, PairState>> {
  const talks = await driver.executeQuery(
    `MATCH (s:Host)-[t:TALKS_TO]->(d:Host)
     RETURN s.ip + '>' + d.ip AS pair, t.packets AS p, coalesce(t.foldedPackets, 0) AS fp,
            coalesce(t.foldedWindows, 0) AS fw`,
  );
  const windows = await driver.executeQuery(
    `MATCH (w:FlowWindow) RETURN w.src + '>' + w.dst AS pair, sum(w.packets) AS wp, count(w) AS wn`,
  );
  const left = new Map(windows.records.map((x) => [String(x.get('pair')), x]));
  return new Map(
    talks.records.map((x) => {
      const pair = String(x.get('pair'));
      const w = left.get(pair);
      return [
        pair,
        {
          packets: Number(x.get('p')),
          foldedPackets: Number(x.get('fp')),
          foldedWindows: Number(x.get('fw')),
          windowPackets: Number(w?.get('wp') ?? 0),
          windows: Number(w?.get('wn') ?? 0),
        },
      ];
    }),
  );
}

/** No count lost, none doubled: every pair's total is what was folded plus what is still there. */
async function expectConserved(): Promise<Map<string, PairState>> {
  const all = await pairs();
  for (const [pair, s] of all) expect(s.foldedPackets + s.windowPackets, pair).toBe(s.packets);
  return all;
}

const oldWindowsLeft = (): Promise<number> =>
  scalar(driver, 'MATCH (w:FlowWindow) WHERE w.windowEnd <= $cut RETURN count(w)', { cut: now - DAY });

function compact(args: string[]): {
  done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>;
  kill(): void;
  onStderr(f: (all: string) => void): void;
} {
  const child = spawn(process.execPath, [cli, '--json', 'graph', 'compact', ...args], {
    env: {
      ...process.env,
      ZIEM_STATE_DIR: stack.config.stateDir,
      ZIEM_NEO4J_BOLT_PORT: String(stack.config.neo4j.boltPort),
      ZIEM_NEO4J_PASSWORD: stack.neo4jPassword,
      ZIEM_GRAPH_COMPACT_BATCH_SIZE: String(BATCH),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const listeners: Array<(all: string) => void> = [];
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    for (const f of listeners) f(stderr);
  });
  return {
    done: new Promise((res) => child.on('exit', (code, signal) => res({ code, signal, stdout, stderr }))),
    kill: () => child.kill('SIGKILL'),
    onStderr: (f) => listeners.push(f),
  };
}

beforeAll(async () => {
  cli = await builtCli();
  stack = await startTestStack({ components: ['kafka', 'connect', 'neo4j'] });
  const kafka = new Kafka({ clientId: 'ziem-compact-test', brokers: [stack.bootstrap], logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'FLOWS', numPartitions: 1 }], waitForLeaders: true });
  producer = kafka.producer();
  await producer.connect();
  driver = testDriver(stack.boltUrl, stack.neo4jUser, stack.neo4jPassword);
  const { statements } = schemaStatements(readFileSync(join(CONNECTORS_DIR, 'graph-schema.cypher'), 'utf8'));
  for (const s of statements) await driver.executeQuery(s);
});

afterAll(async () => {
  await producer?.disconnect();
  await admin?.disconnect();
  await driver?.close();
  await stack?.stop();
});

describe('ziem graph compact on a real Neo4j', () => {
  it('--dry-run counts the old windows and changes nothing', async () => {
    await seedWindows();
    const before = await pairs();
    const r = await compact(['--dry-run']).done;
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { pending: { windows: number; pairs: number }; windowsFolded: number };
    expect(out.pending).toMatchObject({ windows: PAIRS * OLD_WINDOWS, pairs: PAIRS });
    expect(out.windowsFolded).toBe(0);
    expect(await pairs()).toEqual(before);
  });

  it('killed with SIGKILL mid-job and run again, folds every old window exactly once', async () => {
    const job = compact([]);
    // kill once a few batches have committed, while more are to come
    job.onStderr((all) => void ((all.match(/: batch \d+:/g)?.length ?? 0) >= 3 && job.kill()));
    const killed = await job.done;
    expect(killed.signal).toBe('SIGKILL');
    const left = await oldWindowsLeft();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(PAIRS * OLD_WINDOWS);
    await expectConserved();

    const rerun = await compact([]).done;
    expect(rerun.code, rerun.stderr).toBe(0);
    const out = JSON.parse(rerun.stdout) as { windowsFolded: number; batches: number; after: { flowWindows: number } };
    expect(out.windowsFolded).toBe(left);
    expect(out.batches).toBe(Math.ceil(left / BATCH));
    expect(out.after.flowWindows).toBe(PAIRS * RECENT_WINDOWS);
    expect(await oldWindowsLeft()).toBe(0);
    const all = await expectConserved();
    for (let p = 0; p < PAIRS; p++) {
      const s = all.get(`10.90.0.${p}>10.90.1.1`)!;
      let folded = 0;
      for (let w = 0; w < OLD_WINDOWS; w++) folded += packetsOf(p, w);
      expect(s).toMatchObject({ foldedWindows: OLD_WINDOWS, foldedPackets: folded, windows: RECENT_WINDOWS });
    }
  });

  it('a second run folds nothing and leaves the graph as it was', async () => {
    const before = await pairs();
    const r = await compact([]).done;
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { windowsFolded: number }).windowsFolded).toBe(0);
    expect(await pairs()).toEqual(before);
  });

  it('the sink ignores replayed updates of folded windows and still counts new ones', async () => {
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
      },
    });
    const sink = makeContext({ config, env, stdout: { write: () => true }, stderr: process.stderr });
    await runConnectorsApply(sink, { dryRun: false });
    const flow = (start: number, packets: number): { key: string; value: string; timestamp: string } => ({
      key: `{"SRC_IP":"10.91.0.1","DST_IP":"10.91.0.2"}`,
      timestamp: String(start + 9_000),
      value: JSON.stringify({
        SRC_IP: '10.91.0.1',
        DST_IP: '10.91.0.2',
        WINDOW_START: start,
        WINDOW_END: start + 10_000,
        PACKETS: packets,
        BYTES: packets * 60,
        DST_PORTS: 1,
        SYNS: 1,
        SYN_ACKS: 0,
        ACKS: 0,
        RSTS: 0,
        FINS: 0,
        FIRST_SEEN: start,
        LAST_SEEN: start + 9_000,
        SRC_INTERNAL: true,
        DST_INTERNAL: true,
      }),
    });
    const old = [flow(oldStart, 5), flow(oldStart + 10_000, 7), flow(oldStart + 10_000, 9)];
    const consumed = (n: number): Promise<number> =>
      waitFor(
        `the sink to commit ${n} FLOWS records`,
        () => committed(admin, 'connect-ziem-flows-graph', 'FLOWS'),
        (c) => c >= n,
      );
    const talks = async (): Promise<{ packets: number; folded: number } | undefined> => {
      const r = await driver.executeQuery(
        "MATCH (:Host {ip: '10.91.0.1'})-[t:TALKS_TO]->(:Host {ip: '10.91.0.2'}) RETURN t.packets AS p, coalesce(t.foldedPackets, 0) AS f",
      );
      const x = r.records[0];
      return x ? { packets: Number(x.get('p')), folded: Number(x.get('f')) } : undefined;
    };
    await producer.send({ topic: 'FLOWS', messages: old });
    await consumed(old.length);
    expect(await waitFor('the old windows in the graph', talks, (t) => t?.packets === 14)).toEqual({
      packets: 14,
      folded: 0,
    });
    const r = await compact([]).done;
    expect((JSON.parse(r.stdout) as { windowsFolded: number }).windowsFolded).toBe(2);
    expect(await talks()).toEqual({ packets: 14, folded: 14 });

    // a replay of the same records (and a later update of a folded window) must not count again
    const fresh = flow(recentStart, 4);
    await producer.send({ topic: 'FLOWS', messages: [...old, flow(oldStart + 10_000, 11), fresh] });
    await consumed(old.length * 2 + 2);
    const after = await waitFor('the fresh window', talks, (t) => t?.packets !== 14);
    expect(after).toEqual({ packets: 18, folded: 14 });
    expect(await scalar(driver, "MATCH (w:FlowWindow {src: '10.91.0.1'}) RETURN count(w)")).toBe(1);
  });
});
