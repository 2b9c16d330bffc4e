// POST /ksql and GET /status against the real server: entities field by field as in
// shared/docs/ksqldb-notes.md §1.2, validation before execution, and the error bodies of §1.4.
import { describe, expect, it } from 'vitest';
import { useServer } from './fixture.js';

const f = useServer({ sequenceWaitMs: 300 });

const FLOWS =
  "CREATE STREAM flows (src STRING KEY, dst STRING, n BIGINT) WITH (kafka_topic='flows', value_format='json', partitions=2);";

describe('CREATE and queries', () => {
  it('CREATE STREAM returns a currentStatus entity with the rewritten statement', async () => {
    const r = await f.ksql(FLOWS);
    expect(r.status).toBe(200);
    expect(r.type).toContain('application/json');
    const [e] = r.json() as Array<Record<string, unknown>>;
    expect(e).toEqual({
      '@type': 'currentStatus',
      statementText:
        "CREATE STREAM FLOWS (SRC STRING KEY, DST STRING, N BIGINT) WITH (CLEANUP_POLICY='delete', KAFKA_TOPIC='flows', KEY_FORMAT='KAFKA', PARTITIONS=2, REPLICAS=1, VALUE_FORMAT='JSON');",
      commandId: 'stream/`FLOWS`/create',
      commandStatus: { status: 'SUCCESS', message: 'Stream created', queryId: null },
      commandSequenceNumber: expect.any(Number) as number,
      warnings: [],
    });
  });

  it('CREATE TABLE, CSAS and CTAS', async () => {
    const table = (
      await f.ksql(
        "CREATE TABLE hosts (ip STRING PRIMARY KEY, name STRING) WITH (kafka_topic='hosts', value_format='json', partitions=1);",
      )
    ).json() as Array<Record<string, unknown>>;
    expect(table[0]).toMatchObject({
      '@type': 'currentStatus',
      commandId: 'table/`HOSTS`/create',
      commandStatus: { status: 'SUCCESS', message: 'Table created', queryId: null },
    });
    expect(table[0]!['statementText']).toContain("CLEANUP_POLICY='compact'");

    const csas = (await f.ksql('CREATE STREAM big AS SELECT * FROM flows WHERE n > 100;')).json() as Array<
      Record<string, unknown>
    >;
    const cs = csas[0]!['commandStatus'] as { message: string; queryId: string };
    expect(csas[0]).toMatchObject({
      '@type': 'currentStatus',
      commandId: 'stream/`BIG`/create',
      commandStatus: { status: 'SUCCESS' },
    });
    expect(cs.queryId).toMatch(/^CSAS_BIG_\d+$/);
    expect(cs.message).toBe(`Created query with ID ${cs.queryId}`);
    expect(csas[0]!['statementText']).toMatch(
      /^CREATE STREAM BIG WITH \(CLEANUP_POLICY='delete', KAFKA_TOPIC='BIG', KEY_FORMAT='KAFKA', PARTITIONS=2, REPLICAS=1, VALUE_FORMAT='JSON'\) AS SELECT[\s\S]*EMIT CHANGES;$/,
    );

    const ctas = (
      await f.ksql('CREATE TABLE per_src AS SELECT src, COUNT(*) AS c FROM flows GROUP BY src;')
    ).json() as Array<Record<string, unknown>>;
    expect((ctas[0]!['commandStatus'] as { queryId: string }).queryId).toMatch(/^CTAS_PER_SRC_\d+$/);
    expect(ctas[0]!['commandId']).toBe('table/`PER_SRC`/create');
    const seqs = [table, csas, ctas].map((x) => x[0]!['commandSequenceNumber'] as number);
    expect(seqs[1]!).toBeGreaterThan(seqs[0]!);
    expect(seqs[2]!).toBeGreaterThan(seqs[1]!);
  });

  it('IF NOT EXISTS on an existing source is a warning_entity', async () => {
    const r = await f.ksql(
      "CREATE STREAM IF NOT EXISTS flows (src STRING KEY) WITH (kafka_topic='flows', value_format='json');",
    );
    expect(r.status).toBe(200);
    expect(r.json()).toEqual([
      {
        '@type': 'warning_entity',
        statementText: expect.any(String) as string,
        warnings: [],
        message: 'Cannot add stream FLOWS: A stream with the same name already exists.',
      },
    ]);
  });

  it('SHOW STREAMS, TABLES and QUERIES list what exists', async () => {
    const [streams, tables, queries] = (await f.ksql('SHOW STREAMS; LIST TABLES; SHOW QUERIES;')).json() as Array<
      Record<string, unknown>
    >;
    expect(streams).toMatchObject({ '@type': 'streams', statementText: 'SHOW STREAMS;', warnings: [] });
    expect(streams!['streams']).toEqual([
      { type: 'STREAM', name: 'BIG', topic: 'BIG', keyFormat: 'KAFKA', valueFormat: 'JSON', isWindowed: false },
      { type: 'STREAM', name: 'FLOWS', topic: 'flows', keyFormat: 'KAFKA', valueFormat: 'JSON', isWindowed: false },
    ]);
    expect((tables!['tables'] as Array<{ name: string }>).map((t) => t.name)).toEqual(['HOSTS', 'PER_SRC']);
    const q = queries!['queries'] as Array<Record<string, unknown>>;
    expect(q.map((x) => x['sinks'])).toEqual([['BIG'], ['PER_SRC']]);
    expect(q[0]).toMatchObject({
      sinkKafkaTopics: ['BIG'],
      statusCount: { RUNNING: 1 },
      queryType: 'PERSISTENT',
      state: 'RUNNING',
    });
    expect(q[0]!['queryString']).toMatch(/^CREATE STREAM BIG WITH/);
  });

  it('DESCRIBE gives the sourceDescription fields', async () => {
    const [d] = (await f.ksql('DESCRIBE big;')).json() as Array<{ sourceDescription: Record<string, unknown> }>;
    const sd = d!.sourceDescription;
    expect(sd).toMatchObject({
      name: 'BIG',
      type: 'STREAM',
      topic: 'BIG',
      keyFormat: 'KAFKA',
      valueFormat: 'JSON',
      windowType: null,
      readQueries: [],
      extended: false,
      partitions: 0,
      replication: 0,
      timestamp: '',
      statistics: '',
      errorStats: '',
      queryOffsetSummaries: [],
      sourceConstraints: [],
      clusterStatistics: [],
      clusterErrorStats: [],
    });
    expect(sd['fields']).toEqual([
      { name: 'SRC', schema: { type: 'STRING', fields: null, memberSchema: null }, type: 'KEY' },
      { name: 'DST', schema: { type: 'STRING', fields: null, memberSchema: null } },
      { name: 'N', schema: { type: 'BIGINT', fields: null, memberSchema: null } },
    ]);
    expect((sd['writeQueries'] as Array<{ id: string }>)[0]!.id).toMatch(/^CSAS_BIG_/);
    expect(sd['statement']).toMatch(/^CREATE STREAM BIG WITH/);
    const [ext] = (await f.ksql('DESCRIBE flows EXTENDED;')).json() as Array<{
      sourceDescription: Record<string, unknown>;
    }>;
    expect(ext!.sourceDescription).toMatchObject({ extended: true, partitions: 2, replication: 1 });
    expect((ext!.sourceDescription['readQueries'] as unknown[]).length).toBe(2);
  });

  it('DESCRIBE shows STRUCT children and ARRAY/MAP members', async () => {
    await f.ksql(
      "CREATE STREAM nested (id INT KEY, s STRUCT<a STRING, b ARRAY<INT>>, m MAP<STRING, DOUBLE>) WITH (kafka_topic='nested', value_format='json', partitions=1);",
    );
    const [d] = (await f.ksql('DESCRIBE nested;')).json() as Array<{ sourceDescription: { fields: unknown[] } }>;
    expect(d!.sourceDescription.fields).toEqual([
      { name: 'ID', schema: { type: 'INTEGER', fields: null, memberSchema: null }, type: 'KEY' },
      {
        name: 'S',
        schema: {
          type: 'STRUCT',
          memberSchema: null,
          fields: [
            { name: 'A', schema: { type: 'STRING', fields: null, memberSchema: null } },
            {
              name: 'B',
              schema: {
                type: 'ARRAY',
                fields: null,
                memberSchema: { type: 'INTEGER', fields: null, memberSchema: null },
              },
            },
          ],
        },
      },
      {
        name: 'M',
        schema: { type: 'MAP', fields: null, memberSchema: { type: 'DOUBLE', fields: null, memberSchema: null } },
      },
    ]);
  });
});

