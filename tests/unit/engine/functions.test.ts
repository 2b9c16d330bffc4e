// Scalar functions with ksqlDB's index and null rules, called through the registry as the
// planner does.
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../../engine/exec/default-registry.js';
import { T, type SqlType } from '../../../engine/types/sql-types.js';
import type { Value } from '../../../engine/types/values.js';
import { formatMillis, parseMillis } from '../../../engine/exec/functions/java-time-format.js';

const registry = defaultRegistry();

function call(name: string, args: Array<[SqlType, Value]>): Value {
  const impl = registry.resolveScalar(
    name,
    args.map((a) => a[0]),
    { props: {} },
  );
  return impl.call(args.map((a) => a[1]));
}
const s = (v: string | null): [SqlType, Value] => [T.STRING, v];
const i = (v: number | null): [SqlType, Value] => [T.INTEGER, v];

describe('string functions', () => {
  it('SUBSTRING counts from 1 and from the end for negative positions', () => {
    expect(call('SUBSTRING', [s('some_string'), i(6)])).toBe('string');
    expect(call('SUBSTRING', [s('some_string'), i(6), i(3)])).toBe('str');
    expect(call('SUBSTRING', [s('some_string'), i(-3)])).toBe('ing');
    expect(call('SUBSTRING', [s('short'), i(9)])).toBe('');
    expect(call('SUBSTRING', [s('x'), i(null)])).toBeNull();
  });
  it('INSTR finds occurrences forwards and backwards', () => {
    expect(call('INSTR', [s('corporate floor'), s('or')])).toBe(2);
    expect(call('INSTR', [s('corporate floor'), s('or'), i(4), i(2)])).toBe(14);
    expect(call('INSTR', [s('corporate floor'), s('or'), i(-4)])).toBe(5);
    expect(call('INSTR', [s('short'), s('zz')])).toBe(0);
  });
  it('CONCAT skips nulls, CONCAT_WS needs a separator', () => {
    expect(call('CONCAT', [s('a'), s(null), s('b')])).toBe('ab');
    expect(call('CONCAT_WS', [s('-'), s('a'), s(null), s('b')])).toBe('a-b');
    expect(call('CONCAT_WS', [s(null), s('a')])).toBeNull();
  });
  it('pads, trims, cases and splits', () => {
    expect(call('LPAD', [s('ab'), i(5), s('xy')])).toBe('xyxab');
    expect(call('RPAD', [s('abcdef'), i(3), s('x')])).toBe('abc');
    expect(call('LPAD', [s('ab'), i(5), s('')])).toBeNull();
    expect(call('INITCAP', [s('the QUICK fox')])).toBe('The Quick Fox');
    expect(call('SPLIT', [s('a,b,,c'), s(',')])).toEqual(['a', 'b', '', 'c']);
    expect(call('SPLIT', [s(''), s('')])).toEqual(['']);
    expect(call('UCASE', [s('abc')])).toBe('ABC');
    expect(call('LEN', [s('four')])).toBe(4);
  });
  it('regular expressions behave like Java (split drops capturing groups)', () => {
    expect(call('REGEXP_EXTRACT', [s('(\\d+)-(\\d+)'), s('tel 12-34'), i(2)])).toBe('34');
    expect(call('REGEXP_REPLACE', [s('a1b22'), s('\\d+'), s('#')])).toBe('a#b#');
    expect(call('REGEXP_SPLIT_TO_ARRAY', [s('aabcda'), s('(ab|cd)')])).toEqual(['a', '', 'a']);
  });
});

describe('null and math functions', () => {
  it('IFNULL, COALESCE and NULLIF', () => {
    expect(call('IFNULL', [i(null), i(3)])).toBe(3);
    expect(call('COALESCE', [i(null), i(null), i(4)])).toBe(4);
    expect(call('NULLIF', [i(4), i(4)])).toBeNull();
    expect(() => call('COALESCE', [])).toThrowError("Function 'COALESCE' does not accept parameters ()");
  });
  it('ROUND of a DOUBLE is a BIGINT, half up', () => {
    const impl = registry.resolveScalar('ROUND', [T.DOUBLE], { props: {} });
    expect(impl.type).toEqual(T.BIGINT);
    expect(impl.call([2.5])).toBe(3);
    expect(call('ABS', [i(-3)])).toBe(3);
    expect(call('FLOOR', [[T.DOUBLE, 2.7]])).toBe(2);
    expect(call('CEIL', [[T.DOUBLE, 2.1]])).toBe(3);
    expect(call('SQRT', [i(16)])).toBe(4);
  });
  it('EXTRACTJSONFIELD reads paths and returns non-strings as JSON', () => {
    const doc = '{"a":{"b":[1,{"c":"x"}]}}';
    expect(call('EXTRACTJSONFIELD', [s(doc), s('$.a.b[1].c')])).toBe('x');
    expect(call('EXTRACTJSONFIELD', [s(doc), s('$.a.b[0]')])).toBe('1');
    expect(call('EXTRACTJSONFIELD', [s(doc), s('$.missing')])).toBeNull();
    expect(call('ARRAY_LENGTH', [[T.array(T.INTEGER), [1, 2, 3]]])).toBe(3);
  });
});

describe('time functions', () => {
  it('formats and parses with Java patterns in UTC and named zones', () => {
    expect(formatMillis(1526075913000, 'yyyy-MM-dd HH:mm:ss')).toBe('2018-05-11 21:58:33');
    expect(formatMillis(1526075913000, 'yyyy-MM-dd HH:mm:ss zzz', 'America/Los_Angeles')).toBe(
      '2018-05-11 14:58:33 PDT',
    );
    expect(parseMillis('2018-05-11T21:58:33.000', "yyyy-MM-dd'T'HH:mm:ss.SSS")).toBe(1526075913000);
    expect(call('STRINGTOTIMESTAMP', [s('2018-05-11 21:58:33'), s('yyyy-MM-dd HH:mm:ss')])).toBe(1526075913000);
    expect(call('TIMESTAMPTOSTRING', [[T.BIGINT, 0], s('yyyy-MM-dd')])).toBe('1970-01-01');
  });
});
