// SHOW STREAMS|TABLES EXTENDED (ksqlDB's source_descriptions), pull queries on windowed tables
// (tumbling and session; by key, with and without WINDOWSTART/WINDOWEND bounds) and SHOW
// PROPERTIES with the server's effective properties, secrets masked (issue 15 item 2), on the
// in-memory driver. The Kafka driver's windowed pull queries are in engine-kafka/.
import { beforeAll, describe, expect, it } from 'vitest';
import { lines, useServer } from './fixture.js';

const f = useServer();

beforeAll(async () => {
  const r = await f.ksql(
    "CREATE STREAM CLICKS (USERID VARCHAR KEY, PAGE VARCHAR) WITH (KAFKA_TOPIC='clicks', PARTITIONS=1, VALUE_FORMAT='JSON');" +
      'CREATE TABLE PER10S AS SELECT USERID, COUNT(*) AS N FROM CLICKS WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY USERID;' +
      'CREATE TABLE SESSIONS AS SELECT USERID, COUNT(*) AS N FROM CLICKS WINDOW SESSION (5 SECONDS) GROUP BY USERID;' +
      'CREATE TABLE TOTALS AS SELECT USERID, COUNT(*) AS N FROM CLICKS GROUP BY USERID;',
  );
  expect(r.status, r.text).toBe(200);
  const rows: Array<[string, number]> = [
    ['u1', 1_000],
    ['u1', 2_000],
    ['u1', 15_000],
    ['u2', 3_000],
  ];
  const ins = rows.map(([u, t]) => `INSERT INTO CLICKS (USERID, PAGE, ROWTIME) VALUES ('${u}', 'p', ${t});`).join('\n');
  expect((await f.ksql(ins)).status).toBe(200);
});

const pull = async (sql: string): Promise<unknown[]> => {
  const r = await f.post('/query-stream', { sql, properties: {} }, 'application/vnd.ksqlapi.delimited.v1');
  expect(r.status, r.text).toBe(200);
  return lines(r.text);
};

describe('SHOW … EXTENDED', () => {
  it('SHOW TABLES EXTENDED answers source_descriptions, each described EXTENDED', async () => {
    const r = await f.ksql('SHOW TABLES EXTENDED;');
    expect(r.status, r.text).toBe(200);
    const [entity] = r.json() as Array<Record<string, unknown>>;
    expect(entity!['@type']).toBe('source_descriptions');
    const ds = entity!['sourceDescriptions'] as Array<Record<string, unknown>>;
    expect(ds.map((d) => d['name']).sort()).toEqual(['PER10S', 'SESSIONS', 'TOTALS']);
    for (const d of ds) {
      expect(d).toMatchObject({ type: 'TABLE', extended: true, partitions: 1 });
      expect((d['writeQueries'] as unknown[]).length).toBe(1);
    }
    expect(ds.find((d) => d['name'] === 'PER10S')!['windowType']).toBe('TUMBLING');
  });

  it('SHOW STREAMS EXTENDED lists only streams', async () => {
    const [entity] = (await f.ksql('SHOW STREAMS EXTENDED;')).json() as Array<Record<string, unknown>>;
    const ds = entity!['sourceDescriptions'] as Array<Record<string, unknown>>;
    expect(ds.map((d) => [d['name'], d['type'], d['extended']])).toEqual([['CLICKS', 'STREAM', true]]);
    expect((ds[0]!['readQueries'] as unknown[]).length).toBe(3);
  });
});

describe('pull queries on windowed tables', () => {
  it('a key lookup returns every window of the key, WINDOWSTART/WINDOWEND after the key', async () => {
    const [header, ...rows] = await pull("SELECT * FROM PER10S WHERE USERID = 'u1';");
    expect(header).toMatchObject({
      columnNames: ['USERID', 'WINDOWSTART', 'WINDOWEND', 'N'],
      columnTypes: ['STRING', 'BIGINT', 'BIGINT', 'BIGINT'],
    });
    expect(rows).toEqual([
      ['u1', 0, 10_000, 2],
      ['u1', 10_000, 20_000, 1],
    ]);
  });

  it('bounds on WINDOWSTART and WINDOWEND select windows', async () => {
    expect((await pull("SELECT * FROM PER10S WHERE USERID = 'u1' AND WINDOWSTART >= 10000;")).slice(1)).toEqual([
      ['u1', 10_000, 20_000, 1],
    ]);
    expect(
      (await pull("SELECT N, WINDOWEND FROM PER10S WHERE USERID = 'u1' AND WINDOWEND <= 10000;")).slice(1),
    ).toEqual([[2, 10_000]]);
    expect(
      (await pull("SELECT N FROM PER10S WHERE USERID = 'u1' AND WINDOWSTART BETWEEN 1 AND 9999;")).slice(1),
    ).toEqual([]);
  });

  it('session windows come from the key: start and end of each session', async () => {
    expect((await pull("SELECT * FROM SESSIONS WHERE USERID = 'u1';")).slice(1)).toEqual([
      ['u1', 1_000, 2_000, 2],
      ['u1', 15_000, 15_000, 1],
    ]);
  });

  it('an unwindowed table still answers a plain key lookup', async () => {
    expect((await pull("SELECT * FROM TOTALS WHERE USERID = 'u2';")).slice(1)).toEqual([['u2', 1]]);
  });
});

describe('SHOW PROPERTIES', () => {
  it("lists the server's effective properties, overrides marked, secrets masked", async () => {
    const r = await f.ksql('SHOW PROPERTIES;', {
      streamsProperties: { 'auto.offset.reset': 'earliest', 'ssl.truststore.password': 'very-secret' },
    });
    expect(r.status).toBe(200);
    expect(r.text).not.toContain('very-secret');
    const [entity] = r.json() as Array<{
      properties: Array<{ name: string; scope: string; value: string }>;
      overwrittenProperties: string[];
      defaultProperties: string[];
    }>;
    const byName = Object.fromEntries(entity!.properties.map((p) => [p.name, p.value]));
    expect(byName).toMatchObject({
      'ksql.service.id': 'default_',
      'ksql.streams.auto.offset.reset': 'earliest',
      'ksql.server.command.response.timeout.ms': '5000',
      'ksql.server.request.max.bytes': String(16 * 1024 * 1024),
      'ssl.truststore.password': '[hidden]',
    });
    expect(entity!.properties.every((p) => p.scope === 'KSQL')).toBe(true);
    expect(entity!.overwrittenProperties).toEqual(['ksql.streams.auto.offset.reset', 'ssl.truststore.password']);
    expect(entity!.defaultProperties).toContain('ksql.service.id');
    expect(entity!.defaultProperties).not.toContain('ksql.streams.auto.offset.reset');
  });
});
