// The REST server over cleartext HTTP/2 (prior knowledge) on the HTTP/1.1 port, with node:http2
// as the client: every endpoint answers, each /query-stream row and /inserts-stream ack arrives in a
// DATA frame of its own, /close-query and a client's RST_STREAM or vanished connection end the
// push query (its id is no longer open). curl --http2-prior-knowledge checks /query's bytes.
import { connect, constants, type ClientHttp2Session, type ClientHttp2Stream } from 'node:http2';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { useServer } from './fixture.js';

const f = useServer();

interface H2Reply {
  status: number;
  frames: string[];
}

function open(session: ClientHttp2Session, path: string, body?: unknown, method = 'POST'): ClientHttp2Stream {
  const s = session.request({
    ':method': method,
    ':path': path,
    'content-type': 'application/json',
    accept: 'application/vnd.ksqlapi.delimited.v1',
  });
  if (body === undefined) s.end();
  else s.end(typeof body === 'string' ? body : JSON.stringify(body));
  return s;
}

function collect(s: ClientHttp2Stream, onFrame?: (frame: string, all: string[]) => void): Promise<H2Reply> {
  return new Promise((resolve, reject) => {
    const frames: string[] = [];
    let status = 0;
    s.on('response', (h) => (status = Number(h[':status'])));
    s.setEncoding('utf8');
    s.on('data', (d: string) => {
      frames.push(d);
      onFrame?.(d, frames);
    });
    s.on('end', () => resolve({ status, frames }));
    s.on('error', reject);
  });
}

async function withSession<T>(run: (s: ClientHttp2Session) => Promise<T>): Promise<T> {
  const session = connect(f.url());
  try {
    return await run(session);
  } finally {
    session.close();
  }
}

const closeQuery = async (queryId: string): Promise<number> =>
  (await f.post('/close-query', { queryId }, 'application/json')).status;

