// The REST server's limits (issue 16 items 8-10), against the real `ziem ksql serve` with some
// limits lowered through ziem's settings (ZIEM_KSQL_MAX_*): each over-limit request gets a 4xx in
// ksqlDB's error shape (never a 500 or a reset), the server keeps answering, and a push client
// that never reads has its query ended.
import { connect, type Socket } from 'node:net';
import { connect as h2Connect } from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeProcess } from '../../../bench/serve-process.js';

let srv: ServeProcess;

beforeAll(async () => {
  srv = await startServe({
    ZIEM_KSQL_MAX_REQUEST_BYTES: String(1024 * 1024),
    ZIEM_KSQL_MAX_INSERT_LINE_BYTES: String(128 * 1024),
    ZIEM_KSQL_MAX_PUSH_BUFFER_BYTES: String(256 * 1024),
  });
  const r = await ksql(
    "CREATE STREAM LIM (ID VARCHAR KEY, B INT) WITH (KAFKA_TOPIC='lim', PARTITIONS=1, VALUE_FORMAT='JSON');" +
      "CREATE STREAM BIG (ID VARCHAR KEY, V VARCHAR) WITH (KAFKA_TOPIC='big', PARTITIONS=1, VALUE_FORMAT='JSON');",
  );
  expect(r.status).toBe(200);
}, 60_000);

afterAll(async () => {
  await srv?.stop();
});

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

async function post(path: string, body: string): Promise<Reply> {
  const r = await fetch(srv.url + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  const text = await r.text();
  return { status: r.status, body: JSON.parse(text.split('\n')[0]!) as Record<string, unknown> };
}

const ksql = (sql: string, extra: Record<string, unknown> = {}): Promise<Reply> =>
  post('/ksql', JSON.stringify({ ksql: sql, streamsProperties: {}, ...extra }));

async function stillServes(): Promise<void> {
  expect((await ksql('SHOW STREAMS;')).status).toBe(200);
}

function expectError(r: Reply, status: number, code: number, mentions: string): void {
  expect(r.status).toBe(status);
  expect(r.body['error_code']).toBe(code);
  expect(r.body['@type']).toMatch(/^(generic|statement)_error$/);
  expect(String(r.body['message'])).toContain(mentions);
}

describe('request limits', () => {
  it('a body over ksql.maxRequestBytes gets 413 in ksqlDB shape, not a reset', async () => {
    const big = JSON.stringify({ ksql: 'SHOW STREAMS; -- ' + 'x'.repeat(2 * 1024 * 1024) });
    expectError(await post('/ksql', big), 413, 41300, 'ksql.server.request.max.bytes');
    expectError(await post('/query-stream', big), 413, 41300, 'ksql.server.request.max.bytes');
    await stillServes();
  });

  it('more statements than ksql.maxStatements in one request gets 400, at the limit it runs', async () => {
    expectError(await ksql('SHOW STREAMS;'.repeat(1001)), 400, 40000, 'ksql.server.request.max.statements');
    expect((await ksql('SHOW STREAMS;'.repeat(1000))).status).toBe(200);
  });

  it('the DEFINE bomb (8 nested DEFINEs, each 10 references) gets 400, small DEFINEs still work', async () => {
    let bomb = `DEFINE a0='${'x'.repeat(50)}';\n`;
    for (let i = 1; i <= 8; i++) bomb += `DEFINE a${i}='${`\${a${i - 1}}`.repeat(10)}';\n`;
    const r = await ksql(bomb + 'SHOW STREAMS;');
    expectError(r, 400, 40001, 'ksql.variable.expansion.max.bytes');
    // the same through sessionVariables
    const viaSession = await ksql(`DEFINE b='${'${a}'.repeat(100)}'; DEFINE c='${'${b}'.repeat(100)}';`, {
      sessionVariables: { a: 'y'.repeat(1000) },
    });
    expectError(viaSession, 400, 40001, 'ksql.variable.expansion.max.bytes');
    const ok = await ksql("DEFINE t='lim'; DEFINE u='${t}${t}'; SHOW VARIABLES;");
    expect(ok.status).toBe(200);
  });

  it('deep input gets 400, not 500: nested parentheses, chained ORs, deep JSON', async () => {
    const parens = `${'('.repeat(5000)}B${')'.repeat(5000)}`;
    expectError(await ksql(`CREATE STREAM D1 AS SELECT ${parens} AS X FROM LIM;`), 400, 40001, 'max.depth');
    const ors = Array.from({ length: 8000 }, (_, i) => `B = ${i}`).join(' OR ');
    expectError(await ksql(`CREATE STREAM D2 AS SELECT * FROM LIM WHERE ${ors};`), 400, 40001, 'max.depth');
    expectError(
      await post('/query-stream', JSON.stringify({ sql: `SELECT ${parens} FROM LIM EMIT CHANGES;` })),
      400,
      40001,
      'max.depth',
    );
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expectError(
      await post('/ksql', `{"ksql":"SHOW STREAMS;","streamsProperties":{"a":${deep}}}`),
      400,
      40000,
      'max.depth',
    );
    // an ordinary chain well inside the limit still runs
    const fine = Array.from({ length: 100 }, (_, i) => `B = ${i}`).join(' OR ');
    expect((await ksql(`CREATE STREAM D3 AS SELECT * FROM LIM WHERE ${fine};`)).status).toBe(200);
    await stillServes();
  });

  it('/inserts-stream: a line over ksql.maxInsertLineBytes gets 413; rows before it are acked', async () => {
    const body =
      JSON.stringify({ target: 'BIG' }) +
      '\n' +
      JSON.stringify({ ID: 'a', V: 'ok' }) +
      '\n' +
      JSON.stringify({ ID: 'b', V: 'z'.repeat(200 * 1024) }) +
      '\n';
    const r = await fetch(srv.url + '/inserts-stream', { method: 'POST', body });
    const lines = (await r.text())
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(r.status).toBe(200);
    expect(lines[0]).toEqual({ status: 'ok', seq: 0 });
    expect(lines[1]).toMatchObject({ error_code: 41300 });
    expect(String(lines[1]!['message'])).toContain('ksql.server.inserts.line.max.bytes');
    // a target line over the limit is refused before any ack
    const first = await fetch(srv.url + '/inserts-stream', {
      method: 'POST',
      body: JSON.stringify({ target: 'BIG', pad: 'p'.repeat(200 * 1024) }) + '\n',
    });
    expect(first.status).toBe(413);
  });
});

/** The push queries SHOW QUERIES lists (ksqlDB lists them as queryType PUSH). */
async function pushQueries(): Promise<string[]> {
  const r = await fetch(srv.url + '/ksql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ksql: 'SHOW QUERIES;' }),
  });
  const [entity] = (await r.json()) as Array<{ queries: Array<{ id: string; queryType: string }> }>;
  return entity!.queries.filter((q) => q.queryType === 'PUSH').map((q) => q.id);
}

