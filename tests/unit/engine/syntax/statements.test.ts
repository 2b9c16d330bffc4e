// Statement parsing: DDL with columns, keys, headers and WITH properties; CSAS/CTAS/INSERT with
// every query clause; windows; joins; and the administrative statements the REST server needs.
import { describe, expect, test } from 'vitest';
import { parseStatements, type Statement } from '../../../../engine/syntax/index.js';
import { expectStatementsRoundTrip, stripPositions } from './round-trip.js';

const one = (sql: string): Statement => {
  const [s] = expectStatementsRoundTrip(sql);
  return stripPositions(s as Statement);
};

describe('CREATE STREAM / TABLE', () => {
  test('columns, key kinds, headers and properties', () => {
    expect(
      one(`CREATE OR REPLACE STREAM IF NOT EXISTS pkts (
        k STRING KEY, src VARCHAR, n INT, big BIGINT, d DECIMAL(4, 2), arr ARRAY<INT>,
        m MAP<STRING, DOUBLE>, st STRUCT<a BOOLEAN, \`B\` BYTES>, h ARRAY<STRUCT<key STRING, value BYTES>> HEADERS,
        h1 BYTES HEADER('trace'), t TIMESTAMP, dt DATE, tm TIME, addr ADDRESS)
      WITH (kafka_topic='network-traffic', value_format='JSON', partitions=3, WRAP_SINGLE_VALUE=false);`),
    ).toEqual({
      kind: 'CreateSource',
      sourceType: 'STREAM',
      orReplace: true,
      ifNotExists: true,
      readOnly: false,
      name: 'PKTS',
      elements: [
        { name: 'K', type: { kind: 'PrimitiveType', name: 'STRING' }, constraint: 'KEY' },
        { name: 'SRC', type: { kind: 'PrimitiveType', name: 'STRING' }, constraint: 'VALUE' },
        { name: 'N', type: { kind: 'PrimitiveType', name: 'INTEGER' }, constraint: 'VALUE' },
        { name: 'BIG', type: { kind: 'PrimitiveType', name: 'BIGINT' }, constraint: 'VALUE' },
        { name: 'D', type: { kind: 'DecimalType', precision: 4, scale: 2 }, constraint: 'VALUE' },
        {
          name: 'ARR',
          type: { kind: 'ArrayType', element: { kind: 'PrimitiveType', name: 'INTEGER' } },
          constraint: 'VALUE',
        },
        {
          name: 'M',
          type: {
            kind: 'MapType',
            key: { kind: 'PrimitiveType', name: 'STRING' },
            value: { kind: 'PrimitiveType', name: 'DOUBLE' },
          },
          constraint: 'VALUE',
        },
        {
          name: 'ST',
          type: {
            kind: 'StructType',
            fields: [
              { name: 'A', type: { kind: 'PrimitiveType', name: 'BOOLEAN' } },
              { name: 'B', type: { kind: 'PrimitiveType', name: 'BYTES' } },
            ],
          },
          constraint: 'VALUE',
        },
        {
          name: 'H',
          type: {
            kind: 'ArrayType',
            element: {
              kind: 'StructType',
              fields: [
                { name: 'KEY', type: { kind: 'PrimitiveType', name: 'STRING' } },
                { name: 'VALUE', type: { kind: 'PrimitiveType', name: 'BYTES' } },
              ],
            },
          },
          constraint: 'HEADERS',
        },
        { name: 'H1', type: { kind: 'PrimitiveType', name: 'BYTES' }, constraint: 'HEADER', headerKey: 'trace' },
        { name: 'T', type: { kind: 'PrimitiveType', name: 'TIMESTAMP' }, constraint: 'VALUE' },
        { name: 'DT', type: { kind: 'PrimitiveType', name: 'DATE' }, constraint: 'VALUE' },
        { name: 'TM', type: { kind: 'PrimitiveType', name: 'TIME' }, constraint: 'VALUE' },
        { name: 'ADDR', type: { kind: 'CustomType', name: 'ADDRESS' }, constraint: 'VALUE' },
      ],
      properties: [
        { name: 'KAFKA_TOPIC', value: { kind: 'StringLiteral', value: 'network-traffic' } },
        { name: 'VALUE_FORMAT', value: { kind: 'StringLiteral', value: 'JSON' } },
        { name: 'PARTITIONS', value: { kind: 'IntegerLiteral', value: 3 } },
        { name: 'WRAP_SINGLE_VALUE', value: { kind: 'BooleanLiteral', value: false } },
      ],
    });
  });

  test('PRIMARY KEY tables, SOURCE tables and a stream without columns', () => {
    expect(one("CREATE TABLE t (id INT PRIMARY KEY, v STRING) WITH (kafka_topic='t', format='JSON');")).toMatchObject({
      kind: 'CreateSource',
      sourceType: 'TABLE',
      elements: [{ constraint: 'PRIMARY_KEY' }, { constraint: 'VALUE' }],
    });
    expect(one("CREATE SOURCE TABLE t (id INT PRIMARY KEY) WITH (kafka_topic='t', format='JSON');")).toMatchObject({
      kind: 'CreateSource',
      readOnly: true,
    });
    expect(one("CREATE STREAM s WITH (kafka_topic='s', value_format='AVRO');")).toMatchObject({
      kind: 'CreateSource',
      elements: [],
    });
  });

  test('AS SELECT with every clause', () => {
    const s = one(`CREATE TABLE flows WITH (KEY_FORMAT='JSON') AS
      SELECT src, dst, COUNT(*) AS packets, COUNT_DISTINCT(dport) ports, WINDOWSTART AS ws
      FROM packets p
      WINDOW TUMBLING (SIZE 10 SECONDS, RETENTION 1 DAY, GRACE PERIOD 0 MILLISECONDS)
      WHERE p.len > 0 AND src IS NOT NULL
      GROUP BY src, dst
      HAVING COUNT(*) > 1
      EMIT FINAL;`);
    expect(s).toMatchObject({
      kind: 'CreateAsSelect',
      sourceType: 'TABLE',
      name: 'FLOWS',
      properties: [{ name: 'KEY_FORMAT', value: { kind: 'StringLiteral', value: 'JSON' } }],
      query: {
        kind: 'Query',
        from: { kind: 'AliasedSource', name: 'PACKETS', alias: 'P' },
        window: {
          kind: 'TumblingWindow',
          size: { value: 10, unit: 'SECONDS' },
          retention: { value: 1, unit: 'DAYS' },
          grace: { value: 0, unit: 'MILLISECONDS' },
        },
        groupBy: [
          { kind: 'ColumnRef', name: 'SRC' },
          { kind: 'ColumnRef', name: 'DST' },
        ],
        refinement: 'FINAL',
      },
    });
    if (s.kind !== 'CreateAsSelect') throw new Error('unreachable');
    expect(s.query.select.map((i) => (i.kind === 'SelectSingle' ? i.alias : i.kind))).toEqual([
      undefined,
      undefined,
      'PACKETS',
      'PORTS',
      'WS',
    ]);
  });

  test('hopping and session windows', () => {
    const hopping = one(
      'CREATE TABLE h AS SELECT k, COUNT(*) c FROM s WINDOW HOPPING (SIZE 30 SECONDS, ADVANCE BY 10 SECOND) GROUP BY k;',
    );
    expect(hopping).toMatchObject({
      query: {
        window: {
          kind: 'HoppingWindow',
          size: { value: 30, unit: 'SECONDS' },
          advance: { value: 10, unit: 'SECONDS' },
        },
      },
    });
    const session = one(
      'CREATE TABLE h AS SELECT k, COUNT(*) c FROM s WINDOW SESSION (5 MINUTES, GRACE PERIOD 1 HOUR) GROUP BY k EMIT CHANGES;',
    );
    expect(session).toMatchObject({
      query: {
        window: { kind: 'SessionWindow', gap: { value: 5, unit: 'MINUTES' }, grace: { value: 1, unit: 'HOURS' } },
        refinement: 'CHANGES',
      },
    });
  });

  test('PARTITION BY, SELECT * variants and struct ->*', () => {
    const s = one('CREATE STREAM o AS SELECT *, s.*, col->* FROM input s PARTITION BY a, b->c;');
    expect(s).toMatchObject({
      query: {
        select: [
          { kind: 'SelectAll' },
          { kind: 'SelectAll', source: 'S' },
          { kind: 'SelectStructAll', base: { kind: 'ColumnRef', name: 'COL' } },
        ],
        partitionBy: [
          { kind: 'ColumnRef', name: 'A' },
          { kind: 'Dereference', field: 'C' },
        ],
      },
    });
  });

  test('parenthesised GROUP BY lists versus a parenthesised expression', () => {
    expect(one('CREATE TABLE o AS SELECT a, b, COUNT(*) FROM s GROUP BY (a, b);')).toMatchObject({
      query: { groupBy: [{ name: 'A' }, { name: 'B' }] },
    });
    expect(one('CREATE TABLE o AS SELECT COUNT(*) FROM s GROUP BY (a + b) * 2;')).toMatchObject({
      query: { groupBy: [{ kind: 'ArithmeticBinary', op: '*' }] },
    });
    expect(one('CREATE STREAM o AS SELECT * FROM s PARTITION BY ();')).toMatchObject({ query: { partitionBy: [] } });
  });
});

