// curl --http2-prior-knowledge (a third-party HTTP/2 client built on nghttp2) against `ziem ksql
// serve`: how /query-stream, /inserts-stream and /query are framed on the wire. curl's --trace
// records the size of each piece of body it received; sliced by those sizes, the body shows
// whether one DATA frame carries one JSON value (ksqlDB writes each row, each ack, as its own
// frame). curl may join frames that arrived together, so the strict one-value-per-frame check is
// made on rows that arrive apart in time; rows sent together must at least never be split. And
// curl --http2 on http://, which offers `Upgrade: h2c`: declined, answered in HTTP/1.1.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from './serve-process.js';

const DELIMITED = 'application/vnd.ksqlapi.delimited.v1';
let server: Served;
let dir = '';
let traces = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ziem-curl-'));
  server = await serve();
});

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface CurlReply {
  status: number;
  version: string;
  type: string;
  body: string;
  /** The body cut where curl received it: one piece per "Recv data" of its trace. */
  pieces: string[];
}

const WRITE_OUT = '\n%{http_code} %{http_version} %{content_type}';

function parseReply(stdout: string, traceFile: string): CurlReply {
  const cut = stdout.lastIndexOf('\n');
  const [status, version, type] = stdout.slice(cut + 1).split(' ');
  const body = stdout.slice(0, cut);
  const sizes = [...readFileSync(traceFile, 'utf8').matchAll(/^<= Recv data, (\d+) bytes/gm)].map((m) => Number(m[1]));
  const bytes = Buffer.from(body, 'utf8');
  const pieces: string[] = [];
  let at = 0;
  for (const n of sizes) {
    pieces.push(bytes.subarray(at, at + n).toString('utf8'));
    at += n;
  }
  expect(at).toBe(bytes.length);
  return { status: Number(status), version: version!, type: type ?? '', body, pieces };
}

async function curl(path: string, body: string, accept = 'application/json'): Promise<CurlReply> {
  const trace = join(dir, `trace-${traces++}.txt`);
  const r = await execa('curl', [
    '-sS',
    '--http2-prior-knowledge',
    '--trace-ascii',
    trace,
    '-w',
    WRITE_OUT,
    '-H',
    `Accept: ${accept}`,
    '-H',
    'Content-Type: application/json',
    '--data-binary',
    body,
    server.url + path,
  ]);
  return parseReply(r.stdout, trace);
}

const ksql = (sql: string): Promise<CurlReply> => curl('/ksql', JSON.stringify({ ksql: sql, streamsProperties: {} }));

const insert = (target: string, rows: object[]): Promise<CurlReply> =>
  curl('/inserts-stream', [{ target }, ...rows].map((r) => JSON.stringify(r)).join('\n') + '\n', DELIMITED);

/** Every piece holds whole lines: no JSON value is split across frames. */
function expectWholeLines(pieces: string[]): void {
  for (const p of pieces) expect(p.endsWith('\n'), `piece ${JSON.stringify(p)} ends inside a value`).toBe(true);
}

