// Expression parsing: ksqlDB's precedence ladder, literal typing (INT/BIGINT/DECIMAL/DOUBLE),
// constructors, CASE/CAST, lambdas, and the printer's parenthesised form.
import { describe, expect, test } from 'vitest';
import { parseExpression, printExpression } from '../../../../engine/syntax/index.js';
import { expectExpressionRoundTrip, stripPositions } from './round-trip.js';

const shape = (text: string): string => printExpression(parseExpression(text));
const tree = (text: string): unknown => stripPositions(parseExpression(text));

describe('precedence', () => {
  test.each([
    ['a OR b AND c', '(A OR (B AND C))'],
    ['a AND b OR c', '((A AND B) OR C)'],
    ['NOT a AND b', '((NOT A) AND B)'],
    ['NOT a = b', '(NOT (A = B))'],
    ['a = b AND c <> d', '((A = B) AND (C <> D))'],
    ['a + b * c', '(A + (B * C))'],
    ['a - b - c', '((A - B) - C)'],
    ['a / b % c', '((A / B) % C)'],
    ['-a * b', '(-A * B)'],
    ['a + b = c * d', '((A + B) = (C * D))'],
    ['a + b IS NULL', '((A + B) IS NULL)'],
    ['a || b + c', 'CONCAT(A, (B + C))'],
    ['a BETWEEN 1 + 1 AND b * 2', '(A BETWEEN (1 + 1) AND (B * 2))'],
    ["x LIKE 'a%' OR y NOT LIKE 'b'", "((X LIKE 'a%') OR (Y NOT LIKE 'b'))"],
    ['a->b->c[1] + 2', '(A->B->C[1] + 2)'],
    ['-a->b', '-A->B'],
    ['s.col->f', 'S.COL->F'],
    ['(a + b) * c', '((A + B) * C)'],
  ])('%s', (input, printed) => {
    expect(shape(input)).toBe(printed);
    expectExpressionRoundTrip(input);
  });

  test('postfix binds tighter than unary minus', () => {
    expect(tree('-a[1]')).toEqual({
      kind: 'ArithmeticUnary',
      op: '-',
      operand: {
        kind: 'Subscript',
        base: { kind: 'ColumnRef', name: 'A' },
        index: { kind: 'IntegerLiteral', value: 1 },
      },
    });
  });

  test('IN, BETWEEN and IS DISTINCT FROM are predicates over value expressions', () => {
    expect(tree('a NOT IN (1, 2)')).toEqual({
      kind: 'InList',
      value: { kind: 'ColumnRef', name: 'A' },
      list: [
        { kind: 'IntegerLiteral', value: 1 },
        { kind: 'IntegerLiteral', value: 2 },
      ],
      negated: true,
    });
    expect(shape('a IS NOT DISTINCT FROM b')).toBe('(A IS NOT DISTINCT FROM B)');
    expect(shape('a NOT BETWEEN 1 AND 2')).toBe('(A NOT BETWEEN 1 AND 2)');
  });
});

describe('literals', () => {
  test.each([
    ['1', { kind: 'IntegerLiteral', value: 1 }],
    ['-1', { kind: 'IntegerLiteral', value: -1 }],
    ['2147483647', { kind: 'IntegerLiteral', value: 2147483647 }],
    ['-2147483648', { kind: 'IntegerLiteral', value: -2147483648 }],
    ['2147483648', { kind: 'BigIntLiteral', value: '2147483648' }],
    ['-9223372036854775808', { kind: 'BigIntLiteral', value: '-9223372036854775808' }],
    ['1.50', { kind: 'DecimalLiteral', value: '1.50' }],
    ['-.5', { kind: 'DecimalLiteral', value: '-.5' }],
    ['1.5e0', { kind: 'DoubleLiteral', value: 1.5 }],
    ['2E3', { kind: 'DoubleLiteral', value: 2000 }],
    ["'it''s'", { kind: 'StringLiteral', value: "it's" }],
    ['true', { kind: 'BooleanLiteral', value: true }],
    ['FALSE', { kind: 'BooleanLiteral', value: false }],
    ['null', { kind: 'NullLiteral' }],
  ])('%s', (input, expected) => {
    expect(tree(input)).toEqual(expected);
    expectExpressionRoundTrip(input);
  });

  test('a DOUBLE prints in scientific notation so it stays a DOUBLE', () => {
    expect(shape('1.5e0')).toBe('1.5E0');
    expect(shape('-2.5E-3')).toBe('-2.5E-3');
  });

  test('minus before a parenthesised literal stays an operator, minus minus stays apart', () => {
    expect(tree('-(1)')).toEqual({ kind: 'ArithmeticUnary', op: '-', operand: { kind: 'IntegerLiteral', value: 1 } });
    expect(shape('-(1)')).toBe('-(1)');
    expect(shape('- -1')).toBe('- -1');
    expect(shape('a - -1')).toBe('(A - -1)');
    expectExpressionRoundTrip('-(1)');
    expectExpressionRoundTrip('- -1');
  });
});

