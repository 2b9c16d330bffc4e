// `${var}` substitution: values from the caller and from DEFINE/UNDEFINE in order, identifiers
// and literals replaced as tokens, in-string references replaced with quotes escaped, and clear
// errors for undefined variables or values that are neither names nor literals.
import { describe, expect, test } from 'vitest';
import { parseStatements, substituteVariables } from '../../../../engine/syntax/index.js';
import { stripPositions } from './round-trip.js';

describe('substituteVariables', () => {
  test('replaces identifiers, literals and references inside strings', () => {
    const sql = "CREATE STREAM ${name} WITH (kafka_topic='${topic}-v1', partitions=${n});";
    expect(substituteVariables(sql, { name: 'flows', topic: "it's", n: '3' })).toBe(
      "CREATE STREAM flows WITH (kafka_topic='it''s-v1', partitions=3);",
    );
  });

  test('names are case-insensitive and unknown references stay as written', () => {
    expect(substituteVariables("SELECT ${X}, '${y}' FROM t;", { x: 'a' })).toBe("SELECT a, '${y}' FROM t;");
  });

  test('comments and quoted identifiers are left alone', () => {
    const sql = 'SELECT `${x}` FROM t; -- ${x}';
    expect(substituteVariables(sql, { x: 'a' })).toBe(sql);
  });

  test('a value that is neither a name nor a literal is refused', () => {
    expect(() => substituteVariables('SELECT ${x} FROM t;', { x: 'a; DROP STREAM t' })).toThrow(
      /Illegal argument at line 1:8/,
    );
  });

  test('quoted strings, numbers and booleans are valid literal values', () => {
    expect(substituteVariables('SELECT ${a}, ${b}, ${c} FROM t;', { a: "'x'", b: '-1.5', c: 'TRUE' })).toBe(
      "SELECT 'x', -1.5, TRUE FROM t;",
    );
  });
});

describe('variables in parseStatements', () => {
  test('DEFINE applies to later statements only; UNDEFINE removes it', () => {
    const [, create] = parseStatements(
      "DEFINE t = 'flows';\nCREATE STREAM ${t} (a INT) WITH (kafka_topic='${t}', format='JSON');",
    );
    expect(stripPositions(create)).toMatchObject({
      kind: 'CreateSource',
      name: 'FLOWS',
      properties: [{ value: { value: 'flows' } }, { name: 'FORMAT' }],
    });
    expect(create?.text).toBe("CREATE STREAM flows (a INT) WITH (kafka_topic='flows', format='JSON');");
    expect(() => parseStatements("DEFINE t = 'x'; UNDEFINE t; DROP STREAM ${t};")).toThrow(
      "Variable '${t}' is not defined",
    );
  });

  test('session variables come from the caller', () => {
    const [s] = parseStatements('DROP TABLE ${tbl};', { variables: { tbl: 'alerts' } });
    expect(s).toMatchObject({ kind: 'DropSource', name: 'ALERTS', line: 1, column: 1 });
  });

  test('an undefined variable is named with its position', () => {
    expect(() => parseStatements('SHOW TABLES;\nDROP TABLE ${missing};')).toThrow(
      /line 2:12: .*Variable '\$\{missing\}' is not defined/,
    );
  });
});
