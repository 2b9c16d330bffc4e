// Issue 16 #2–#4 through the real REST server: a BIGINT beyond 2^53 inserted through
// /inserts-stream and INSERT VALUES comes back digit for digit from pull and push queries (and as
// CAST(b AS STRING)); a table row without its primary key is refused, not acked and dropped;
// LIMIT 0 returns no row.
import { beforeAll, describe, expect, it } from 'vitest';
import { lines, useServer } from './fixture.js';

const f = useServer();
const DELIMITED = 'application/vnd.ksqlapi.delimited.v1';
const BIG = '9007199254740993';

beforeAll(async () => {
  for (const sql of [
    "CREATE STREAM nums (id STRING KEY, b BIGINT) WITH (kafka_topic='nums', value_format='json', partitions=1);",
    'CREATE TABLE last_b AS SELECT id, LATEST_BY_OFFSET(b) AS b, SUM(b) AS total FROM nums GROUP BY id;',
    "CREATE TABLE users (id INT PRIMARY KEY, name STRING) WITH (kafka_topic='users', value_format='json', partitions=1);",
  ])
    expect((await f.ksql(sql)).status).toBe(200);
});

describe('exact BIGINT over REST (issue 16 #2)', () => {
  it('keeps 9007199254740993 from /inserts-stream and INSERT VALUES to pull and push queries', async () => {
    const ins = await f.post('/inserts-stream', `{"target":"NUMS"}\n{"ID":"a","B":${BIG}}\n`, DELIMITED);
    expect(lines(ins.text)).toEqual([{ status: 'ok', seq: 0 }]);
    expect((await f.ksql(`INSERT INTO nums (id, b) VALUES ('b', ${BIG});`)).status).toBe(200);
    const pull = await f.post(
      '/query-stream',
      { sql: "SELECT * FROM last_b WHERE id = 'a';", properties: {} },
      DELIMITED,
    );
    expect(pull.text.trim().split('\n')[1]).toBe(`["a",${BIG},${BIG}]`);
    const push = await f.post(
      '/query-stream',
      {
        sql: 'SELECT id, b, CAST(b AS STRING) AS s FROM nums EMIT CHANGES LIMIT 2;',
        properties: { 'auto.offset.reset': 'earliest' },
      },
      DELIMITED,
    );
    expect(push.text.trim().split('\n').slice(1)).toEqual([`["a",${BIG},"${BIG}"]`, `["b",${BIG},"${BIG}"]`]);
  });
});

describe('table rows need their primary key (issue 16 #3)', () => {
  it('refuses a row with no key or a null key on /inserts-stream, acks the others', async () => {
    const r = await f.post(
      '/inserts-stream',
      '{"target":"USERS"}\n{"NAME":"nokey"}\n{"ID":null,"NAME":"nullkey"}\n{"ID":1,"NAME":"ok"}\n',
      DELIMITED,
    );
    const acks = lines(r.text) as Array<Record<string, unknown>>;
    expect(acks.map((a) => a['status'])).toEqual(['error', 'error', 'ok']);
    expect(acks[0]).toMatchObject({ seq: 0, message: 'Value for primary key column(s) ID is required for tables' });
  });

  it('refuses INSERT VALUES without the key with ksqlDB’s message', async () => {
    const r = await f.ksql("INSERT INTO users (name) VALUES ('x');");
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json())).toContain(
      "Failed to insert values into 'USERS'. Value for primary key column(s) ID is required for tables",
    );
    const rows = await f.post('/query-stream', { sql: 'SELECT * FROM users;', properties: {} }, DELIMITED);
    expect(rows.text.trim().split('\n').slice(1)).toEqual(['[1,"ok"]']);
  });
});

describe('LIMIT 0 (issue 16 #4)', () => {
  it('returns no row from a pull or a push query', async () => {
    const pull = await f.post('/query-stream', { sql: 'SELECT * FROM last_b LIMIT 0;', properties: {} }, DELIMITED);
    expect(pull.status).toBe(200);
    expect(lines(pull.text)).toHaveLength(1);
    const push = await f.post(
      '/query-stream',
      { sql: 'SELECT * FROM nums EMIT CHANGES LIMIT 0;', properties: { 'auto.offset.reset': 'earliest' } },
      DELIMITED,
    );
    expect(push.status).toBe(200);
    expect(lines(push.text)).toHaveLength(1);
  });
});
