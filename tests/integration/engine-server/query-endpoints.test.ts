// /query-stream (delimited and JSON), /query (old format), /inserts-stream, /close-query, /info
// and /healthcheck against the real server, driven with fetch (shapes of ksqldb-notes §1.5).
import { beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { lines, useServer } from './fixture.js';

const f = useServer();
const DELIMITED = 'application/vnd.ksqlapi.delimited.v1';

beforeAll(async () => {
  await f.ksql(
    "CREATE STREAM pkts (src STRING KEY, bytes BIGINT, proto STRING) WITH (kafka_topic='pkts', value_format='json', partitions=1);",
  );
  await f.ksql('CREATE TABLE bytes_by_src AS SELECT src, SUM(bytes) AS total, COUNT(*) AS n FROM pkts GROUP BY src;');
});

describe('/inserts-stream', () => {
  it('acks every row by seq, errors included, and the rows reach the queries', async () => {
    const body =
      [
        '{"target":"Pkts"}',
        '{"SRC":"10.0.0.1","BYTES":100,"PROTO":"tcp"}',
        '{"src":"10.0.0.2","bytes":"7","proto":"udp"}',
        '{"src":"10.0.0.1","bytes":"many"}',
        '[1,2]',
        '{"src":"10.0.0.1","bytes":50,"proto":"tcp"}',
      ].join('\n') + '\n';
    const r = await f.post('/inserts-stream', body, DELIMITED);
    expect(r.status).toBe(200);
    const acks = lines(r.text) as Array<Record<string, unknown>>;
    expect(acks.map((a) => [a['seq'], a['status']])).toEqual([
      [0, 'ok'],
      [1, 'ok'],
      [2, 'error'],
      [3, 'error'],
      [4, 'ok'],
    ]);
    expect(acks[2]).toMatchObject({ error_code: 40000, message: expect.stringContaining('BIGINT') as string });
  });

  it('acks as one JSON array for application/json', async () => {
    const r = await f.post(
      '/inserts-stream',
      '{"target":"PKTS"}\n{"src":"10.0.0.3","bytes":1,"proto":"icmp"}\n',
      'application/json',
    );
    expect(r.json()).toEqual([{ status: 'ok', seq: 0 }]);
  });

  it('an unknown target is 400 40000', async () => {
    const r = await f.post('/inserts-stream', '{"target":"nope"}\n{"a":1}\n', DELIMITED);
    expect(r.status).toBe(400);
    expect(r.json()).toMatchObject({ '@type': 'generic_error', error_code: 40000 });
  });
});

describe('/query-stream', () => {
  it('pull query by key, delimited: metadata line then one array per row', async () => {
    const r = await f.post(
      '/query-stream',
      { sql: "SELECT * FROM bytes_by_src WHERE src = '10.0.0.1';", properties: {} },
      DELIMITED,
    );
    expect(r.status).toBe(200);
    expect(r.type).toContain(DELIMITED);
    const [meta, ...rows] = lines(r.text) as [Record<string, unknown>, ...unknown[]];
    expect(meta).toEqual({
      queryId: expect.stringMatching(/^transient_BYTES_BY_SRC_\d+$/) as string,
      columnNames: ['SRC', 'TOTAL', 'N'],
      columnTypes: ['STRING', 'BIGINT', 'BIGINT'],
    });
    expect(rows).toEqual([['10.0.0.1', 150, 2]]);
  });

  it('pull query with a projection and no match returns only the metadata', async () => {
    const r = await f.post(
      '/query-stream',
      { sql: "SELECT total FROM bytes_by_src WHERE src = '192.168.1.1';" },
      DELIMITED,
    );
    expect(lines(r.text)).toEqual([
      { queryId: expect.any(String) as string, columnNames: ['TOTAL'], columnTypes: ['BIGINT'] },
    ]);
  });

  it('push query with LIMIT in application/json: one array, ends at the limit', async () => {
    const r = await f.post(
      '/query-stream',
      { sql: 'SELECT src, bytes FROM pkts EMIT CHANGES LIMIT 3;', properties: { 'auto.offset.reset': 'earliest' } },
      'application/json',
    );
    expect(r.status).toBe(200);
    const body = r.json() as unknown[];
    expect(body[0]).toMatchObject({ columnNames: ['SRC', 'BYTES'], columnTypes: ['STRING', 'BIGINT'] });
    expect(body.slice(1)).toEqual([
      ['10.0.0.1', 100],
      ['10.0.0.2', 7],
      ['10.0.0.1', 50],
    ]);
  });

  it('push query streams new rows as they are inserted and /close-query ends it', async () => {
    const res = await fetch(f.url() + '/query-stream', {
      method: 'POST',
      headers: { Accept: DELIMITED },
      body: JSON.stringify({ sql: "SELECT * FROM pkts WHERE proto = 'live' EMIT CHANGES;" }),
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let text = '';
    const readLines = async (n: number): Promise<unknown[]> => {
      while (lines(text).length < n) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      return lines(text);
    };
    const [meta] = (await readLines(1)) as [{ queryId: string }];
    await f.post(
      '/inserts-stream',
      '{"target":"PKTS"}\n{"src":"h1","bytes":9,"proto":"live"}\n{"src":"h2","bytes":1,"proto":"dead"}\n',
      DELIMITED,
    );
    expect((await readLines(2)).slice(1)).toEqual([['h1', 9, 'live']]);
    const close = await f.post('/close-query', { queryId: meta.queryId }, 'application/json');
    expect(close.status).toBe(200);
    expect(close.text).toBe('');
    const { done } = await reader.read();
    expect(done).toBe(true);
    const again = await f.post('/close-query', { queryId: meta.queryId }, 'application/json');
    expect(again.status).toBe(400);
  });

  it('a windowed aggregation streams its rows with WINDOWSTART and WINDOWEND', async () => {
    await f.ksql(
      "CREATE STREAM clicks (user STRING KEY, n INT) WITH (kafka_topic='clicks', value_format='json', partitions=1);",
    );
    await f.post(
      '/inserts-stream',
      '{"target":"CLICKS"}\n{"user":"u1","n":1,"ROWTIME":1000}\n{"user":"u1","n":2,"ROWTIME":2000}\n{"user":"u2","n":5,"ROWTIME":61000}\n',
      DELIMITED,
    );
    const r = await f.post(
      '/query-stream',
      {
        sql: 'SELECT user, WINDOWSTART AS ws, WINDOWEND AS we, SUM(n) AS total FROM clicks WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY user EMIT CHANGES LIMIT 3;',
        properties: { 'auto.offset.reset': 'earliest' },
      },
      DELIMITED,
    );
    const [meta, ...rows] = lines(r.text) as [{ columnNames: string[] }, ...unknown[]];
    expect(meta.columnNames).toEqual(['USER', 'WS', 'WE', 'TOTAL']);
    expect(rows).toEqual([
      ['u1', 0, 60000, 1],
      ['u1', 0, 60000, 3],
      ['u2', 60000, 120000, 5],
    ]);
  });

  it('a push query on a table streams its changes', async () => {
    const r = await f.post(
      '/query-stream',
      { sql: 'SELECT * FROM bytes_by_src EMIT CHANGES LIMIT 2;', properties: { 'auto.offset.reset': 'earliest' } },
      DELIMITED,
    );
    const [meta, ...rows] = lines(r.text) as [{ columnNames: string[] }, ...unknown[]];
    expect(meta.columnNames).toEqual(['SRC', 'TOTAL', 'N']);
    expect(rows).toEqual([
      ['10.0.0.1', 100, 1],
      ['10.0.0.2', 7, 1],
    ]);
  });

  it('a client leaving ends its push query; TERMINATE of a transient id on /ksql ends another', async () => {
    const ac = new AbortController();
    const res = await fetch(f.url() + '/query-stream', {
      method: 'POST',
      headers: { Accept: DELIMITED },
      body: JSON.stringify({ sql: 'SELECT * FROM pkts EMIT CHANGES;' }),
      signal: ac.signal,
    });
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const { queryId } = lines(first)[0] as { queryId: string };
    ac.abort();
    await reader.read().catch(() => undefined);
    let closed = 0;
    for (let i = 0; i < 50 && closed !== 400; i++) {
      closed = (await f.post('/close-query', { queryId }, 'application/json')).status;
      if (closed !== 400) await new Promise((r) => setTimeout(r, 20));
    }
    expect(closed).toBe(400);

    const res2 = await fetch(f.url() + '/query-stream', {
      method: 'POST',
      headers: { Accept: DELIMITED },
      body: JSON.stringify({ sql: 'SELECT * FROM pkts EMIT CHANGES;' }),
    });
    const reader2 = res2.body!.getReader();
    const id2 = (lines(new TextDecoder().decode((await reader2.read()).value))[0] as { queryId: string }).queryId;
    const t = await f.ksql(`TERMINATE ${id2};`);
    expect(t.json()).toEqual([
      {
        '@type': 'terminate_query',
        statementText: `TERMINATE ${id2};`,
        warnings: [],
        queryId: id2.toUpperCase(),
        wasTerminated: true,
      },
    ]);
    expect((await reader2.read()).done).toBe(true);
  });

  it('a SELECT on an unknown source is 400 40001; a non-query is refused', async () => {
    const r = await f.post('/query-stream', { sql: 'SELECT * FROM nowhere EMIT CHANGES;' }, DELIMITED);
    expect(r.status).toBe(400);
    expect(r.json()).toMatchObject({ '@type': 'statement_error', error_code: 40001 });
    const ddl = await f.post('/query-stream', { sql: 'SHOW STREAMS;' }, DELIMITED);
    expect(ddl.status).toBe(400);
  });

  it('HTTP/1.0 is refused with 400', async () => {
    const port = Number(new URL(f.url()).port);
    const body = JSON.stringify({ sql: 'SELECT * FROM pkts EMIT CHANGES LIMIT 1;' });
    const reply = await new Promise<string>((resolve, reject) => {
      // node's client always speaks HTTP/1.1, so write the request by hand
      const sock = connect(port, '127.0.0.1', () =>
        sock.write(`POST /query-stream HTTP/1.0\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`),
      );
      let text = '';
      sock.on('data', (c: Buffer) => (text += c.toString()));
      sock.on('end', () => resolve(text));
      sock.on('error', reject);
    });
    expect(reply.split('\r\n')[0]).toMatch(/^HTTP\/1\.[01] 400/);
    expect(reply).toContain('"error_code":40000');
  });
});

describe('/query (old format)', () => {
  it('header, rows and finalMessage in one array separated by ",\\n"', async () => {
    const r = await f.post('/query', {
      ksql: 'SELECT * FROM pkts EMIT CHANGES LIMIT 1;',
      streamsProperties: { 'ksql.streams.auto.offset.reset': 'earliest' },
    });
    expect(r.status).toBe(200);
    expect(r.text.split(',\n')).toHaveLength(3);
    const body = r.json() as Array<Record<string, unknown>>;
    expect(body[0]).toEqual({
      header: { queryId: expect.any(String) as string, schema: '`SRC` STRING, `BYTES` BIGINT, `PROTO` STRING' },
    });
    expect(body[1]).toEqual({ row: { columns: ['10.0.0.1', 100, 'tcp'] } });
    expect(body[2]).toEqual({ finalMessage: 'Limit Reached' });
  });
});

describe('server endpoints', () => {
  it('/close-query with an unknown id is 400 40000', async () => {
    const r = await f.post('/close-query', { queryId: 'transient_X_1' }, 'application/json');
    expect(r.status).toBe(400);
    expect(r.json()).toEqual({
      '@type': 'generic_error',
      error_code: 40000,
      message: 'No query with id transient_X_1',
    });
  });

  it('/info reports version 0.29.0', async () => {
    const r = await f.get('/info');
    expect(r.json()).toEqual({
      KsqlServerInfo: {
        version: '0.29.0',
        kafkaClusterId: expect.any(String) as string,
        ksqlServiceId: 'default_',
        serverStatus: 'RUNNING',
      },
    });
  });

  it('/healthcheck has the documented shape', async () => {
    const r = await f.get('/healthcheck');
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({
      isHealthy: true,
      details: { metastore: { isHealthy: true }, kafka: { isHealthy: true }, commandRunner: { isHealthy: true } },
      serverState: 'READY',
    });
  });
});