describe('errors', () => {
  it('a request with one bad statement runs nothing (40001 naming it)', async () => {
    const r = await f.ksql(
      "CREATE STREAM good1 (a INT) WITH (kafka_topic='good1', value_format='json', partitions=1);\nCREATE STREAM bad AS SELECT nope FROM flows;",
    );
    expect(r.status).toBe(400);
    const body = r.json() as Record<string, unknown>;
    expect(body).toMatchObject({
      '@type': 'statement_error',
      error_code: 40001,
      statementText: 'CREATE STREAM bad AS SELECT nope FROM flows;',
      entities: [],
    });
    expect(body['message']).toContain('NOPE');
    const [streams] = (await f.ksql('SHOW STREAMS;')).json() as Array<{ streams: Array<{ name: string }> }>;
    expect(streams!.streams.map((s) => s.name)).not.toContain('GOOD1');
  });

  it('later statements see earlier ones of the same request during validation', async () => {
    const r = await f.ksql(
      "CREATE STREAM chain1 (a INT) WITH (kafka_topic='chain1', value_format='json', partitions=1); CREATE STREAM chain2 AS SELECT * FROM chain1;",
    );
    expect(r.status).toBe(200);
    expect((r.json() as unknown[]).length).toBe(2);
  });

  it('an existing name is a statement_error with ksqlDB wording', async () => {
    const r = await f.ksql(
      "CREATE TABLE flows (k STRING PRIMARY KEY, v INT) WITH (kafka_topic='flows', value_format='json');",
    );
    expect(r.status).toBe(400);
    expect(r.json()).toMatchObject({
      error_code: 40001,
      message: "Cannot add table 'FLOWS': A stream with the same name already exists",
    });
  });

  it('a syntax error is 40001 naming the statement', async () => {
    const r = await f.ksql('CREATE STREM x (a INT);');
    expect(r.status).toBe(400);
    expect(r.json()).toMatchObject({ '@type': 'statement_error', error_code: 40001 });
  });

  it('SELECT and PRINT on /ksql are 40002', async () => {
    for (const sql of ['SELECT * FROM flows EMIT CHANGES;', "PRINT 'flows';"]) {
      const r = await f.ksql(sql);
      expect(r.status).toBe(400);
      expect(r.json()).toMatchObject({ '@type': 'statement_error', error_code: 40002, statementText: sql });
    }
  });

  it('bad JSON and bad overrides are 400 generic_error 40000', async () => {
    const bad = await f.post('/ksql', '{"ksql": ');
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ '@type': 'generic_error', error_code: 40000 });
    const noKsql = await f.post('/ksql', { sql: 'SHOW STREAMS;' });
    expect(noKsql.json()).toMatchObject({ error_code: 40000 });
    const override = await f.ksql('SHOW STREAMS;', { streamsProperties: { 'auto.offset.reset': 'sometimes' } });
    expect(override.status).toBe(400);
    expect(override.json()).toMatchObject({ '@type': 'generic_error', error_code: 40000 });
  });

  it('an unknown path is 404 "Not Found"', async () => {
    const r = await f.get('/no/such/path');
    expect(r.status).toBe(404);
    expect(r.text).toBe('Not Found');
  });

  it('connector statements are refused with a clear statement_error when no Connect is configured', async () => {
    const r = await f.ksql("CREATE SINK CONNECTOR k WITH ('connector.class'='x');");
    expect(r.status).toBe(400);
    expect(r.json()).toMatchObject({ '@type': 'statement_error', error_code: 40001 });
    expect((r.json() as { message: string }).message).toContain('ksql.connect.url');
  });

  it('an unsupported statement is a 400 statement_error, never an empty success', async () => {
    const r = await f.ksql('CREATE TYPE addr AS STRUCT<street STRING>;');
    expect(r.status).toBe(400);
    expect(r.json()).toMatchObject({
      '@type': 'statement_error',
      error_code: 40001,
      statementText: 'CREATE TYPE addr AS STRUCT<street STRING>;',
    });
  });
});