describe('curl --http2-prior-knowledge: ksqlDB framing', () => {
  it('creates a stream and inserts over HTTP/2: one ack line per row', async () => {
    const created = await ksql(
      "CREATE STREAM curl_s (id VARCHAR KEY, b INT) WITH (kafka_topic='curl_s', partitions=1, value_format='JSON');",
    );
    expect(created).toMatchObject({ status: 200, version: '2', type: 'application/json' });
    const acks = await insert('CURL_S', [
      { ID: 'a', B: 1 },
      { ID: 'b', B: 2 },
      { ID: 'c', B: 3 },
    ]);
    expect(acks).toMatchObject({ status: 200, version: '2', type: DELIMITED });
    expectWholeLines(acks.pieces);
    expect(acks.body.split('\n').filter((l) => l !== '')).toEqual([
      '{"status":"ok","seq":0}',
      '{"status":"ok","seq":1}',
      '{"status":"ok","seq":2}',
    ]);
  });

  it('/query-stream (delimited): the header object, then one array per row, never split', async () => {
    const r = await curl(
      '/query-stream',
      JSON.stringify({
        sql: 'SELECT * FROM curl_s EMIT CHANGES LIMIT 3;',
        properties: { 'auto.offset.reset': 'earliest' },
      }),
      DELIMITED,
    );
    expect(r).toMatchObject({ status: 200, version: '2', type: DELIMITED });
    expectWholeLines(r.pieces);
    const lines = r.body.split('\n').filter((l) => l !== '');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      queryId: expect.stringMatching(/^transient_CURL_S_\d+$/) as unknown,
      columnNames: ['ID', 'B'],
      columnTypes: ['STRING', 'INTEGER'],
    });
    expect(lines.slice(1)).toEqual(['["a",1]', '["b",2]', '["c",3]']);
  });

  it('/query-stream: each live row in a DATA frame of its own; /close-query ends the stream', async () => {
    const trace = join(dir, 'trace-live.txt');
    const child = spawn('curl', [
      '-sS',
      '-N',
      '--http2-prior-knowledge',
      '--trace-ascii',
      trace,
      '-w',
      WRITE_OUT,
      '-H',
      `Accept: ${DELIMITED}`,
      '--data-binary',
      JSON.stringify({ sql: 'SELECT B FROM curl_s WHERE B >= 10 EMIT CHANGES;' }),
      server.url + '/query-stream',
    ]);
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    await expect.poll(() => out.split('\n').length, { timeout: 10_000 }).toBeGreaterThan(1);
    const header = JSON.parse(out.split('\n')[0]!) as { queryId: string };
    for (const b of [10, 11, 12]) {
      await insert('CURL_S', [{ ID: `live${b}`, B: b }]);
      await expect.poll(() => out, { timeout: 10_000 }).toContain(`[${b}]\n`);
    }
    const closed = await curl('/close-query', JSON.stringify({ queryId: header.queryId }));
    expect(closed.status).toBe(200);
    expect(await exited).toBe(0);
    const r = parseReply(out, trace);
    expect(r).toMatchObject({ status: 200, version: '2', type: DELIMITED });
    // rows written apart in time arrive apart: exactly one JSON value per piece
    expect(r.pieces.slice(1)).toEqual(['[10]\n', '[11]\n', '[12]\n']);
    expect(JSON.parse(r.pieces[0]!)).toMatchObject({ queryId: header.queryId, columnNames: ['B'] });
    const again = await curl('/close-query', JSON.stringify({ queryId: header.queryId }));
    expect(again.status).toBe(400);
  });

  it('/query-stream with Accept: application/json answers one JSON array', async () => {
    const r = await curl(
      '/query-stream',
      JSON.stringify({
        sql: 'SELECT ID, B FROM curl_s EMIT CHANGES LIMIT 2;',
        properties: { 'auto.offset.reset': 'earliest' },
      }),
    );
    expect(r).toMatchObject({ status: 200, version: '2', type: 'application/json' });
    const values = JSON.parse(r.body) as unknown[];
    expect(values[0]).toMatchObject({ columnNames: ['ID', 'B'] });
    expect(values.slice(1)).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('/query over HTTP/2 is framed as ksqlDB writes it, and refuses a missing source with 400', async () => {
    const r = await curl(
      '/query',
      JSON.stringify({
        ksql: 'SELECT * FROM curl_s EMIT CHANGES LIMIT 1;',
        streamsProperties: { 'auto.offset.reset': 'earliest' },
      }),
    );
    expect(r).toMatchObject({ status: 200, version: '2' });
    // ksqlDB's QueryStreamWriter: "[" alone, then each object followed by ",\n", then the end
    expect(r.body).toMatch(
      /^\[\{"header":\{"queryId":"[^"]+","schema":"`ID` STRING, `B` INTEGER"\}\},\n\{"row":\{"columns":\["a",1\]\}\},\n\{"finalMessage":"Limit Reached"\}\]\n$/,
    );
    const missing = await curl('/query', JSON.stringify({ ksql: 'SELECT * FROM curl_missing EMIT CHANGES;' }));
    expect(missing).toMatchObject({ status: 400, version: '2', type: 'application/json' });
    expect(JSON.parse(missing.body)).toMatchObject({
      '@type': 'statement_error',
      error_code: 40001,
      message: 'CURL_MISSING does not exist.',
    });
  });

  it('curl --http2 on http:// offers Upgrade: h2c; the server declines and answers in HTTP/1.1', async () => {
    const r = await execa('curl', ['-sv', '--http2', '-w', WRITE_OUT, `${server.url}/info`], { reject: false });
    expect(r.stderr).toMatch(/^> Upgrade: h2c/m);
    expect(r.stderr).not.toMatch(/101 Switching Protocols/);
    const cut = r.stdout.lastIndexOf('\n');
    expect(r.stdout.slice(cut + 1)).toBe('200 1.1 application/json');
    expect(JSON.parse(r.stdout.slice(0, cut))).toMatchObject({ KsqlServerInfo: { version: '0.29.0' } });
  });
});