describe('joins', () => {
  test('stream-stream join with WITHIN and grace, then a table join', () => {
    const s = one(`CREATE STREAM j AS SELECT * FROM a
      LEFT OUTER JOIN b WITHIN (1 SECOND, 2 SECONDS) GRACE PERIOD 3 SECONDS ON a.id = b.id
      JOIN t ON a.id = t.id;`);
    expect(s).toMatchObject({
      query: {
        from: {
          kind: 'Join',
          type: 'INNER',
          right: { name: 'T' },
          left: {
            kind: 'Join',
            type: 'LEFT',
            left: { name: 'A' },
            right: { name: 'B' },
            within: {
              before: { value: 1, unit: 'SECONDS' },
              after: { value: 2, unit: 'SECONDS' },
              symmetric: false,
              grace: { value: 3, unit: 'SECONDS' },
            },
          },
        },
      },
    });
  });

  test.each(['JOIN', 'INNER JOIN', 'LEFT JOIN', 'RIGHT JOIN', 'FULL OUTER JOIN'])('%s', (join) => {
    one(`SELECT * FROM a ${join} b WITHIN 1 HOUR ON a.k = b.k EMIT CHANGES;`);
  });
});

describe('INSERT', () => {
  test('INSERT INTO ... SELECT and VALUES', () => {
    expect(one("INSERT INTO out WITH (QUERY_ID='q1') SELECT * FROM a;")).toMatchObject({
      kind: 'InsertInto',
      target: 'OUT',
      properties: [{ name: 'QUERY_ID' }],
    });
    expect(one("INSERT INTO t (id, name) VALUES (1, 'x');")).toEqual({
      kind: 'InsertValues',
      target: 'T',
      columns: ['ID', 'NAME'],
      values: [
        { kind: 'IntegerLiteral', value: 1 },
        { kind: 'StringLiteral', value: 'x' },
      ],
    });
    expect(one('INSERT INTO t VALUES (ARRAY[1], -2.5);')).toMatchObject({
      kind: 'InsertValues',
      values: [{ kind: 'ArrayConstructor' }, { kind: 'DecimalLiteral', value: '-2.5' }],
    });
  });
});

