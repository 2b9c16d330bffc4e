// Every push query is closed when its client goes (issue 16 item 7), whatever the server is doing:
// 200 clients of the real `ziem ksql serve` open push queries while a long /ksql request keeps it
// busy, then leave abruptly (HTTP/1.1 socket destroyed, HTTP/2 RST_STREAM, HTTP/2 GOAWAY and a
// closed session); SHOW QUERIES lists them while they stream and none once they are gone, and a
// new query still answers.
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as h2Connect, constants, type ClientHttp2Session } from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeProcess } from '../../../bench/serve-process.js';

let srv: ServeProcess;

beforeAll(async () => {
  srv = await startServe();
  await ksql("CREATE STREAM PD (ID VARCHAR KEY, B INT) WITH (KAFKA_TOPIC='pd', PARTITIONS=1, VALUE_FORMAT='JSON');");
}, 60_000);

afterAll(async () => {
  await srv?.stop();
});

async function ksql(sql: string): Promise<unknown> {
  const r = await fetch(srv.url + '/ksql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ksql: sql }),
  });
  const body = (await r.json()) as unknown;
  expect(r.status, JSON.stringify(body)).toBe(200);
  return body;
}

async function pushQueries(): Promise<number> {
  const [entity] = (await ksql('SHOW QUERIES;')) as Array<{ queries: Array<{ queryType: string }> }>;
  return entity!.queries.filter((q) => q.queryType === 'PUSH').length;
}

const QUERY = JSON.stringify({ sql: 'SELECT * FROM PD EMIT CHANGES;', properties: {} });

function http1Client(): Socket {
  const s = tcpConnect(srv.port, '127.0.0.1');
  s.on('error', () => undefined);
  s.write(
    `POST /query-stream HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${QUERY.length}\r\n\r\n${QUERY}`,
  );
  return s;
}

function h2Client(): { session: ClientHttp2Session; reset: () => void } {
  const session = h2Connect(srv.url);
  session.on('error', () => undefined);
  const stream = session.request({ ':method': 'POST', ':path': '/query-stream' });
  stream.on('error', () => undefined);
  stream.end(QUERY);
  return { session, reset: () => stream.close(constants.NGHTTP2_CANCEL) };
}

const inserts = (n: number, from: number): string =>
  Array.from({ length: n }, (_, i) => `INSERT INTO PD (ID, B) VALUES ('k${from + i}', ${from + i});`).join('\n');

describe('abrupt push clients', () => {
  it('200 clients leaving while the server is busy leave no push query behind', async () => {
    const h1: Socket[] = [];
    const reset: Array<ReturnType<typeof h2Client>> = [];
    const goaway: Array<ReturnType<typeof h2Client>> = [];
    // some queries start while the server is idle, the rest queue behind a long request
    for (let i = 0; i < 30; i++) h1.push(http1Client());
    for (let i = 0; i < 30; i++) reset.push(h2Client());
    await expect.poll(pushQueries, { timeout: 15_000 }).toBe(60);
    const busy = ksql(inserts(1000, 0));
    for (let i = 0; i < 40; i++) h1.push(http1Client());
    for (let i = 0; i < 40; i++) reset.push(h2Client());
    for (let i = 0; i < 60; i++) goaway.push(h2Client());
    // leave while the long request still runs (rows keep flowing to the queries already open)
    await new Promise((r) => setTimeout(r, 100));
    for (const s of h1) s.destroy();
    for (const c of reset) c.reset();
    for (const c of goaway) {
      c.session.goaway(constants.NGHTTP2_CANCEL);
      c.session.destroy();
    }
    for (const c of reset) c.session.destroy();
    await busy;
    await expect.poll(pushQueries, { timeout: 15_000 }).toBe(0);
    // the server still answers a new push query, with the rows inserted meanwhile
    const r = await fetch(srv.url + '/query-stream', {
      method: 'POST',
      body: JSON.stringify({
        sql: 'SELECT * FROM PD EMIT CHANGES LIMIT 2;',
        properties: { 'auto.offset.reset': 'earliest' },
      }),
    });
    expect((await r.text()).trim().split('\n')).toHaveLength(3);
    expect(await pushQueries()).toBe(0);
  }, 90_000);
});
