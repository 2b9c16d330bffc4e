// The npm `ksqldb-client` (1.0.5, a third-party client nobody here wrote) against `ziem ksql serve`.
// The client speaks only HTTP/2 (node:http2 `connect`, prior knowledge on http://), so every step
// below is an HTTP/2 call: statements on /ksql, pull queries on /query-stream (application/json),
// push queries on /query-stream (delimited, one JSON value per DATA frame), inserts on
// /inserts-stream and /close-query. Where the client's own code fails on an answer ksqlDB also
// gives, the test says so and checks the effect another way.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { KsqldbClient, type Data } from './ksqldb-client.js';
import { serve, type Served } from './serve-process.js';

let server: Served;
let client: KsqldbClient;
const earliest = { streamsProperties: { 'auto.offset.reset': 'earliest' } };

beforeAll(async () => {
  server = await serve();
  const u = new URL(server.url);
  client = new KsqldbClient({ host: `http://${u.hostname}`, port: Number(u.port) });
  await client.connect();
});

afterAll(async () => {
  await client?.disconnect();
  await server?.stop();
});

/** Rows of a push query as the client hands them to its callback (header first, then rows). */
function pushRows(calls: Data[]): unknown[] {
  return calls.flatMap((c) => c.rows ?? []);
}

describe('npm ksqldb-client over HTTP/2', () => {
  it('creates a stream and a table (CREATE STREAM/TABLE on /ksql)', async () => {
    const s = await client.executeStatement(
      "CREATE STREAM npm_s (id VARCHAR KEY, b INT) WITH (kafka_topic='npm_s', partitions=1, value_format='JSON');",
    );
    expect(s.status).toBe(200);
    expect(s.data!.rows![0]).toMatchObject({
      '@type': 'currentStatus',
      commandStatus: { status: 'SUCCESS', message: 'Stream created' },
    });
    const t = await client.executeStatement(
      "CREATE TABLE npm_t (id VARCHAR PRIMARY KEY, b INT) WITH (kafka_topic='npm_t', partitions=1, value_format='JSON');",
    );
    expect(t.status).toBe(200);
    expect(t.data!.rows![0]).toMatchObject({ commandStatus: { status: 'SUCCESS', message: 'Table created' } });
    const streams = await client.listStreams();
    expect(streams.map((x) => x.name)).toContain('NPM_S');
    const tables = await client.listTables();
    expect(tables.find((x) => x.name === 'NPM_T')).toMatchObject({ topic: 'npm_t', isWindowed: false });
  });

  it('INSERT VALUES lands the row (the client cannot read ksqlDB’s empty answer to it)', async () => {
    // ksqlDB answers INSERT … VALUES on /ksql with an empty entity list `[]` (InsertValuesExecutor
    // returns no entity); the client's StatementHandler reads `[0].commandId` from it and throws
    await expect(client.executeStatement("INSERT INTO npm_s (id, b) VALUES ('v1', 1);")).rejects.toThrow(/commandId/);
    const calls: Data[] = [];
    const r = await client.streamQuery('SELECT * FROM npm_s EMIT CHANGES LIMIT 1;', (d) => calls.push(d), earliest);
    expect(r.status).toBe(200);
    expect(pushRows(calls)).toEqual([{ ID: 'v1', B: 1 }]);
  });

  it('inserts rows through /inserts-stream and gets an ack for each', async () => {
    const a = await client.insertInto('NPM_S', { ID: 'i2', B: 2 });
    expect(a.status).toBe(200);
    expect(a.data.rows).toEqual([{ status: 'ok', seq: 0 }]);
    const b = await client.insertInto('NPM_S', { ID: 'i3', B: 3 });
    expect(b.data.rows).toEqual([{ status: 'ok', seq: 0 }]);
    const t = await client.insertInto('NPM_T', { ID: 'k1', B: 7 });
    expect(t.data.rows).toEqual([{ status: 'ok', seq: 0 }]);
  });

  it('an insert into an unknown target fails (the client cannot read ksqlDB’s 400 error object)', async () => {
    // ksqlDB answers 400 {"@type":"generic_error",…,"message":"Cannot insert values into an unknown
    // stream/table: …"}; the client destructures the body as an array of acks and rejects
    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await expect(client.insertInto('NPM_NOPE', { ID: 'x', B: 1 })).rejects.toThrow(/iterable/);
      expect(printed).toHaveBeenCalledWith('Error parsing query data.');
    } finally {
      printed.mockRestore();
    }
    // the connection still serves the next call
    expect((await client.insertInto('NPM_T', { ID: 'k2', B: 8 })).status).toBe(200);
  });

  it('runs a push query with LIMIT to its end: the header, then each row', async () => {
    const calls: Data[] = [];
    const r = await client.streamQuery('SELECT ID, B FROM npm_s EMIT CHANGES LIMIT 3;', (d) => calls.push(d), earliest);
    expect(r.status).toBe(200);
    expect(r.data!.metadata).toMatchObject({ columnNames: ['ID', 'B'], columnTypes: ['STRING', 'INTEGER'] });
    expect(r.data!.metadata.queryId).toMatch(/^transient_NPM_S_\d+$/);
    expect(pushRows(calls)).toEqual([
      { ID: 'v1', B: 1 },
      { ID: 'i2', B: 2 },
      { ID: 'i3', B: 3 },
    ]);
  });

  it('closes a running push query with /close-query', async () => {
    const calls: Data[] = [];
    let queryId = '';
    const running = client.streamQuery('SELECT B FROM npm_s WHERE B > 10 EMIT CHANGES;', (d) => {
      calls.push(d);
      if (d.metadata.queryId) queryId = d.metadata.queryId;
    });
    await expect.poll(() => queryId).not.toBe('');
    // the query is live: a row inserted now reaches it
    await client.insertInto('NPM_S', { ID: 'live', B: 11 });
    await expect.poll(() => pushRows(calls)).toEqual([{ B: 11 }]);
    const closed = await client.terminatePushQuery(queryId);
    expect(closed.status).toBe(200);
    // the stream ends, so the client's promise settles
    const r = await running;
    expect(r.status).toBe(200);
    const again = await client.terminatePushQuery(queryId);
    expect(again.status).toBe(400);
    expect(again.error).toMatchObject({ message: `No query with id ${queryId}` });
  });

  it('answers a pull query by key on a plain table', async () => {
    const r = await client.query("SELECT * FROM npm_t WHERE id = 'k1';");
    expect(r.status).toBe(200);
    expect(r.data!.metadata).toMatchObject({ columnNames: ['ID', 'B'], columnTypes: ['STRING', 'INTEGER'] });
    expect(r.data!.rows).toEqual([{ ID: 'k1', B: 7 }]);
    const none = await client.query("SELECT * FROM npm_t WHERE id = 'absent';");
    expect(none.status).toBe(200);
    expect(none.data!.rows).toEqual([]);
  });

  it('answers pull queries by key on a windowed table, with and without window bounds', async () => {
    const c = await client.executeStatement(
      'CREATE TABLE npm_w AS SELECT id, COUNT(*) AS n FROM npm_s WINDOW TUMBLING (SIZE 1 HOUR) GROUP BY id;',
      earliest,
    );
    expect(c.status).toBe(200);
    await vi.waitUntil(
      async () => ((await client.query("SELECT * FROM npm_w WHERE id = 'v1';")).data?.rows ?? []).length > 0,
      {
        timeout: 10_000,
        interval: 100,
      },
    );
    const r = await client.query("SELECT * FROM npm_w WHERE id = 'v1';");
    expect(r.data!.metadata).toMatchObject({
      columnNames: ['ID', 'WINDOWSTART', 'WINDOWEND', 'N'],
      columnTypes: ['STRING', 'BIGINT', 'BIGINT', 'BIGINT'],
    });
    const [row] = r.data!.rows as Array<{ ID: string; WINDOWSTART: number; WINDOWEND: number; N: number }>;
    expect(row).toMatchObject({ ID: 'v1', N: 1 });
    expect(row!.WINDOWEND - row!.WINDOWSTART).toBe(3_600_000);
    const inside = await client.query(
      `SELECT * FROM npm_w WHERE id = 'v1' AND WINDOWSTART >= ${row!.WINDOWSTART} AND WINDOWEND <= ${row!.WINDOWEND};`,
    );
    expect(inside.data!.rows).toEqual([row]);
    const after = await client.query(`SELECT * FROM npm_w WHERE id = 'v1' AND WINDOWSTART > ${row!.WINDOWSTART};`);
    expect(after.status).toBe(200);
    expect(after.data!.rows).toEqual([]);
  });

  it('SHOW STREAMS EXTENDED answers source_descriptions (which the client does not know)', async () => {
    // the client's StatementHandler accepts only the entity types it lists and throws on the rest,
    // quoting the answer: ksqlDB's own `source_descriptions` is one of those
    const err = await client.executeStatement('SHOW STREAMS EXTENDED;').then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/^Unexpected server response type\. Response: /);
    const entity = JSON.parse(err!.message.replace(/^Unexpected server response type\. Response: /, '')) as {
      '@type': string;
      sourceDescriptions: Array<{ name: string; topic: string; readQueries: Array<{ sinkKafkaTopics: string[] }> }>;
    };
    expect(entity['@type']).toBe('source_descriptions');
    const s = entity.sourceDescriptions.find((d) => d.name === 'NPM_S');
    expect(s).toMatchObject({ topic: 'npm_s', extended: true });
    expect(s!.readQueries.map((q) => q.sinkKafkaTopics)).toEqual([['NPM_W']]);
  });

  it('TERMINATEs a persistent query and DROPs its stream', async () => {
    const c = await client.executeStatement('CREATE STREAM npm_copy AS SELECT * FROM npm_s;');
    expect(c.status).toBe(200);
    const queryId = (c.data!.rows![0] as { commandStatus: { queryId: string } }).commandStatus.queryId;
    expect((await client.listQueries()).map((q) => q.id)).toContain(queryId);
    const t = await client.executeStatement(`TERMINATE ${queryId};`);
    expect(t.status).toBe(200);
    expect(t.data!.rows![0]).toMatchObject({ commandStatus: { status: 'SUCCESS', message: 'Query terminated.' } });
    expect((await client.listQueries()).map((q) => q.id)).not.toContain(queryId);
    const d = await client.executeStatement('DROP STREAM npm_copy;');
    expect(d.status).toBe(200);
    expect(d.data!.rows![0]).toMatchObject({ commandStatus: { status: 'SUCCESS' } });
    expect((await client.listStreams()).map((s) => s.name)).not.toContain('NPM_COPY');
  });

  it('surfaces the error of a bad statement and of a query on a missing source', async () => {
    const bad = await client.executeStatement('CREATE STREAM npm_bad WITH;');
    expect(bad.status).toBe(400);
    expect(bad.error).toMatchObject({ '@type': 'statement_error', error_code: 40001 });
    expect((bad.error as unknown as { message: string }).message).toMatch(/Syntax Error/);
    const missing = await client.query('SELECT * FROM npm_missing;');
    expect(missing.status).toBe(400);
    expect(missing.error).toMatchObject({ error_code: 40001, message: 'NPM_MISSING does not exist.' });
  });
});
