// The type-checking phase (engine/typecheck): ksqlDB's coercion of user lists (IN, ARRAY, MAP),
// the rewrite of timestamp text compared with ROWTIME/WINDOWSTART/WINDOWEND, the typing of
// WHERE/HAVING and of operators, each refusal in ksqlDB's words; and that the coerced values
// are what execution compares (no IN row dropped over mixed numeric types).
import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../../engine/syntax/index.js';
import { compile, type CompileContext } from '../../../engine/exec/expression/compile.js';
import { makeScope } from '../../../engine/types/scope.js';
import { defaultRegistry } from '../../../engine/exec/default-registry.js';
import { T, typeToString } from '../../../engine/types/sql-types.js';
import type { Value } from '../../../engine/types/values.js';
import { commonListType, numberTextType } from '../../../engine/typecheck/coerce-list.js';
import { pseudoTimestampMillis, rewritePseudoTimestamps } from '../../../engine/typecheck/pseudo-timestamps.js';
import { printExpression } from '../../../engine/syntax/index.js';
import { typeExpression } from '../../../engine/typecheck/type-expression.js';
import { functionTypes } from '../../../engine/exec/plan-services.js';
import { Engine } from '../../../engine/runtime/engine.js';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';

const ctx: CompileContext = { registry: defaultRegistry(), props: {}, onError: () => undefined };
const cols = [
  { name: 'I', type: T.INTEGER },
  { name: 'B', type: T.BIGINT },
  { name: 'D', type: T.DOUBLE },
  { name: 'S', type: T.STRING },
  { name: 'DEC', type: T.decimal(4, 2) },
];
const row: Value[] = [7, 10, 2.5, 'x', 1.5];
const scope = makeScope(cols, ['SRC'], 'SELECT');

function run(sql: string): { type: string; value: Value } {
  const c = compile(parseExpression(sql), scope, ctx);
  return { type: typeToString(c.type), value: c.eval(row) };
}

describe('user lists take their widest common type', () => {
  it('IN compares the value with every item in the common type', () => {
    expect(run('I IN (7.0, 2)').value).toBe(true);
    expect(run('DEC IN (1.50, 3)').value).toBe(true);
    expect(run('D IN (2.5, 1)').value).toBe(true);
    expect(run("I IN ('7', 8)").value).toBe(true);
    expect(run('B IN (10.0)').value).toBe(true);
    expect(run('I NOT IN (1, 2.5)').value).toBe(true);
  });
  it('refuses items that do not coerce, in ksqlDB words', () => {
    expect(() => run("I IN ('not a number')")).toThrowError('invalid input syntax for type INTEGER: "not a number".');
    expect(() => run('I IN (S)')).toThrowError(/operator does not exist: INTEGER = STRING \(S\)/);
  });
  it('types ARRAY and MAP constructors by their elements', () => {
    expect(run("ARRAY[NULL, 10, '2e1', B]")).toEqual({ type: 'ARRAY<DECIMAL(19, 0)>', value: [null, 10, 20, 10] });
    expect(run("ARRAY['a', 1, true]")).toEqual({ type: 'ARRAY<STRING>', value: ['a', '1', 'true'] });
    expect(run("MAP('a' := true, 'b' := 'no', 'c' := 'yes')").value).toEqual({ a: true, b: false, c: true });
    // a later struct's own fields come first in the merged type, as in ksqlDB
    expect(run('ARRAY[STRUCT(X := 1), STRUCT(Y := 2)]')).toEqual({
      type: 'ARRAY<STRUCT<`Y` INTEGER, `X` INTEGER>>',
      value: [
        { X: 1, Y: null },
        { X: null, Y: 2 },
      ],
    });
    expect(() => run("ARRAY[1, 'x']")).toThrowError('invalid input syntax for type INTEGER: "x".');
    expect(() => run('ARRAY[]')).toThrowError(/Array constructor cannot be empty/);
    expect(() => run('MAP(NULL := 1)')).toThrowError(/Cannot construct a map with all NULL keys/);
  });
  it('reads the number a text holds as ksqlDB does', () => {
    expect(numberTextType('12')).toEqual(T.INTEGER);
    expect(numberTextType('3000000000')).toEqual(T.BIGINT);
    expect(numberTextType('1.50')).toEqual(T.decimal(3, 2));
    expect(numberTextType('2e1')).toEqual(T.decimal(2, 0));
    expect(numberTextType('abc')).toBeUndefined();
    expect(commonListType([parseExpression('NULL')], () => T.NULL)).toBeUndefined();
  });
});