describe('commands', () => {
  it('GET /status/<commandId> returns the final status; unknown ids are 404 40400', async () => {
    const [e] = (
      await f.ksql("CREATE STREAM st1 (a INT) WITH (kafka_topic='st1', value_format='json', partitions=1);")
    ).json() as Array<{ commandId: string }>;
    const ok = await f.get(`/status/${e!.commandId.split('/').map(encodeURIComponent).join('/')}`);
    expect(ok.status).toBe(200);
    expect(ok.json()).toEqual({ status: 'SUCCESS', message: 'Stream created', queryId: null });
    const all = (await f.get('/status')).json() as { commandStatuses: Record<string, string> };
    expect(all.commandStatuses['stream/`ST1`/create']).toBe('SUCCESS');
    const missing = await f.get('/status/stream/%60NOPE%60/create');
    expect(missing.status).toBe(404);
    expect(missing.json()).toMatchObject({ error_code: 40400 });
  });

  it('DROP and TERMINATE have their command ids and messages', async () => {
    const [c] = (await f.ksql('CREATE STREAM tmp AS SELECT * FROM st1;')).json() as Array<{
      commandStatus: { queryId: string };
    }>;
    const qid = c!.commandStatus.queryId;
    const [t] = (await f.ksql(`TERMINATE ${qid};`)).json() as Array<Record<string, unknown>>;
    expect(t).toMatchObject({
      commandId: `terminate/${qid}/execute`,
      commandStatus: { status: 'SUCCESS', message: 'Query terminated.' },
    });
    const [d] = (await f.ksql('DROP STREAM tmp;')).json() as Array<Record<string, unknown>>;
    expect(d).toMatchObject({
      commandId: 'stream/TMP/drop',
      commandStatus: { status: 'SUCCESS', message: 'Source TMP (topic: TMP) was dropped.' },
    });
  });

  it('commandSequenceNumber: applied numbers pass, a future one gets 503 50301', async () => {
    const [e] = (
      await f.ksql("CREATE STREAM st2 (a INT) WITH (kafka_topic='st2', value_format='json', partitions=1);")
    ).json() as Array<{ commandSequenceNumber: number }>;
    const seq = e!.commandSequenceNumber;
    expect((await f.ksql('SHOW STREAMS;', { commandSequenceNumber: seq })).status).toBe(200);
    const late = await f.ksql('SHOW STREAMS;', { commandSequenceNumber: seq + 1000 });
    expect(late.status).toBe(503);
    expect(late.json()).toMatchObject({ error_code: 50301 });
  });

  it('DEFINE, SET and session variables last for one request only', async () => {
    const r = await f.ksql(
      "DEFINE topic = 'vars1'; CREATE STREAM ${name} (a INT) WITH (kafka_topic='${topic}', value_format='json', partitions=1);",
      { sessionVariables: { name: 'VARS1' } },
    );
    expect(r.status).toBe(200);
    const entities = r.json() as Array<{ statementText: string }>;
    expect(entities).toHaveLength(1);
    expect(entities[0]!.statementText).toContain("KAFKA_TOPIC='vars1'");
    const [vars] = (await f.ksql('SHOW VARIABLES;')).json() as Array<{ variables: unknown[] }>;
    expect(vars!.variables).toEqual([]);
  });
});
