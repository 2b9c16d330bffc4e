// `server.limits.*`: the adversarial shapes of issue 16 against the real `ziem ksql serve`, each
// printing the server's RSS before (baseline), at its peak and at the end, and how long the
// answer took: 12 DEFINE bombs in parallel (8 nested DEFINEs, 10 references each), one 80 MB line
// on /inserts-stream (refused at the default line limit, and read in linear time under a raised
// one), and a push client that never reads while 30 MB of rows arrive (its query is ended once
// ksql.maxPushBufferBytes waits unread).
import { connect, type Socket } from 'node:net';
import type { BenchResult } from './bench-result.js';
import { startServe, type ServeProcess } from './serve-process.js';

const MB = 1024 * 1024;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function measured(
  srv: ServeProcess,
  name: string,
  work: () => Promise<Record<string, string | number | boolean>>,
): Promise<BenchResult[]> {
  await sleep(300);
  const before = srv.rssMb();
  const peak = srv.watchPeakRss();
  const t0 = Date.now();
  const extra = await work();
  const ms = Date.now() - t0;
  await sleep(1000);
  const peakRss = peak();
  return [
    { bench: `${name}.time`, unit: 'ms', value: ms, ...extra },
    { bench: `${name}.peak_rss`, unit: 'MB', value: peakRss, baseline: before },
    { bench: `${name}.final_rss`, unit: 'MB', value: srv.rssMb(), baseline: before },
  ];
}

function bomb(): string {
  let text = `DEFINE a0='${'x'.repeat(50)}';\n`;
  for (let i = 1; i <= 8; i++) text += `DEFINE a${i}='${`\${a${i - 1}}`.repeat(10)}';\n`;
  return text + 'SHOW STREAMS;';
}

async function postLine(srv: ServeProcess, line: string): Promise<{ status: number; acks: string }> {
  const body = JSON.stringify({ target: 'B' }) + '\n' + line + '\n';
  const r = await fetch(srv.url + '/inserts-stream', { method: 'POST', body });
  return { status: r.status, acks: (await r.text()).slice(0, 200) };
}

/** A push client over HTTP/1.1 that reads the header and then never reads again. */
function neverReader(srv: ServeProcess): Promise<Socket> {
  return new Promise((resolve) => {
    const s = connect(srv.port, '127.0.0.1');
    const q = JSON.stringify({ sql: 'SELECT * FROM B EMIT CHANGES;', properties: {} });
    s.on('error', () => undefined);
    s.write(
      `POST /query-stream HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${q.length}\r\n\r\n${q}`,
    );
    s.once('data', () => {
      s.pause();
      resolve(s);
    });
  });
}

const CREATE = "CREATE STREAM B (ID VARCHAR KEY, V VARCHAR) WITH (KAFKA_TOPIC='b', PARTITIONS=1, VALUE_FORMAT='JSON');";

async function withServer(
  env: Record<string, string>,
  run: (srv: ServeProcess) => Promise<BenchResult[]>,
): Promise<BenchResult[]> {
  const srv = await startServe(env);
  try {
    await srv.post('/ksql', { ksql: CREATE });
    return await run(srv);
  } finally {
    await srv.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  out.push(
    ...(await withServer({}, async (srv) => [
      ...(await measured(srv, 'server.limits.define_bomb_x12', async () => {
        const rs = await Promise.all(Array.from({ length: 12 }, () => srv.post('/ksql', { ksql: bomb() })));
        return { statuses: [...new Set(rs.map((r) => r.status))].join(','), reply_bytes: rs[0]!.text.length };
      })),
      ...(await measured(srv, 'server.limits.line_80mb_refused', async () => {
        const r = await postLine(srv, JSON.stringify({ ID: 'x', V: 'v'.repeat(80 * MB) }));
        return { status: r.status, limit_bytes: MB };
      })),
      ...(await measured(srv, 'server.limits.never_reading_reader', async () => {
        const reader = await neverReader(srv);
        const open = await srv.pushQueries();
        const row = 'r'.repeat(100 * 1024);
        const lines = [JSON.stringify({ target: 'B' })];
        for (let i = 0; i < 300; i++) lines.push(JSON.stringify({ ID: `k${i}`, V: row }));
        const r = await fetch(srv.url + '/inserts-stream', { method: 'POST', body: lines.join('\n') + '\n' });
        await r.text();
        await sleep(500);
        const left = await srv.pushQueries();
        reader.destroy();
        return { rows_mb: 30, push_queries_before: open, push_queries_after: left };
      })),
    ])),
  );
  out.push(
    ...(await withServer({ ZIEM_KSQL_MAX_INSERT_LINE_BYTES: String(128 * MB) }, (srv) =>
      measured(srv, 'server.limits.line_80mb_accepted', async () => {
        const r = await postLine(srv, JSON.stringify({ ID: 'x', V: 'v'.repeat(80 * MB) }));
        return { status: r.status, acked: r.acks.includes('"ok"') };
      }),
    )),
  );
  return out;
}
