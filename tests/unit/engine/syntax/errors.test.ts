// Parse errors: ksqlDB's wording ("line L:C: Syntax Error", "Expecting {…}", "missing ')' at
// ','", "Syntax error at or near 'X' at line L:C"), exact positions, the statement text, and the
// non-grammar problems the parser reports itself (bad literals, reserved words, variables).
import { describe, expect, test } from 'vitest';
import { ParseError, parseExpression, parseStatements } from '../../../../engine/syntax/index.js';
import { ZiemError } from '../../../../core/errors/ziem-error.js';

function parseFailure(sql: string): ParseError {
  try {
    parseStatements(sql);
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return e as ParseError;
  }
  throw new Error(`expected a parse error for: ${sql}`);
}

describe('syntax errors', () => {
  test('a misspelt keyword names the position, the alternatives and the statement', () => {
    const e = parseFailure('SELECT * FORM x;');
    expect([e.line, e.column]).toEqual([1, 10]);
    expect(e.message).toBe(
      [
        'line 1:10: Syntax Error',
        "Expecting {',', 'FROM'}",
        'Statement: SELECT * FORM x;',
        "Syntax error at or near 'FORM' at line 1:10",
      ].join('\n'),
    );
    expect(e).toBeInstanceOf(ZiemError);
    expect(e.code).toBe('PARSE');
    expect(e.retriable).toBe(false);
  });

  test('positions count lines and columns across statements', () => {
    const e = parseFailure(
      "CREATE STREAM a (x INT) WITH (kafka_topic='a', format='JSON');\n\n  SELECT x FROM a WHERE x = = 1;",
    );
    expect([e.line, e.column]).toEqual([3, 29]);
    expect(e.message).toContain('Statement: SELECT x FROM a WHERE x = = 1;');
    expect(e.message).toContain("Syntax error at or near '=' at line 3:29");
  });

  test('a missing closing parenthesis reads like ANTLR', () => {
    const e = parseFailure('SELECT COUNT(*) FROM t GROUP BY f3, (f2, f1);');
    expect(e.message).toMatch(/^line 1:40: Syntax Error\nmissing '\)' at ','\n/);
  });

  test('type parameters other than VARCHAR(STRING) are rejected, in ksqlDB words', () => {
    expect(parseFailure("CREATE STREAM i (K INT (KEY)) WITH (kafka_topic='i', format='JSON');").message).toContain(
      "line 1:25: Syntax Error\nExpecting {'STRING', INTEGER_VALUE}\nStatement: CREATE STREAM i (K INT (KEY))",
    );
    expect(parseFailure("CREATE STREAM i (K INT(3)) WITH (kafka_topic='i', format='JSON');").message).toContain(
      'Unexpected type parameters for INT(3)',
    );
    expect(
      parseStatements("CREATE STREAM i (K VARCHAR(STRING) KEY) WITH (kafka_topic='i', format='JSON');")[0],
    ).toMatchObject({ elements: [{ type: { kind: 'PrimitiveType', name: 'STRING' } }] });
  });

  test('NULL is not a type', () => {
    const e = parseFailure('CREATE STREAM t (a STRING);\nCREATE STREAM o AS SELECT cast(a as NULL) FROM t;');
    expect(e.message).toContain("Syntax error at or near 'NULL' at line 2:37");
    expect(parseFailure('CREATE STREAM i (c ARRAY<NULL>);').message).toContain('Syntax Error');
  });

  test('a missing semicolon at the end lists what could still follow', () => {
    const e = parseFailure('SELECT * FROM x');
    expect(e.message).toContain("Expecting {'WINDOW', 'WHERE', 'GROUP', 'PARTITION', 'HAVING', 'EMIT', 'LIMIT', ';'}");
    expect(e.message).toContain("at or near '<EOF>' at line 1:16");
  });

  test('GROUP BY takes value expressions, so AND ends it', () => {
    expect(parseFailure('CREATE TABLE o AS SELECT COUNT(*) FROM t GROUP BY a AND b;').message).toContain(
      'Syntax Error',
    );
  });

  test('unknown statements list the statement keywords', () => {
    expect(parseFailure('SELEC 1;').message).toContain("Expecting {'SELECT', 'CREATE', 'INSERT'");
  });

  test('an unterminated string or comment points at where it starts', () => {
    expect([parseFailure("SELECT 'abc FROM x;").line, parseFailure("SELECT 'abc FROM x;").column]).toEqual([1, 8]);
    expect(parseFailure('SELECT a FROM x; /* open').message).toContain('line 1:18: Syntax Error');
  });

  test('an unknown character is reported where it is', () => {
    expect(parseFailure('SELECT a #b FROM c;').message).toContain("Syntax error at or near '#' at line 1:10");
  });
});

describe('problems found while parsing', () => {
  test('reserved words cannot be bare names', () => {
    const e = parseFailure('SELECT * FROM select;');
    expect(e.message).toContain('"select" is a reserved keyword');
    expect(e.message).toContain('`select`');
  });

  test('integer literals must fit in BIGINT', () => {
    expect(parseFailure('SELECT 9223372036854775808 FROM x;').message).toContain(
      'Invalid numeric literal: 9223372036854775808',
    );
  });

  test('DECIMAL parameters are checked', () => {
    expect(parseFailure('CREATE STREAM s (d DECIMAL(0, 0));').message).toContain('DECIMAL precision must be >= 1');
    expect(parseFailure('CREATE STREAM s (d DECIMAL(2, 3));').message).toContain(
      'DECIMAL scale must be equal to or less than precision',
    );
  });

  test('LIKE ESCAPE takes a single character', () => {
    expect(() => parseExpression("a LIKE 'x' ESCAPE 'ab'")).toThrow('Expected single character escape but got');
  });

  test('statements outside ksqlDB grammar fail as its parser fails them', () => {
    expect(parseFailure("RUN SCRIPT '/tmp/x.sql';").message).toContain(
      "line 1:1: Syntax Error\nUnknown statement 'RUN'",
    );
    expect(parseFailure('ASSERT VALUES s (a) VALUES (1);').message).toContain(
      "Syntax error at or near 'VALUES' at line 1:8",
    );
    expect(parseFailure('EXPLAIN DROP STREAM s;').message).toContain('EXPLAIN is only supported for queries');
  });

  test('time units outside the supported list are rejected with the list', () => {
    expect(parseFailure('SELECT * FROM s WINDOW TUMBLING (SIZE 1 YEAR) ;').message).toContain(
      "Expecting {'MILLISECOND'",
    );
  });
});
