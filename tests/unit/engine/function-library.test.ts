// The built-in function families against the examples of ksqlDB's function reference (scalar
// functions page), called through the registry as a query does.
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../../engine/exec/default-registry.js';
import { T, type SqlType } from '../../../engine/types/sql-types.js';
import type { Value } from '../../../engine/types/values.js';

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
const d = (v: number | null): [SqlType, Value] => [T.DOUBLE, v];
const ints = (v: Array<number | null> | null): [SqlType, Value] => [T.array(T.INTEGER), v];
const strs = (v: Array<string | null> | null): [SqlType, Value] => [T.array(T.STRING), v];
const map = (v: Record<string, Value> | null): [SqlType, Value] => [T.map(T.STRING, T.INTEGER), v];

describe('math', () => {
  it('rounds half up like Java and truncates toward zero', () => {
    expect(call('ROUND', [d(1.5)])).toBe(2);
    expect(call('ROUND', [d(-1.5)])).toBe(-1);
    expect(call('ROUND', [d(1.005), i(2)])).toBe(1.01);
    expect(call('ROUND', [d(123.456), i(-1)])).toBe(120);
    expect(registry.resultType('ROUND', [T.decimal(5, 2)])).toEqual(T.decimal(3, 0));
    expect(call('TRUNC', [d(-1.9)])).toBe(-1);
    expect(call('TRUNC', [d(1.99), i(1)])).toBe(1.9);
  });
  it('computes logarithms, powers and trigonometry as java.lang.Math', () => {
    expect(call('LOG', [d(100)])).toBe(2);
    expect(call('LOG', [d(2), d(8)])).toBe(3);
    expect(call('LOG', [d(1), d(8)])).toBeNaN();
    expect(call('POWER', [i(2), i(10)])).toBe(1024);
    expect(call('CBRT', [i(27)])).toBe(3);
    expect(call('DEGREES', [d(Math.PI)])).toBe(180);
    expect(call('SIGN', [d(-0.5)])).toBe(-1);
    expect(call('PI', [])).toBe(Math.PI);
  });
  it('GREATEST and LEAST skip nulls', () => {
    expect(call('GREATEST', [i(2), i(null), i(7)])).toBe(7);
    expect(call('LEAST', [s('apple'), s('banana'), s(null)])).toBe('apple');
  });
  it('GEO_DISTANCE measures great circles in km (default) or miles', () => {
    expect(call('GEO_DISTANCE', [d(37.4439), d(-122.1663), d(51.5257), d(-0.1122)])).toBeCloseTo(8634.6598, 3);
    expect(call('GEO_DISTANCE', [d(37.4439), d(-122.1663), d(51.5257), d(-0.1122), s('MI')])).toBeCloseTo(5365.6597, 3);
  });
});