/** Opens a push query over a raw HTTP/1.1 socket and stops reading once its header arrived. */
function neverReadingClient(sql: string): Promise<{ socket: Socket; queryId: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(srv.port, '127.0.0.1');
    const body = JSON.stringify({ sql, properties: {} });
    socket.on('error', () => undefined);
    socket.write(
      `POST /query-stream HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    let text = '';
    const onData = (c: Buffer): void => {
      text += c.toString();
      const m = /"queryId":"([^"]+)"/.exec(text);
      if (!m) return;
      socket.off('data', onData);
      socket.pause();
      resolve({ socket, queryId: m[1]! });
    };
    socket.on('data', onData);
    setTimeout(() => reject(new Error(`no header in 10 s: ${text}`)), 10_000).unref();
  });
}

/** The same over HTTP/2: the stream is paused after its first DATA frame (the header). */
function neverReadingH2Client(sql: string): Promise<{ close: () => void; queryId: string }> {
  return new Promise((resolve) => {
    const session = h2Connect(srv.url);
    session.on('error', () => undefined);
    const stream = session.request({ ':method': 'POST', ':path': '/query-stream' });
    stream.on('error', () => undefined);
    stream.once('data', (c: Buffer) => {
      stream.pause();
      resolve({ close: () => session.destroy(), queryId: (JSON.parse(c.toString()) as { queryId: string }).queryId });
    });
    stream.end(JSON.stringify({ sql, properties: {} }));
  });
}

async function insertBigRows(n: number): Promise<void> {
  const row = 'r'.repeat(100 * 1024);
  const lines = [JSON.stringify({ target: 'BIG' })];
  for (let i = 0; i < n; i++) lines.push(JSON.stringify({ ID: `k${i}`, V: row }));
  const ins = await fetch(srv.url + '/inserts-stream', { method: 'POST', body: lines.join('\n') + '\n' });
  expect(ins.status).toBe(200);
  expect((await ins.text()).match(/"ok"/g)).toHaveLength(n);
}

describe('push output buffer', () => {
  it('ends the query of a client that never reads once ksql.maxPushBufferBytes is unread', async () => {
    const reader = await neverReadingClient('SELECT * FROM BIG EMIT CHANGES;');
    expect(await pushQueries()).toContain(reader.queryId);
    // 32 MB of rows: more than the socket buffers and the 256 KB limit together
    await insertBigRows(320);
    await expect.poll(pushQueries, { timeout: 10_000 }).not.toContain(reader.queryId);
    reader.socket.destroy();
    await stillServes();
  });

  it('does the same for an HTTP/2 client that stops reading (flow control holds the rows back)', async () => {
    const reader = await neverReadingH2Client('SELECT * FROM BIG EMIT CHANGES;');
    expect(await pushQueries()).toContain(reader.queryId);
    await insertBigRows(320);
    await expect.poll(pushQueries, { timeout: 10_000 }).not.toContain(reader.queryId);
    reader.close();
    await stillServes();
  });
});