describe('names', () => {
  test('unquoted names are upper-cased, backticked names keep case', () => {
    expect(tree('foo')).toEqual({ kind: 'ColumnRef', name: 'FOO' });
    expect(tree('`Foo`')).toEqual({ kind: 'ColumnRef', name: 'Foo' });
    expect(tree('t.`Bar`')).toEqual({ kind: 'ColumnRef', source: 'T', name: 'Bar' });
    expect(shape('`Foo`->`x y`')).toBe('`Foo`->`x y`');
  });

  test('reserved words need backticks, non-reserved ones do not', () => {
    expect(tree('`SELECT`')).toEqual({ kind: 'ColumnRef', name: 'SELECT' });
    expect(shape('`SELECT`')).toBe('`SELECT`');
    expect(tree('key + size_x')).toEqual({
      kind: 'ArithmeticBinary',
      op: '+',
      left: { kind: 'ColumnRef', name: 'KEY' },
      right: { kind: 'ColumnRef', name: 'SIZE_X' },
    });
  });
});

describe('calls and constructors', () => {
  test.each([
    ['COUNT(*)', 'COUNT(*)'],
    ['count()', 'COUNT()'],
    ['substring(s, 1, 2)', 'SUBSTRING(S, 1, 2)'],
    ['ARRAY[1, 2]', 'ARRAY[1, 2]'],
    ['ARRAY[]', 'ARRAY[]'],
    ["MAP('a' := 1, 'b' := 2)", "MAP('a':=1, 'b':=2)"],
    ['STRUCT(f1 := a, `g` := b->c)', 'STRUCT(F1:=A, `g`:=B->C)'],
    ['CAST(x AS DECIMAL(4, 2))', 'CAST(X AS DECIMAL(4, 2))'],
    ['CAST(x AS STRUCT<a INT, `b` ARRAY<VARCHAR>>)', 'CAST(X AS STRUCT<`A` INTEGER, `b` ARRAY<STRING>>)'],
    [
      "CASE WHEN a > 1 THEN 'x' WHEN a IS NULL THEN null ELSE 'z' END",
      "(CASE WHEN (A > 1) THEN 'x' WHEN (A IS NULL) THEN null ELSE 'z' END)",
    ],
    ['CASE a WHEN 1 THEN 2 END', '(CASE A WHEN 1 THEN 2 END)'],
    ['TRANSFORM(arr, x => x + 1)', 'TRANSFORM(ARR, (X) => (X + 1))'],
    ['REDUCE(arr, 0, (s, x) => s + x)', 'REDUCE(ARR, 0, (S, X) => (S + X))'],
    ['TIMESTAMPADD(MINUTES, 5, ts)', 'TIMESTAMPADD(MINUTES, 5, TS)'],
  ])('%s', (input, printed) => {
    expect(shape(input)).toBe(printed);
    expectExpressionRoundTrip(input);
  });

  test('COUNT(*) and COUNT() differ only by the star flag', () => {
    expect(tree('COUNT(*)')).toEqual({ kind: 'FunctionCall', name: 'COUNT', args: [], star: true });
    expect(tree('COUNT()')).toEqual({ kind: 'FunctionCall', name: 'COUNT', args: [], star: false });
  });

  test('lambda parameters become lambda variables only inside the body', () => {
    expect(tree('F(x, x => x)')).toEqual({
      kind: 'FunctionCall',
      name: 'F',
      star: false,
      args: [
        { kind: 'ColumnRef', name: 'X' },
        { kind: 'Lambda', params: ['X'], body: { kind: 'LambdaVariable', name: 'X' } },
      ],
    });
  });

  test('a time unit that is not reserved is a column, as in ksqlDB', () => {
    expect(tree('F(MINUTE)')).toEqual({
      kind: 'FunctionCall',
      name: 'F',
      star: false,
      args: [{ kind: 'ColumnRef', name: 'MINUTE' }],
    });
    expect(tree('F(MINUTES)')).toEqual({
      kind: 'FunctionCall',
      name: 'F',
      star: false,
      args: [{ kind: 'IntervalUnitArg', unit: 'MINUTES' }],
    });
  });

  test('|| becomes CONCAT', () => {
    expect(tree("a || 'x'")).toEqual({
      kind: 'FunctionCall',
      name: 'CONCAT',
      star: false,
      args: [
        { kind: 'ColumnRef', name: 'A' },
        { kind: 'StringLiteral', value: 'x' },
      ],
    });
  });

  test('LIKE keeps its escape character', () => {
    expect(tree("v LIKE '%!%' ESCAPE '!'")).toMatchObject({ kind: 'Like', escape: '!', negated: false });
    expect(shape("v LIKE '%!%' ESCAPE '!'")).toBe("(V LIKE '%!%' ESCAPE '!')");
  });
});

test('expressions carry the position where they start', () => {
  const e = parseExpression('a +\n  b * c');
  expect(e.loc).toEqual({ line: 1, column: 1 });
  expect(e.kind === 'ArithmeticBinary' && e.right.loc).toEqual({ line: 2, column: 3 });
});

test("DECIMAL '1.50' is a decimal literal; other typed literals are refused", () => {
  expect(tree("DECIMAL '1.50'")).toEqual({ kind: 'DecimalLiteral', value: '1.50' });
  expect(() => parseExpression("DATE '2020-01-01'")).toThrow('Unknown type: DATE, value: 2020-01-01');
  expect(() => parseExpression("DECIMAL 'abc'")).toThrow('Unknown type: DECIMAL, value: abc');
});