describe('operators', () => {
  it('names the refusals as ksqlDB does', () => {
    expect(() => run('true + 1.5')).toThrowError(
      'Error processing expression: (true + 1.5). Unsupported arithmetic types. BOOLEAN DECIMAL',
    );
    expect(() => run("I >= 'x'")).toThrowError(
      "Cannot compare I (INTEGER) to 'x' (STRING) with GREATER_THAN_OR_EQUAL.",
    );
    expect(() => run('-S')).toThrowError(/Unary - does not apply to STRING/);
  });
});

describe('timestamps compared with ROWTIME and window bounds', () => {
  it('reads partial timestamps and zones', () => {
    expect(pseudoTimestampMillis('2018-01-01T00:00:00.001')).toBe(1514764800001);
    expect(pseudoTimestampMillis('2018')).toBe(1514764800000);
    expect(pseudoTimestampMillis('2019-01-01T00:00:00+0445')).toBe(Date.UTC(2018, 11, 31, 19, 15));
    expect(() => pseudoTimestampMillis('yesterday')).toThrowError(/Failed to parse timestamp/);
  });
  it('rewrites only comparisons with the pseudo columns', () => {
    const e = rewritePseudoTimestamps(
      parseExpression("ROWTIME > '2018' AND S = '2018' AND WINDOWSTART BETWEEN '2018' AND '2019'"),
    );
    expect(printExpression(e)).toBe(
      "(((ROWTIME > 1514764800000) AND (S = '2018')) AND (WINDOWSTART BETWEEN 1514764800000 AND 1546300800000))",
    );
  });
});

describe('WHERE and HAVING', () => {
  const engine = (): Engine => new Engine({ driver: new MemoryDriver(), assumeTopicsExist: true });
  const base = "CREATE STREAM IN1 (K STRING KEY, ID INT, V BIGINT) WITH (KAFKA_TOPIC='t', VALUE_FORMAT='JSON');";
  it('must be BOOLEAN', () => {
    expect(() => engine().execute(`${base} CREATE STREAM O AS SELECT * FROM IN1 WHERE ID + 1.5;`)).toThrowError(
      'Type error in WHERE expression: Should evaluate to boolean but is (ID + 1.5) (DECIMAL(12, 1)) instead.',
    );
  });
  it('names the clause of any other type error', () => {
    expect(() =>
      engine().execute(`${base} CREATE STREAM O AS SELECT * FROM IN1 WHERE K = 'a' AND ID >= 'not an int';`),
    ).toThrowError(
      "Error in WHERE expression: Cannot compare ID (INTEGER) to 'not an int' (STRING) with GREATER_THAN_OR_EQUAL.",
    );
    expect(() =>
      engine().execute(`${base} CREATE TABLE O AS SELECT ID, SUM(V) AS S FROM IN1 GROUP BY ID HAVING SUM(V) > '100';`),
    ).toThrowError("Error in HAVING expression: Cannot compare SUM(V) (BIGINT) to '100' (STRING) with GREATER_THAN.");
  });
});

describe('the static typer and the compiler agree', () => {
  const env = { scope, functions: functionTypes(ctx) };
  const outcome = (f: () => unknown): string => {
    try {
      const t = f() as Parameters<typeof typeToString>[0];
      return typeToString(t);
    } catch (err) {
      return `error: ${(err as Error).message}`;
    }
  };
  it.each([
    'I + B * 2',
    'DEC / 3',
    "S + 'x'",
    '-D',
    'I IN (1, 2.5)',
    'I BETWEEN 1 AND 2',
    "S LIKE 'a%'",
    'I IS NULL',
    "CASE WHEN I > 1 THEN 'a' ELSE NULL END",
    'CASE I WHEN 1 THEN 2.5 END',
    'CAST(I AS STRING)',
    "ARRAY[1, '2', NULL]",
    "MAP('a' := 1, 'b' := 2.5)",
    'STRUCT(A := I, B := S)->B',
    'ARRAY[I, B][1]',
    'ABS(D)',
    'TRANSFORM(ARRAY[1, 2], x => x * 2.5)',
    'REDUCE(ARRAY[1, 2], 0, (s, x) => s + x)',
    "TIMESTAMPADD(MINUTES, 5, PARSE_TIMESTAMP('2020', 'yyyy'))",
    'NOT (I = 1 OR D > 2)',
    'true + 1.5',
    'I AND true',
    'CASE WHEN I THEN 1 END',
    'CAST(I AS BOOLEAN)',
    'ABS(S)',
    'ARRAY[]',
    'COUNT(I)',
  ])('%s', (text) => {
    const e = parseExpression(text);
    expect(outcome(() => typeExpression(e, env))).toBe(outcome(() => compile(e, scope, ctx).type));
  });
});
