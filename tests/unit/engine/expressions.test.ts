// Expression typing and evaluation: arithmetic widening, null rules, CASE, LIKE, IN, BETWEEN,
// struct/array/map access and CAST, compiled against a small row scope.
import { valueToString } from '../../../engine/exec/expression/cast.js';
import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../../engine/syntax/index.js';
import { compile, type CompileContext } from '../../../engine/exec/expression/compile.js';
import { makeScope } from '../../../engine/types/scope.js';
import { defaultRegistry } from '../../../engine/exec/default-registry.js';
import { T, typeToString } from '../../../engine/types/sql-types.js';
import type { Value } from '../../../engine/types/values.js';
import { PlanError } from '../../../engine/errors.js';

const errors: string[] = [];
const ctx: CompileContext = {
  registry: defaultRegistry(),
  props: {},
  onError: (e, text) => errors.push(`${text}: ${String(e)}`),
};
const cols = [
  { name: 'I', type: T.INTEGER },
  { name: 'B', type: T.BIGINT },
  { name: 'D', type: T.DOUBLE },
  { name: 'S', type: T.STRING },
  { name: 'N', type: T.INTEGER },
  { name: 'ST', type: T.struct([{ name: 'A', type: T.struct([{ name: 'C', type: T.STRING }]) }]) },
  { name: 'ARR', type: T.array(T.INTEGER) },
  { name: 'M', type: T.map(T.STRING, T.DOUBLE) },
];
const row: Value[] = [7, 10_000_000_000, 2.5, 'hello', null, { A: { C: 'deep' } }, [10, 20, 30], { k: 1.5 }];
const scope = makeScope(cols, ['SRC'], 'SELECT');

function run(sql: string): { type: string; value: Value } {
  const c = compile(parseExpression(sql), scope, ctx);
  return { type: typeToString(c.type), value: c.eval(row) };
}

describe('arithmetic', () => {
  it('keeps INT for INT operands and wraps at 32 bits like Java', () => {
    expect(run('I + 1')).toEqual({ type: 'INTEGER', value: 8 });
    expect(run('2147483647 + 1')).toEqual({ type: 'INTEGER', value: -2147483648 });
  });
  it('widens to BIGINT and DOUBLE', () => {
    expect(run('I + B')).toEqual({ type: 'BIGINT', value: 10_000_000_007 });
    expect(run('I * D')).toEqual({ type: 'DOUBLE', value: 17.5 });
  });
  it('divides integers by truncation and logs division by zero as null', () => {
    expect(run('I / 2').value).toBe(3);
    errors.length = 0;
    expect(run('I / 0').value).toBeNull();
    expect(errors[0]).toContain('/ by zero');
  });
  it('logs DECIMAL division and remainder by zero as null, as BigDecimal throws', () => {
    expect(run('CAST(I AS DECIMAL(4, 2)) / 2.00').value).toBe(3.5);
    errors.length = 0;
    expect(run('CAST(I AS DECIMAL(4, 2)) / CAST(N + 0 AS DECIMAL(4, 2))').value).toBeNull();
    expect(run('CAST(I AS DECIMAL(4, 2)) / 0.00').value).toBeNull();
    expect(run('CAST(I AS DECIMAL(4, 2)) % 0.00').value).toBeNull();
    expect(errors.length).toBe(2);
    expect(errors[0]).toContain('/ by zero');
  });
  it('types decimal literals exactly and concatenates strings with +', () => {
    expect(run('1.50 + 1').type).toBe('DECIMAL(13, 2)');
    expect(run("S + '!'").value).toBe('hello!');
  });
  it('propagates nulls', () => {
    expect(run('N + 1').value).toBeNull();
  });
});