describe('other statements', () => {
  test.each<[string, object]>([
    [
      'DROP STREAM IF EXISTS s DELETE TOPIC;',
      { kind: 'DropSource', sourceType: 'STREAM', ifExists: true, name: 'S', deleteTopic: true },
    ],
    ['DROP TABLE t;', { kind: 'DropSource', sourceType: 'TABLE', ifExists: false, name: 'T', deleteTopic: false }],
    ["DEFINE topic = 'flows';", { kind: 'DefineVariable', name: 'topic', value: 'flows' }],
    ['UNDEFINE topic;', { kind: 'UndefineVariable', name: 'topic' }],
    ["SET 'auto.offset.reset'='earliest';", { kind: 'SetProperty', name: 'auto.offset.reset', value: 'earliest' }],
    ["UNSET 'auto.offset.reset';", { kind: 'UnsetProperty', name: 'auto.offset.reset' }],
    ["ALTER SYSTEM 'ksql.x'='1';", { kind: 'AlterSystemProperty', name: 'ksql.x', value: '1' }],
    [
      'ALTER STREAM s ADD COLUMN c INT, ADD d STRING;',
      {
        kind: 'AlterSource',
        sourceType: 'STREAM',
        name: 'S',
        addColumns: [
          { name: 'C', type: { kind: 'PrimitiveType', name: 'INTEGER' }, constraint: 'VALUE' },
          { name: 'D', type: { kind: 'PrimitiveType', name: 'STRING' }, constraint: 'VALUE' },
        ],
      },
    ],
    [
      'CREATE TYPE IF NOT EXISTS addr AS STRUCT<street STRING>;',
      { kind: 'RegisterType', ifNotExists: true, name: 'ADDR' },
    ],
    ['DROP TYPE IF EXISTS addr;', { kind: 'DropType', ifExists: true, name: 'ADDR' }],
    ['SHOW STREAMS EXTENDED;', { kind: 'Show', target: 'STREAMS', extended: true, all: false }],
    ['LIST TABLES;', { kind: 'Show', target: 'TABLES', extended: false, all: false }],
    ['SHOW ALL TOPICS;', { kind: 'Show', target: 'TOPICS', extended: false, all: true }],
    ['SHOW QUERIES;', { kind: 'Show', target: 'QUERIES', extended: false, all: false }],
    ['SHOW PROPERTIES;', { kind: 'Show', target: 'PROPERTIES' }],
    ['SHOW SINK CONNECTORS;', { kind: 'Show', target: 'CONNECTORS', connectorScope: 'SINK' }],
    ['SHOW CONNECTOR PLUGINS;', { kind: 'Show', target: 'CONNECTOR_PLUGINS' }],
    ['SHOW VARIABLES;', { kind: 'Show', target: 'VARIABLES' }],
    ['DESCRIBE flows EXTENDED;', { kind: 'Describe', subject: 'SOURCE', name: 'FLOWS', extended: true }],
    ['DESCRIBE STREAMS;', { kind: 'Describe', subject: 'STREAMS', extended: false }],
    ['DESCRIBE FUNCTION ucase;', { kind: 'Describe', subject: 'FUNCTION', name: 'UCASE', extended: false }],
    ['DESCRIBE CONNECTOR sink1;', { kind: 'Describe', subject: 'CONNECTOR', name: 'SINK1', extended: false }],
    ['EXPLAIN CSAS_FLOWS_3;', { kind: 'Explain', queryId: 'CSAS_FLOWS_3' }],
    [
      "PRINT 'network-traffic' FROM BEGINNING INTERVAL 2 LIMIT 10;",
      { kind: 'Print', topic: 'network-traffic', fromBeginning: true, interval: 2, limit: 10 },
    ],
    ['PRINT flows;', { kind: 'Print', topic: 'FLOWS', fromBeginning: false }],
    ['TERMINATE CSAS_FLOWS_3;', { kind: 'QueryControl', action: 'TERMINATE', queryId: 'CSAS_FLOWS_3', all: false }],
    ['TERMINATE ALL;', { kind: 'QueryControl', action: 'TERMINATE', all: true }],
    ['PAUSE q1;', { kind: 'QueryControl', action: 'PAUSE', queryId: 'Q1', all: false }],
    [
      "CREATE SINK CONNECTOR IF NOT EXISTS neo WITH ('connector.class'='x', \"tasks.max\"=1);",
      {
        kind: 'CreateConnector',
        connectorType: 'SINK',
        ifNotExists: true,
        name: 'NEO',
        properties: [
          { name: 'connector.class', value: { kind: 'StringLiteral', value: 'x' } },
          { name: 'tasks.max', value: { kind: 'IntegerLiteral', value: 1 } },
        ],
      },
    ],
    ['DROP CONNECTOR IF EXISTS neo;', { kind: 'DropConnector', ifExists: true, name: 'NEO' }],
    [
      "ASSERT TOPIC 'flows' WITH (partitions=1) TIMEOUT 10 SECONDS;",
      { kind: 'AssertTopic', exists: true, topic: 'flows', timeout: { value: 10, unit: 'SECONDS' } },
    ],
    [
      "ASSERT NOT EXISTS SCHEMA SUBJECT 'x-value' ID 3;",
      { kind: 'AssertSchema', exists: false, subject: 'x-value', id: 3 },
    ],
  ])('%s', (sql, expected) => {
    expect(one(sql)).toMatchObject(expected);
  });

  test('push and pull queries with LIMIT', () => {
    expect(one("SELECT * FROM flows WHERE src = '10.0.0.1' EMIT CHANGES LIMIT 5;")).toMatchObject({
      kind: 'QueryStatement',
      query: { refinement: 'CHANGES', limit: 5 },
    });
    expect(one("SELECT * FROM flows WHERE src = 'a';")).toMatchObject({
      kind: 'QueryStatement',
      query: { from: { name: 'FLOWS' } },
    });
  });

  test('EXPLAIN of a statement keeps the inner statement with its own text', () => {
    const [s] = parseStatements('EXPLAIN SELECT * FROM flows EMIT CHANGES;');
    expect(s).toMatchObject({
      kind: 'Explain',
      statement: { kind: 'QueryStatement', text: 'SELECT * FROM flows EMIT CHANGES;', line: 1, column: 9 },
    });
    one('EXPLAIN CREATE STREAM x AS SELECT * FROM y;');
  });
});