describe('HTTP/2 prior knowledge on the HTTP/1.1 port', () => {
  it('answers /info, /ksql and /inserts-stream with one DATA frame per ack', async () => {
    await withSession(async (session) => {
      const info = await collect(open(session, '/info', undefined, 'GET'));
      expect(info.status).toBe(200);
      expect(JSON.parse(info.frames.join(''))).toHaveProperty('KsqlServerInfo');
      const created = await collect(
        open(session, '/ksql', {
          ksql: "CREATE STREAM h2s (id VARCHAR KEY, b INT) WITH (kafka_topic='h2s', partitions=1, value_format='JSON');",
        }),
      );
      expect(created.status).toBe(200);
      const ins = session.request({ ':method': 'POST', ':path': '/inserts-stream' });
      const acks = collect(ins);
      ins.write(JSON.stringify({ target: 'h2s' }) + '\n');
      for (let i = 0; i < 3; i++) ins.write(JSON.stringify({ ID: `k${i}`, B: i }) + '\n');
      ins.end();
      const r = await acks;
      expect(r.status).toBe(200);
      expect(r.frames.map((fr) => JSON.parse(fr) as unknown)).toEqual([
        { status: 'ok', seq: 0 },
        { status: 'ok', seq: 1 },
        { status: 'ok', seq: 2 },
      ]);
    });
  });

  it('streams a push query with LIMIT: the header and each row in their own DATA frame', async () => {
    await withSession(async (session) => {
      const r = await collect(
        open(session, '/query-stream', {
          sql: 'SELECT B FROM h2s EMIT CHANGES LIMIT 3;',
          properties: { 'auto.offset.reset': 'earliest' },
        }),
      );
      expect(r.status).toBe(200);
      const values = r.frames.map((fr) => JSON.parse(fr) as unknown);
      expect(values).toHaveLength(4);
      expect(values[0]).toMatchObject({ columnNames: ['B'] });
      expect(values.slice(1)).toEqual([[0], [1], [2]]);
    });
  });

  it('runs push queries that leave out the key or the grouping column, as ksqlDB does', async () => {
    await withSession(async (session) => {
      const r = await collect(
        open(session, '/query-stream', {
          sql: 'SELECT COUNT(*) AS n FROM h2s GROUP BY ID EMIT CHANGES LIMIT 3;',
          properties: { 'auto.offset.reset': 'earliest' },
        }),
      );
      const values = r.frames.map((fr) => JSON.parse(fr) as unknown);
      expect(values[0]).toMatchObject({ columnNames: ['N'], columnTypes: ['BIGINT'] });
      expect(values.slice(1)).toEqual([[1], [1], [1]]);
    });
  });

  const pushUntilHeader = (
    session: ClientHttp2Session,
  ): Promise<{ stream: ClientHttp2Stream; queryId: string; done: Promise<H2Reply> }> =>
    new Promise((resolve) => {
      const stream = open(session, '/query-stream', { sql: 'SELECT * FROM h2s EMIT CHANGES;' });
      const done = collect(stream, (frame, all) => {
        if (all.length === 1) resolve({ stream, queryId: (JSON.parse(frame) as { queryId: string }).queryId, done });
      });
    });

  it('/close-query ends an HTTP/2 push query', async () => {
    await withSession(async (session) => {
      const q = await pushUntilHeader(session);
      expect(await closeQuery(q.queryId)).toBe(200);
      const r = await q.done;
      expect(r.status).toBe(200);
      expect(await closeQuery(q.queryId)).not.toBe(200);
    });
  });

  it("a client's RST_STREAM or vanished connection ends the push query", async () => {
    const session = connect(f.url());
    const reset = await pushUntilHeader(session);
    reset.done.catch(() => undefined);
    reset.stream.close(constants.NGHTTP2_CANCEL);
    const gone = await pushUntilHeader(session);
    gone.done.catch(() => undefined);
    session.destroy();
    await expect.poll(() => closeQuery(reset.queryId)).not.toBe(200);
    await expect.poll(() => closeQuery(gone.queryId)).not.toBe(200);
    // the server still answers a new query
    const again = await withSession((s) =>
      collect(
        open(s, '/query-stream', {
          sql: 'SELECT * FROM h2s EMIT CHANGES LIMIT 1;',
          properties: { 'auto.offset.reset': 'earliest' },
        }),
      ),
    );
    expect(again.frames).toHaveLength(2);
  });

  it('curl --http2-prior-knowledge: /query is framed as ksqlDB writes it', async () => {
    const body = JSON.stringify({
      ksql: 'SELECT B FROM h2s EMIT CHANGES LIMIT 2;',
      streamsProperties: { 'auto.offset.reset': 'earliest' },
    });
    for (const proto of ['--http2-prior-knowledge', '--http1.1']) {
      const r = await execa('curl', [
        '-sS',
        proto,
        '-w',
        '\n%{http_version}',
        '-H',
        'Content-Type: application/json',
        '-d',
        body,
        f.url() + '/query',
      ]);
      const version = r.stdout.slice(r.stdout.lastIndexOf('\n') + 1);
      expect(version).toBe(proto === '--http1.1' ? '1.1' : '2');
      expect(r.stdout.slice(0, r.stdout.lastIndexOf('\n'))).toMatch(
        /^\[\{"header":\{"queryId":"[^"]+","schema":"`B` INTEGER"\}\},\n\{"row":\{"columns":\[0\]\}\},\n\{"row":\{"columns":\[1\]\}\},\n\{"finalMessage":"Limit Reached"\}\]\n$/,
      );
    }
  });

  it('an idle /query push query sends "\\n" keep-alives', async () => {
    const ac = new AbortController();
    const r = await fetch(f.url() + '/query', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ksql: "SELECT * FROM h2s WHERE ID = 'never' EMIT CHANGES;" }),
      signal: ac.signal,
    });
    const reader = r.body!.getReader();
    const dec = new TextDecoder();
    let text = '';
    // the header, then (with no row to send) at least one keep-alive
    while (!/\},\n\n/.test(text)) text += dec.decode((await reader.read()).value);
    ac.abort();
    expect(text).toMatch(/^\[\{"header":\{[^\n]*\}\},\n\n+$/);
  });
});