describe('comparison and logic', () => {
  it('answers false, not null, when a side is null (ksqlDB generated code)', () => {
    expect(run('N = 1').value).toBe(false);
    expect(run('NOT (N = 1)').value).toBe(true);
  });
  it('compares DATE with text read as a DATE, and prints TIME as LocalTime does', () => {
    expect(run("CAST('1970-01-11' AS DATE) = '1970-01-11'").value).toBe(true);
    expect(run("CAST('1970-01-11' AS DATE) > '1970-01-12'").value).toBe(false);
    expect(run("CAST('1970-01-11' AS DATE) BETWEEN '1970-01-10' AND '1970-01-12'").value).toBe(true);
    expect(run("CAST('1970-01-11' AS DATE) BETWEEN '1970-01-12' AND '1970-01-13'").value).toBe(false);
    expect(valueToString(5000, T.TIME)).toBe('00:00:05');
    expect(valueToString(36_672_500, T.TIME)).toBe('10:11:12.500');
  });
  it('supports IS NULL, BETWEEN, IN and LIKE', () => {
    expect(run('N IS NULL').value).toBe(true);
    expect(run('I BETWEEN 5 AND 7').value).toBe(true);
    expect(run('I NOT IN (1, 2)').value).toBe(true);
    expect(run("S LIKE 'h_l%'").value).toBe(true);
    expect(run("S LIKE 'H%'").value).toBe(false);
  });
  it('rejects comparing a string to a number, naming both sides', () => {
    expect(() => run('S = 1')).toThrowError(/Cannot compare S \(STRING\) to 1 \(INTEGER\)/);
  });
  it('rejects NULL compared to NULL', () => {
    expect(() => run('NULL <> NULL')).toThrowError('Comparison with NULL not supported: NULL <> NULL');
  });
});

describe('structured access', () => {
  it('dereferences structs, indexes arrays from 1 (negative from the end) and looks up maps', () => {
    expect(run('ST->A->C')).toEqual({ type: 'STRING', value: 'deep' });
    expect(run('ARR[1]').value).toBe(10);
    expect(run('ARR[-1]').value).toBe(30);
    expect(run('ARR[9]').value).toBeNull();
    expect(run("M['k']").value).toBe(1.5);
  });
  it('builds arrays, maps and structs', () => {
    expect(run('ARRAY[I, 2]').value).toEqual([7, 2]);
    expect(run("STRUCT(X := I, Y := 'y')").value).toEqual({ X: 7, Y: 'y' });
  });
});

describe('CASE and CAST', () => {
  it('evaluates searched and simple CASE', () => {
    expect(run("CASE WHEN I > 5 THEN 'big' ELSE 'small' END").value).toBe('big');
    expect(run("CASE I WHEN 1 THEN 'one' WHEN 7 THEN 'seven' END").value).toBe('seven');
  });
  it('rejects a CASE whose branches are all NULL', () => {
    expect(() => run('CASE WHEN I > 5 THEN NULL END')).toThrowError(PlanError);
  });
  it('casts like Java: doubles print with .0, text parses to numbers', () => {
    expect(run('CAST(I AS DOUBLE)').value).toBe(7);
    expect(run('CAST(CAST(I AS DOUBLE) AS STRING)').value).toBe('7.0');
    expect(run("CAST('42' AS INT)").value).toBe(42);
    expect(run('CAST(ARR AS STRING)').value).toBe('[10, 20, 30]');
  });
  it('refuses casts ksqlDB does not allow', () => {
    expect(() => run('CAST(S AS ARRAY<INT>)')).toThrowError(
      'Invalid Select: Cast of STRING to ARRAY<INTEGER> is not supported',
    );
  });
});

describe('resolution errors', () => {
  it('names the unknown column and the clause', () => {
    expect(() => run('NOPE + 1')).toThrowError("SELECT column 'NOPE' cannot be resolved.");
  });
  it('names an unknown function', () => {
    expect(() => run('WONT_FIND_ME(I)')).toThrowError("Can't find any functions with the name 'WONT_FIND_ME'");
  });
});

describe('built-in calls with literal arguments', () => {
  it('are evaluated once, giving every row the same value', () => {
    const c = compile(parseExpression("SPLIT('22,53,123', ',')"), scope, ctx);
    const first = c.eval(row);
    expect(first).toEqual(['22', '53', '123']);
    expect(c.eval([])).toBe(first);
    expect(run("ARRAY_CONTAINS(SPLIT('22,53,123', ','), CAST(I AS STRING))").value).toBe(false);
    expect(run("ARRAY_CONTAINS(SPLIT('22,53,7', ','), CAST(I AS STRING))").value).toBe(true);
  });

  it('still fail per row when they fail, and functions without arguments run per row', () => {
    errors.length = 0;
    const bad = compile(parseExpression("PARSE_TIMESTAMP('nope', 'yyyy')"), scope, ctx);
    expect([bad.eval(row), bad.eval(row)]).toEqual([null, null]);
    expect(errors.length).toBe(2);
    const r = compile(parseExpression('RANDOM()'), scope, ctx);
    const draws = new Set(Array.from({ length: 5 }, () => r.eval(row)));
    expect(draws.size).toBeGreaterThan(1);
  });
});
