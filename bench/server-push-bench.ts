// `server.push.*`: 200 concurrent push queries on the real `ziem ksql serve`, opened and then
// dropped abruptly, over HTTP/2 (half RST_STREAM, half GOAWAY and a destroyed session: issue 15
// item 4, `server.push.concurrent_200`) and over HTTP/1.1 (sockets destroyed while a long /ksql
// request keeps the server busy: issue 16 item 7). Prints the server's RSS before (baseline), at
// its peak and after the clients left, its open handles before and after, how many push queries
// were left open, and whether a new query still answers. Three rounds in one server: RSS after each
// round shows whether memory grows with every 200 clients (a leak) or stays at its high-water mark
// (the allocator keeps freed pages); the live heap after a full GC (a heap snapshot) against that
// of a fresh server holding the same rows, whose clients never came, tells the two apart.
import { connect as h2Connect, constants, type ClientHttp2Session } from 'node:http2';
import { connect as tcpConnect, type Socket } from 'node:net';
import type { BenchResult } from './bench-result.js';
import { startServe, type ServeProcess } from './serve-process.js';

const CLIENTS = 200;
const ROUNDS = 3;
const IDLE_MS = 20_000;
const CREATE = "CREATE STREAM P (ID VARCHAR KEY, B INT) WITH (KAFKA_TOPIC='p', PARTITIONS=1, VALUE_FORMAT='JSON');";
const QUERY = JSON.stringify({ sql: 'SELECT * FROM P EMIT CHANGES;', properties: {} });

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(what: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await what()) return true;
    await sleep(100);
  }
  return false;
}

const inserts = (n: number): string =>
  Array.from({ length: n }, (_, i) => `INSERT INTO P (ID, B) VALUES ('k${i}', ${i});`).join('\n');

async function newQueryAnswers(srv: ServeProcess): Promise<number> {
  const t0 = Date.now();
  const r = await srv.post('/query-stream', {
    sql: 'SELECT * FROM P EMIT CHANGES LIMIT 1;',
    properties: { 'auto.offset.reset': 'earliest' },
  });
  return r.status === 200 && r.text.trim().split('\n').length === 2 ? Date.now() - t0 : -1;
}

interface Dropper {
  open(): void;
  drop(): void;
}

function h2Clients(srv: ServeProcess): Dropper {
  const sessions: Array<{ session: ClientHttp2Session; reset: () => void }> = [];
  return {
    open: () => {
      for (let i = 0; i < CLIENTS; i++) {
        const session = h2Connect(srv.url);
        session.on('error', () => undefined);
        const stream = session.request({ ':method': 'POST', ':path': '/query-stream' });
        stream.on('error', () => undefined);
        stream.resume();
        stream.end(QUERY);
        sessions.push({ session, reset: () => stream.close(constants.NGHTTP2_CANCEL) });
      }
    },
    drop: () =>
      sessions.forEach((c, i) => {
        if (i % 2 === 0) c.reset();
        else c.session.goaway(constants.NGHTTP2_CANCEL);
        c.session.destroy();
      }),
  };
}

function http1Clients(srv: ServeProcess): Dropper {
  const sockets: Socket[] = [];
  return {
    open: () => {
      for (let i = 0; i < CLIENTS; i++) {
        const s = tcpConnect(srv.port, '127.0.0.1');
        s.on('error', () => undefined);
        s.resume();
        s.write(
          `POST /query-stream HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${QUERY.length}\r\n\r\n${QUERY}`,
        );
        sockets.push(s);
      }
    },
    drop: () => sockets.forEach((s) => s.destroy()),
  };
}

/** The live heap of a fresh server holding the same rows as one after `rounds`, no client ever. */
async function freshHeapMb(rounds: number): Promise<number> {
  const srv = await startServe();
  try {
    await srv.post('/ksql', { ksql: CREATE });
    await srv.post('/ksql', { ksql: inserts(100) });
    for (let i = 0; i < rounds; i++) await srv.post('/ksql', { ksql: inserts(1000) });
    await newQueryAnswers(srv);
    return await srv.liveHeapMb();
  } finally {
    await srv.stop();
  }
}

async function shape(name: string, clients: (srv: ServeProcess) => Dropper, busy: boolean): Promise<BenchResult[]> {
  const srv = await startServe();
  try {
    await srv.post('/ksql', { ksql: CREATE });
    await srv.post('/ksql', { ksql: inserts(100) });
    await newQueryAnswers(srv);
    await sleep(500);
    const rssBefore = srv.rssMb();
    const handlesBefore = srv.handles();
    const peak = srv.watchPeakRss();
    const after: number[] = [];
    let opened = true;
    let closed = true;
    for (let round = 0; round < ROUNDS; round++) {
      const c = clients(srv);
      c.open();
      opened &&= await until(async () => (await srv.pushQueries()) >= CLIENTS, 60_000);
      // rows flow to every open query; when `busy`, the clients leave while this request runs
      const work = srv.post('/ksql', { ksql: inserts(1000) });
      if (busy) await sleep(50);
      else await work;
      c.drop();
      await work;
      closed &&= await until(async () => (await srv.pushQueries()) === 0, 30_000);
      await sleep(2000);
      after.push(srv.rssMb());
    }
    const peakRss = peak();
    const rssAfter = after[after.length - 1]!;
    // V8 gives freed heap pages back when the process has been idle for a while (its memory
    // reducer), not 2 s after a burst: the same figure after 20 idle seconds
    await sleep(IDLE_MS);
    const rssIdle = srv.rssMb();
    const heapAfter = await srv.liveHeapMb();
    const handlesAfter = srv.handles();
    const answerMs = await newQueryAnswers(srv);
    const left = await srv.pushQueries();
    const extra = {
      clients: CLIENTS,
      rounds: ROUNDS,
      opened,
      closed,
      left_open: left,
      new_query_answers: answerMs >= 0,
    };
    return [
      { bench: `${name}.peak_rss`, unit: 'MB', value: peakRss, baseline: rssBefore, ...extra },
      {
        bench: `${name}.rss_after`,
        unit: 'MB',
        value: rssAfter,
        baseline: rssBefore,
        rss_after_rounds: after.join(','),
      },
      { bench: `${name}.rss_idle`, unit: 'MB', value: rssIdle, baseline: rssBefore, idle_ms: IDLE_MS },
      { bench: `${name}.live_heap_after`, unit: 'MB', value: heapAfter, baseline: await freshHeapMb(ROUNDS) },
      { bench: `${name}.handles_after`, unit: 'fds', value: handlesAfter, baseline: handlesBefore },
      { bench: `${name}.new_query`, unit: 'ms', value: answerMs },
    ];
  } finally {
    await srv.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  return [
    ...(await shape('server.push.concurrent_200', h2Clients, false)),
    ...(await shape('server.push.abrupt_http1_200_busy', http1Clients, true)),
  ];
}