describe('statement text and positions', () => {
  test('each statement keeps its own text (with the semicolon) and start position', () => {
    const sql =
      "-- header comment\nCREATE STREAM a (x INT) WITH (kafka_topic='a', format='JSON');\n  /* c */ DROP STREAM a;";
    const [first, second] = parseStatements(sql);
    expect(first).toMatchObject({
      line: 2,
      column: 1,
      text: "CREATE STREAM a (x INT) WITH (kafka_topic='a', format='JSON');",
    });
    expect(second).toMatchObject({ line: 3, column: 11, text: 'DROP STREAM a;' });
  });

  test('semicolons inside strings, quoted names and comments do not split statements', () => {
    const ss = parseStatements("SELECT 'a;b' AS `x;y` FROM s; -- trailing; comment\nSELECT * FROM t /* ; */;");
    expect(ss).toHaveLength(2);
    expect(ss[0]).toMatchObject({ text: "SELECT 'a;b' AS `x;y` FROM s;" });
  });

  test('empty statements are skipped', () => {
    expect(parseStatements(';; SHOW TABLES;;')).toHaveLength(1);
    expect(parseStatements('  -- nothing\n')).toEqual([]);
  });
});

describe('pipeline-shaped statements (tshark JSON → packets → flows → alerts)', () => {
  test('the whole chain parses and round-trips', () => {
    const ss = expectStatementsRoundTrip(`
      DEFINE traffic_topic = 'network-traffic';
      CREATE STREAM NETWORK_TRAFFIC (\`timestamp\` STRING, layers STRUCT<ip_src ARRAY<STRING>, ip_dst ARRAY<STRING>,
          tcp_dstport ARRAY<STRING>, tcp_flags_syn ARRAY<STRING>, frame_len ARRAY<STRING>>)
        WITH (KAFKA_TOPIC='\${traffic_topic}', VALUE_FORMAT='JSON', PARTITIONS=1);
      CREATE STREAM PACKETS WITH (KAFKA_TOPIC='packets') AS SELECT
          layers->ip_src[1] AS src, layers->ip_dst[1] AS dst,
          CAST(layers->tcp_dstport[1] AS INT) AS dport,
          CASE WHEN layers->tcp_flags_syn[1] = '1' THEN 1 ELSE 0 END AS syn,
          CAST(\`timestamp\` AS BIGINT) AS ts
        FROM NETWORK_TRAFFIC WHERE layers->ip_src IS NOT NULL AND ARRAY_LENGTH(layers->ip_dst) > 0 EMIT CHANGES;
      CREATE TABLE FLOWS WITH (KEY_FORMAT='JSON') AS SELECT src, dst, COUNT(*) AS packets,
          COUNT_DISTINCT(dport) AS ports, SUM(syn) AS syns, WINDOWSTART AS window_start, WINDOWEND AS window_end
        FROM PACKETS WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 2 SECONDS) GROUP BY src, dst EMIT CHANGES;
      CREATE STREAM ALERTS AS SELECT src, 'portscan' AS kind, ANOMALY_SCORE(ARRAY[CAST(ports AS DOUBLE), 1.0e0]) AS score
        FROM FLOWS_STREAM WHERE ports >= 20 EMIT CHANGES;`);
    expect(ss.map((s) => s.kind)).toEqual([
      'DefineVariable',
      'CreateSource',
      'CreateAsSelect',
      'CreateAsSelect',
      'CreateAsSelect',
    ]);
    expect(ss[1]).toMatchObject({ properties: [{ name: 'KAFKA_TOPIC', value: { value: 'network-traffic' } }, {}, {}] });
    expect(ss[1]).toMatchObject({ elements: [{ name: 'timestamp' }, { name: 'LAYERS' }] });
  });
});