describe('strings', () => {
  it('CHR, CONCAT_WS, INSTR, LPAD/RPAD, MASK as documented', () => {
    expect(call('CHR', [i(75)])).toBe('K');
    expect(call('CHR', [s('\\u597d')])).toBe('好');
    expect(call('CONCAT_WS', [s(', '), s('apple'), s('banana'), s(null), s('date')])).toBe('apple, banana, date');
    expect(call('INSTR', [s('CORPORATE FLOOR'), s('OR'), i(3), i(2)])).toBe(14);
    expect(call('INSTR', [s('CORPORATE FLOOR'), s('OR'), i(-3), i(2)])).toBe(2);
    expect(call('LPAD', [s('Foo'), i(7), s('Bar')])).toBe('BarBFoo');
    expect(call('RPAD', [s('Foo'), i(7), s('Bar')])).toBe('FooBarB');
    expect(call('MASK', [s('My Test $123')])).toBe('Xx-Xxxx--nnn');
    expect(call('MASK', [s('My Test $123'), s('*'), s(null), s('1'), s(null)])).toBe('*y *est $111');
    expect(call('MASK_KEEP_LEFT', [s('My Test $123'), i(4)])).toBe('My Txxx--nnn');
    expect(call('MASK_KEEP_RIGHT', [s('My Test $123'), i(4)])).toBe('Xx-Xxxx-$123');
    expect(call('MASK_LEFT', [s('My Test $123'), i(4)])).toBe('Xx-Xest $123');
    expect(call('MASK_RIGHT', [s('My Test $123'), i(4)])).toBe('My Test -nnn');
  });
  it('SPLIT_TO_MAP, ELT, FIELD, MD5 and ENCODE', () => {
    expect(call('SPLIT_TO_MAP', [s('apple:=green/cherry:=red'), s('/'), s(':=')])).toEqual({
      apple: 'green',
      cherry: 'red',
    });
    expect(call('ELT', [i(2), s('a'), s('b')])).toBe('b');
    expect(call('ELT', [i(3), s('a'), s('b')])).toBeNull();
    expect(call('FIELD', [s('b'), s('a'), s('b')])).toBe(2);
    expect(call('FIELD', [s(null), s('a')])).toBe(0);
    expect(call('MD5', [s('')])).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(call('ENCODE', [s('4578616d706C6521'), s('hex'), s('utf8')])).toBe('Example!');
    expect(call('ENCODE', [s('Ελλάδα'), s('ascii'), s('hex')])).toBe('3f3f3f3f3f3f');
    expect(call('UUID', [])).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
  it('REGEXP_EXTRACT_ALL and REGEXP_REPLACE use Java group references', () => {
    expect(call('REGEXP_EXTRACT', [s('(.*) (.*)'), s('hello there'), i(2)])).toBe('there');
    expect(call('REGEXP_EXTRACT_ALL', [s('(\\w+) (\\w+)'), s('hello there nice day'), i(2)])).toEqual(['there', 'day']);
    expect(call('REGEXP_REPLACE', [s('a1b2'), s('(\\d)'), s('<$1$0>')])).toBe('a<11>b<22>');
  });
  it('converts bytes and numbers in both byte orders', () => {
    const bytes = (b64: string): [SqlType, Value] => [T.BYTES, Buffer.from(b64, 'base64')];
    expect(call('BIGINT_FROM_BYTES', [bytes('AAAAASoF8gA='), s('BIG_ENDIAN')])).toBe(5000000000);
    expect(call('DOUBLE_FROM_BYTES', [bytes('QICm/ZvJ9YI=')])).toBe(532.8738323);
    expect(call('INT_FROM_BYTES', [bytes('AAAH5Q==')])).toBe(2021);
    expect(call('FROM_BYTES', [bytes('GrI='), s('hex')])).toBe('1AB2');
  });
});

describe('JSON', () => {
  it('follows the reference examples', () => {
    expect(call('IS_JSON_STRING', [s('"abc"')])).toBe(true);
    expect(call('IS_JSON_STRING', [s('abc')])).toBe(false);
    expect(call('JSON_ARRAY_LENGTH', [s('[1, [1, [2]], 3]')])).toBe(3);
    expect(call('JSON_ARRAY_LENGTH', [s('{}')])).toBeNull();
    expect(call('JSON_CONCAT', [s('{"a": 1}'), s('{"b": 2}')])).toBe('{"a":1,"b":2}');
    expect(call('JSON_CONCAT', [s('[1, 2]'), s('3')])).toBe('[1,2,3]');
    expect(call('JSON_CONCAT', [s('abc'), s('[1]')])).toBeNull();
    expect(call('JSON_KEYS', [s('{"a": "abc", "b": { "c": "a" }, "d": 1}')])).toEqual(['a', 'b', 'd']);
    expect(call('JSON_RECORDS', [s('{"a": "abc", "b": { "c": "a" }, "d": 1}')])).toEqual({
      a: 'abc',
      b: '{"c":"a"}',
      d: '1',
    });
    expect(call('JSON_ARRAY_CONTAINS', [s('[1, 2, 3]'), i(3)])).toBe(true);
    expect(call('EXTRACTJSONFIELD', [s('{"array": [1.23450]}'), s('$.array[0]')])).toBe('1.23450');
  });
  it('TO_JSON_STRING writes every type', () => {
    const json = (t: SqlType, v: Value): Value => call('TO_JSON_STRING', [[t, v]]);
    expect(json(T.STRING, 'abc')).toBe('"abc"');
    expect(json(T.NULL, null)).toBe('null');
    expect(json(T.TIME, 48_300_000)).toBe('"13:25"');
    expect(json(T.DATE, 18911)).toBe('"2021-10-11"');
    expect(json(T.TIMESTAMP, 1625055519446)).toBe('"2021-06-30T12:18:39.446"');
    expect(json(T.map(T.STRING, T.INTEGER), { c: 2, d: 4 })).toBe('{"c":2,"d":4}');
    expect(
      json(
        T.struct([
          { name: 'ID', type: T.INTEGER },
          { name: 'NAME', type: T.STRING },
        ]),
        { ID: 1, NAME: 'A' },
      ),
    ).toBe('{"ID":1,"NAME":"A"}');
  });
});

describe('date and time', () => {
  const unit = (u: string): [{ kind: 'INTERVALUNIT' }, Value] => [{ kind: 'INTERVALUNIT' }, u];
  function callUnit(name: string, u: string, n: number, t: SqlType, v: number): Value {
    const impl = registry.resolveScalar(name, [unit(u)[0], T.INTEGER, t], { props: {} });
    return impl.call([u, n, v]);
  }
  it('adds and subtracts intervals; TIME wraps at midnight', () => {
    expect(callUnit('TIMESTAMPADD', 'MILLISECONDS', 10, T.TIMESTAMP, 10)).toBe(20);
    expect(callUnit('DATEADD', 'DAYS', 10, T.DATE, 10)).toBe(20);
    expect(callUnit('DATESUB', 'HOURS', 48, T.DATE, 10)).toBe(8);
    expect(callUnit('TIMEADD', 'MILLISECONDS', 10, T.TIME, 86399995)).toBe(5);
    expect(callUnit('TIMESUB', 'MILLISECONDS', 10, T.TIME, 5)).toBe(86399995);
  });
  it('formats, parses and converts zones', () => {
    expect(call('FORMAT_DATE', [[T.DATE, 18993], s('dd-MMM-yyyy')])).toBe('01-Jan-2022');
    expect(call('PARSE_DATE', [s('01-JAN-2022'), s('dd-MMM-yyyy')])).toBe(18993);
    expect(call('PARSE_TIME', [s('01:00:00 PM'), s('hh:mm:ss a')])).toBe(46_800_000);
    expect(call('FORMAT_TIME', [[T.TIME, 65000], s('HH_mm_ss_SSS')])).toBe('00_01_05_000');
    expect(call('PARSE_TIMESTAMP', [s('2018-05-11T21:58:33 PST'), s("yyyy-MM-dd'T'HH:mm:ss zzz")])).toBe(1526101113000);
    expect(call('CONVERT_TZ', [[T.TIMESTAMP, 100], s('+0200'), s('+0500')])).toBe(10_800_100);
    expect(call('STRINGTODATE', [s('2018-05-11Lit'), s("yyyy-MM-dd'Lit'")])).toBe(17662);
    expect(call('DATETOSTRING', [i(-1), s("dd-MM-yyyy'Sophia'")])).toBe('31-12-1969Sophia');
  });
});

describe('URLs', () => {
  it('extracts parts and codes parameters as the reference shows', () => {
    expect(call('URL_DECODE_PARAM', [s('url%20encoded')])).toBe('url encoded');
    expect(call('URL_ENCODE_PARAM', [s('?foo $bar')])).toBe('%3Ffoo+%24bar');
    expect(call('URL_EXTRACT_FRAGMENT', [s('http://test.com#frag%20space')])).toBe('frag space');
    expect(call('URL_EXTRACT_HOST', [s('http://test.com:8080/path')])).toBe('test.com');
    expect(call('URL_EXTRACT_PARAMETER', [s('http://test.com?a%20b=c%20d'), s('a b')])).toBe('c d');
    expect(call('URL_EXTRACT_PATH', [s('http://test.com/path/to#a')])).toBe('/path/to');
    expect(call('URL_EXTRACT_PORT', [s('http://localhost:8080/path')])).toBe(8080);
    expect(call('URL_EXTRACT_PROTOCOL', [s('www.confluent.io')])).toBeNull();
    expect(call('URL_EXTRACT_QUERY', [s('http://test.com?a=foo%20bar&b=baz')])).toBe('a=foo bar&b=baz');
  });
});

describe('arrays and maps', () => {
  it('follows the reference examples', () => {
    expect(call('ARRAY_CONCAT', [ints([1, 2, 3, 1, 2]), ints([4, 1])])).toEqual([1, 2, 3, 1, 2, 4, 1]);
    expect(call('ARRAY_CONCAT', [ints(null), ints(null)])).toBeNull();
    expect(call('ARRAY_DISTINCT', [strs(['apple', 'apple', null, 'cherry'])])).toEqual(['apple', null, 'cherry']);
    expect(call('ARRAY_EXCEPT', [strs(['apple', 'apple', null, 'cherry']), strs(['cherry'])])).toEqual(['apple', null]);
    expect(call('ARRAY_INTERSECT', [ints([1, 2, 3, 1, 2]), ints([2, 1])])).toEqual([1, 2]);
    expect(call('ARRAY_UNION', [ints([1, 2, 3, 1, 2]), ints([4, 1])])).toEqual([1, 2, 3, 4]);
    expect(call('ARRAY_MAX', [strs(['Foo', 'Bar', null, 'baz'])])).toBe('baz');
    expect(call('ARRAY_MIN', [ints([-1, 2, null, 0])])).toBe(-1);
    expect(call('ARRAY_REMOVE', [strs(['Foo', 'Bar', null, 'baz']), s(null)])).toEqual(['Foo', 'Bar', 'baz']);
    expect(call('ARRAY_SORT', [strs(['Foo', 'Bar', null, 'baz'])])).toEqual(['Bar', 'Foo', 'baz', null]);
    expect(call('ARRAY_SORT', [ints([-1, 2, null, 0]), s('DESC')])).toEqual([2, 0, -1, null]);
    expect(call('ARRAY_JOIN', [[T.array(T.DOUBLE), [1.23, 0]]])).toBe('1.23,0.0');
    expect(call('SLICE', [strs(['a', 'b', 'c', 'd']), i(2), i(3)])).toEqual(['b', 'c']);
    expect(call('GENERATE_SERIES', [i(4), i(0)])).toEqual([4, 3, 2, 1, 0]);
    expect(call('GENERATE_SERIES', [i(-2), i(1), i(2)])).toEqual([-2, 0]);
  });
  it('builds and reads maps', () => {
    expect(call('AS_MAP', [strs(['a', 'b']), ints([1, 2, 3])])).toEqual({ a: 1, b: 2 });
    expect(call('MAP_UNION', [map({ apple: 10, banana: 20 }), map({ apple: 50 })])).toEqual({
      apple: 50,
      banana: 20,
    });
    expect(call('MAP_VALUES', [map({ apple: 10 })])).toEqual([10]);
    expect(call('ENTRIES', [map({ b: 2, a: 1 }), [T.BOOLEAN, true]])).toEqual([
      { K: 'a', V: 1 },
      { K: 'b', V: 2 },
    ]);
  });
});

describe('table functions', () => {
  it('EXPLODE gives the elements, CUBE_EXPLODE every combination (a null element once)', () => {
    const explode = registry.resolveTable('EXPLODE', [T.array(T.INTEGER)], { props: {} });
    expect(explode.type).toEqual(T.INTEGER);
    expect(explode.call([[1, 2]])).toEqual([1, 2]);
    expect(explode.call([null])).toEqual([]);
    const cube = registry.resolveTable('CUBE_EXPLODE', [T.array(T.INTEGER)], { props: {} });
    expect(cube.call([[1, 2]])).toEqual([
      [null, null],
      [null, 2],
      [1, null],
      [1, 2],
    ]);
    expect(cube.call([[1, null]])).toEqual([
      [null, null],
      [1, null],
    ]);
  });
});
