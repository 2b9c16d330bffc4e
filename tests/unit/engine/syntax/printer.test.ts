// The printer writes ksqlDB's own text forms (ExpressionFormatter / SqlFormatter), which later
// phases reuse in messages, and always produces SQL that re-parses to the same tree.
import { describe, expect, test } from 'vitest';
import {
  parseExpression,
  parseStatements,
  parseType,
  printExpression,
  printStatement,
  printType,
} from '../../../../engine/syntax/index.js';
import { expectStatementsRoundTrip } from './round-trip.js';

describe('ksqlDB text forms', () => {
  test.each([
    ['f1 * SUM(f2)', '(F1 * SUM(F2))'],
    ['substring(region, 7, 1)', 'SUBSTRING(REGION, 7, 1)'],
    ['s1.k = s2.k AND s1.k2 = s2.k2', '((S1.K = S2.K) AND (S1.K2 = S2.K2))'],
    ['L.A = null', '(L.A = null)'],
    ['test.data', 'TEST.DATA'],
    ["col1['foo'] + col2['bar']", "(COL1['foo'] + COL2['bar'])"],
    ['NOT a', '(NOT A)'],
  ])('%s → %s', (input, printed) => {
    expect(printExpression(parseExpression(input))).toBe(printed);
  });

  test.each([
    ['STRUCT<f0 STRING, `f1` INT>', 'STRUCT<`F0` STRING, `f1` INTEGER>'],
    ['MAP<VARCHAR, INTEGER>', 'MAP<STRING, INTEGER>'],
    ['ARRAY<INT>', 'ARRAY<INTEGER>'],
    ['DECIMAL(2,1)', 'DECIMAL(2, 1)'],
    ['ARRAY<MAP<STRING, ARRAY<BIGINT>>>', 'ARRAY<MAP<STRING, ARRAY<BIGINT>>>'],
    ['`address`', '`address`'],
  ])('type %s → %s', (input, printed) => {
    expect(printType(parseType(input))).toBe(printed);
  });

  test('a CTAS prints in SqlFormatter layout', () => {
    const [s] = parseStatements(
      'CREATE TABLE OUTPUT AS SELECT TEST.F2 F2, TEST.F1 F1, TEST.F2 + TEST.F1 KSQL_COL_0, COUNT(*) KSQL_COL_1 ' +
        'FROM TEST TEST GROUP BY TEST.F1, TEST.F2 EMIT CHANGES;',
    );
    expect(printStatement(s!)).toBe(
      [
        'CREATE TABLE OUTPUT AS SELECT',
        '  TEST.F2 F2,',
        '  TEST.F1 F1,',
        '  (TEST.F2 + TEST.F1) KSQL_COL_0,',
        '  COUNT(*) KSQL_COL_1',
        'FROM TEST TEST',
        'GROUP BY TEST.F1, TEST.F2',
        'EMIT CHANGES',
      ].join('\n'),
    );
  });

  test('WITH properties, a single select item and a join print like ksqlDB', () => {
    const [s] = parseStatements(
      "CREATE STREAM o WITH (key_format='KAFKA') AS SELECT * FROM l JOIN r WITHIN 10 SECONDS ON l.a = r.x;",
    );
    expect(printStatement(s!)).toBe(
      [
        "CREATE STREAM O WITH (KEY_FORMAT='KAFKA') AS SELECT *",
        'FROM L',
        'INNER JOIN R WITHIN 10 SECONDS ON ((L.A = R.X))',
      ].join('\n'),
    );
  });
});

describe('printing keeps meaning', () => {
  test('names that need quotes are backticked, others are bare', () => {
    const [s] = parseStatements(
      "CREATE STREAM `my-src` (`lower` INT, `SELECT` STRING, ok INT) WITH (kafka_topic='t', format='JSON');",
    );
    expect(printStatement(s!)).toBe(
      "CREATE STREAM `my-src` (`lower` INTEGER, `SELECT` STRING, OK INTEGER) WITH (KAFKA_TOPIC='t', FORMAT='JSON')",
    );
  });

  test('quoted property names keep their case and print as strings', () => {
    const [s] = parseStatements("CREATE SOURCE CONNECTOR c WITH ('connector.class'='x', 'Tasks'=1);");
    expect(printStatement(s!)).toBe("CREATE SOURCE CONNECTOR C WITH ('connector.class'='x', 'Tasks'=1)");
  });

  test('strings with quotes and identifiers with backticks survive', () => {
    expectStatementsRoundTrip("SELECT 'it''s', `we``ird` FROM t WHERE `we``ird` LIKE '%''%';");
  });

  test('every statement kind round-trips', () => {
    expectStatementsRoundTrip(`
      CREATE OR REPLACE TABLE IF NOT EXISTS t (id INT PRIMARY KEY, h BYTES HEADER('x'), hs ARRAY<STRUCT<KEY STRING, VALUE BYTES>> HEADERS)
        WITH (kafka_topic='t', format='JSON', partitions=-1, x=1.5, y=2e3, z=null, w=true);
      CREATE TABLE agg WITH (retention_ms=100) AS SELECT id, LATEST_BY_OFFSET(v, 2) AS l FROM s
        WINDOW HOPPING (SIZE 1 HOUR, ADVANCE BY 5 MINUTES, RETENTION 2 DAYS, GRACE PERIOD 10 SECONDS)
        WHERE v IN (1, 2) GROUP BY id HAVING COUNT(*) BETWEEN 1 AND 10 EMIT FINAL;
      INSERT INTO t WITH (QUERY_ID='q') SELECT * FROM s PARTITION BY (a, b) LIMIT 3;
      INSERT INTO t (a, \`B\`) VALUES (MAP('k' := 1), STRUCT(x := -1));
      DROP TABLE IF EXISTS t DELETE TOPIC; ALTER TABLE t ADD COLUMN c ARRAY<INT>;
      CREATE TYPE addr AS STRUCT<n INT>; DROP TYPE addr;
      DEFINE v = 'it''s'; UNDEFINE v; SET 'a.b'='c'; UNSET 'a.b'; ALTER SYSTEM 'x'='y';
      EXPLAIN q_1; EXPLAIN SELECT * FROM s; SHOW ALL TOPICS EXTENDED; LIST SOURCE CONNECTORS; SHOW CONNECTOR PLUGINS;
      DESCRIBE t EXTENDED; DESCRIBE TABLES EXTENDED; DESCRIBE FUNCTION f; DESCRIBE CONNECTOR c;
      PRINT 'topic' FROM BEGINNING SAMPLE 3; TERMINATE ALL; RESUME \`transient_x_1\`;
      CREATE SINK CONNECTOR c WITH ('a'='b'); DROP CONNECTOR c;
      ASSERT TOPIC t TIMEOUT 3 SECONDS; ASSERT NOT EXISTS SCHEMA ID 4;
      SELECT TRANSFORM(a, (x, y) => x + y), CAST(b AS MAP<STRING, DECIMAL(3, 1)>), -(1), - -2, +c, d->*
        FROM s WHERE NOT (a IS DISTINCT FROM b) OR c NOT BETWEEN 1 AND 2 EMIT CHANGES;
    `);
  });
});
