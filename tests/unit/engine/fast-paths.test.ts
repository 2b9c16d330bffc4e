// The engine's fast paths give exactly what the general code gives: compiled JSON readers
// against coerceJson, quoted strings against JSON.stringify, serialising from a row offset,
// 64-bit window times without BigInt, and text-to-number CASTs against castValue.
import { describe, expect, it } from 'vitest';
import {
  fieldReaders,
  jsonReader,
  readFields,
  rowReader,
  structReader,
} from '../../../engine/exec/serde/json-reader.js';
import { flatJson } from '../../../engine/exec/serde/json-serde.js';
import { makeSerde } from '../../../engine/exec/serde/serde.js';
import { coerceJson, type Value } from '../../../engine/types/values.js';
import { T, type SqlType } from '../../../engine/types/sql-types.js';
import { windowedKey, writeInt64BE } from '../../../engine/exec/operators/sink.js';
import { readInt64BE, splitWindowedKey } from '../../../engine/exec/operators/source.js';
import { castFunction, castValue } from '../../../engine/exec/expression/cast.js';
import { RecordError } from '../../../engine/errors.js';

/** What a reader gives: the value, or the error message it throws. */
function outcome(f: () => Value): { value?: Value; error?: string } {
  try {
    return { value: f() };
  } catch (err) {
    return { error: err instanceof RecordError ? `RecordError: ${err.message}` : String(err) };
  }
}

const LAYERS = T.struct([
  { name: 'ip_src', type: T.array(T.STRING) },
  { name: 'PORT', type: T.INTEGER },
  { name: 'FLAGS', type: T.array(T.BOOLEAN) },
]);

const CASES: Array<[SqlType, unknown]> = [
  [T.STRING, 'a'],
  [T.STRING, 5],
  [T.STRING, { k: 1 }],
  [T.STRING, null],
  [T.STRING, undefined],
  [T.INTEGER, 7.9],
  [T.INTEGER, -7.9],
  [T.INTEGER, ' 42 '],
  [T.INTEGER, 4_294_967_297],
  [T.INTEGER, 'x'],
  [T.INTEGER, true],
  [T.BIGINT, 1_700_000_000_123.7],
  [T.BIGINT, '17'],
  [T.BIGINT, []],
  [T.DOUBLE, 1.5],
  [T.DOUBLE, '2.5'],
  [T.DOUBLE, ''],
  [T.BOOLEAN, true],
  [T.BOOLEAN, 'TRUE'],
  [T.BOOLEAN, 1],
  [T.decimal(4, 2), 1.005],
  [T.TIMESTAMP, 12],
  [T.BYTES, 'AQI='],
  [T.array(T.STRING), ['a', null, 'b']],
  [T.array(T.STRING), ['a', 1]],
  [T.array(T.INTEGER), ['1', 2.5]],
  [T.array(T.INTEGER), 'no'],
  [T.map(T.STRING, T.INTEGER), { a: '1' }],
  [T.map(T.STRING, T.INTEGER), [1]],
  [LAYERS, { ip_src: ['10.0.0.1'], PORT: '80', FLAGS: [true] }],
  [LAYERS, { IP_SRC: ['ignored: lower-case field names match exactly'], port: 81, Port: 82 }],
  [LAYERS, { ip_src: ['x'], PORT: 'eighty' }],
  [LAYERS, 'not an object'],
  [LAYERS, [1]],
  [LAYERS, null],
];

describe('compiled JSON readers', () => {
  it.each(CASES.map(([t, v], i) => [i, t, v] as const))('case %i reads like coerceJson', (_i, t, v) => {
    expect(outcome(() => jsonReader(t)(v))).toEqual(outcome(() => coerceJson(v, t)));
  });
  it('keeps arrays that already hold the right type and copies the others', () => {
    const strings = ['a', null];
    expect(jsonReader(T.array(T.STRING))(strings)).toBe(strings);
    const numbers = ['1', 2];
    expect(jsonReader(T.array(T.INTEGER))(numbers)).not.toBe(numbers);
  });
  it('matches an upper-case field case-insensitively, first spelling in the object wins', () => {
    const fields = fieldReaders([
      { name: 'SRC', type: T.STRING },
      { name: 'src', type: T.STRING },
    ]);
    expect(readFields({ src: 'lower', Src: 'mixed' }, fields)).toEqual({ SRC: 'lower', src: 'lower' });
    expect(readFields({ Src: 'mixed', src: 'lower' }, fields)).toEqual({ SRC: 'mixed', src: 'lower' });
    expect(readFields({ SRC: 'exact', src: 'lower' }, fields)).toEqual({ SRC: 'exact', src: 'lower' });
    expect(readFields({ other: 1 }, fields)).toEqual({ SRC: null, src: null });
  });
  it('reads exact spellings first whether the objects before it matched exactly or not', () => {
    const fields = fieldReaders([
      { name: 'SRC', type: T.STRING },
      { name: 'DST', type: T.STRING },
    ]);
    const read = structReader(fields);
    // lower-case objects (read from the upper-case matches at once), then mixed, then exact ones
    const docs = [
      { src: 'a', dst: 'b' },
      { src: 'c', SRC: 'exact', Dst: 'd', DST: 'exact2' },
      { SRC: 'e', DST: 'f' },
      { SRC: 'g', dst: 'h' },
      { SRC: 'i', DST: 'j' },
      { dst: 'k' },
      { SRC: 'l' },
    ];
    expect(docs.map((d) => read(d))).toEqual(docs.map((d) => readFields(d, fields)));
    expect(read(docs[1]!)).toEqual({ SRC: 'exact', DST: 'exact2' });
  });
  it('reads object after object with one compiled reader, each by its own keys', () => {
    const fields = fieldReaders([
      { name: 'SRC', type: T.STRING },
      { name: 'DST', type: T.STRING },
      { name: 'n', type: T.INTEGER },
    ]);
    const read = structReader(fields);
    const docs = [
      { src: 'a', dst: 'b', n: 1 },
      { Src: 'c', n: 2 },
      { dst: 'd', DST: 'exact' },
      { SRC: 'e', src: 'f', Dst: 'g', dst: 'h' },
      {},
      { src: 'i' },
    ];
    expect(docs.map((d) => read(d))).toEqual(docs.map((d) => readFields(d, fields)));
    // an array of structs: one reader for every element
    const items = jsonReader(T.array(T.struct([{ name: 'K', type: T.STRING }])));
    expect(items([{ k: 'x' }, { K: 'y', k: 'z' }, {}, { k: 'w' }])).toEqual([
      { K: 'x' },
      { K: 'y' },
      { K: null },
      { K: 'w' },
    ]);
  });
  it('reads with the compiled struct and row readers exactly as with readFields', () => {
    const cols = [
      { name: 'SRC', type: T.STRING },
      { name: 'src', type: T.STRING },
      { name: 'N', type: T.INTEGER },
      { name: 'odd "name"\n', type: T.array(T.STRING) },
      { name: '1', type: T.BOOLEAN },
    ];
    const fields = fieldReaders(cols);
    const docs = [
      { src: 'lower', Src: 'mixed', n: '7' },
      { SRC: 'exact', N: 2.9, 'odd "name"\n': ['x'], 1: 'true' },
      {},
      { N: 'abc' },
      { N: null, src: 5 },
    ];
    for (const doc of docs) {
      const row: Value[] = [0];
      const expected = outcome(() => readFields(doc, fields));
      expect(outcome(() => structReader(fields)(doc))).toEqual(expected);
      expect(outcome(() => (rowReader(fields)(doc, row, 1), row.slice(1)))).toEqual(
        outcome(() => {
          const o = readFields(doc, fields) as Record<string, Value>;
          return fields.map((f) => o[f.name]!);
        }),
      );
      if (expected.value !== undefined)
        expect(Object.keys(structReader(fields)(doc) as object)).toEqual(Object.keys(expected.value as object));
    }
    // `__proto__` as a field name stays an own field, as with readFields
    const proto = fieldReaders([{ name: '__proto__', type: T.STRING }]);
    const v = structReader(proto)(JSON.parse('{"__proto__": "p"}') as Record<string, unknown>) as Record<string, Value>;
    expect(Object.getOwnPropertyDescriptor(v, '__proto__')?.value ?? null).toEqual(
      Object.getOwnPropertyDescriptor(
        readFields(JSON.parse('{"__proto__": "p"}') as Record<string, unknown>, proto),
        '__proto__',
      )?.value ?? null,
    );
  });
  it('writes struct fields in declared order whatever the JSON order', () => {
    const v = jsonReader(LAYERS)({ FLAGS: [false], PORT: 1, ip_src: ['a'], extra: 2 });
    expect(Object.keys(v as object)).toEqual(['ip_src', 'PORT', 'FLAGS']);
  });
});

describe('JSON writing', () => {
  it.each([
    'plain',
    '',
    'quote " inside',
    'back\\slash',
    'tab\there',
    'nul \u0000',
    'line\nbreak',
    'é and 😀',
    'lone \ud800 surrogate',
    '\udfff',
  ])('quotes %j exactly as JSON.stringify', (s) => {
    expect(flatJson(s)).toBe(JSON.stringify(s));
  });
  it.each([0, -0, 1.5, -2, 1e21, 1.7e-7, true, false, null])('writes %s exactly as JSON.stringify', (v) => {
    expect(flatJson(v)).toBe(JSON.stringify(v));
  });
  it('writes non-finite doubles as Jackson does: the strings NaN, Infinity and -Infinity', () => {
    expect([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY].map((v) => flatJson(v))).toEqual([
      '"NaN"',
      '"Infinity"',
      '"-Infinity"',
    ]);
  });
  it('serialises the columns from an offset of a longer row', () => {
    const cols = [
      { name: 'A', type: T.STRING },
      { name: 'B', type: T.INTEGER },
    ];
    const json = makeSerde({ format: 'JSON', columns: cols, isKey: false, wrapSingle: true, delimiter: ',' });
    expect(json.serialize(['key', 'x', 2, 'rowtime'], 1)?.toString()).toBe('{"A":"x","B":2}');
    const csv = makeSerde({ format: 'DELIMITED', columns: cols, isKey: false, wrapSingle: true, delimiter: ',' });
    expect(csv.serialize(['key', 'x', 2], 1)?.toString()).toBe('x,2');
    const kafka = makeSerde({
      format: 'KAFKA',
      columns: [{ name: 'K', type: T.INTEGER }],
      isKey: true,
      wrapSingle: false,
      delimiter: ',',
    });
    expect(kafka.serialize([9, 'value'])?.toString('hex')).toBe('00000009');
  });
});

describe('64-bit window times', () => {
  const values = [
    0,
    1,
    4_294_967_295,
    4_294_967_296,
    1_700_000_000_123,
    Number.MAX_SAFE_INTEGER,
    -1,
    -4_294_967_297,
    Number.MIN_SAFE_INTEGER,
  ];
  it.each(values)('writes and reads %d like the BigInt methods', (v) => {
    const ours = Buffer.alloc(8);
    writeInt64BE(ours, v, 0);
    const big = Buffer.alloc(8);
    big.writeBigInt64BE(BigInt(v));
    expect(ours.toString('hex')).toBe(big.toString('hex'));
    expect(readInt64BE(big, 0)).toBe(Number(big.readBigInt64BE(0)));
  });
  it('round-trips time and session window keys', () => {
    const w = { start: 1_700_000_000_000, end: 1_700_000_010_000 };
    expect(splitWindowedKey(windowedKey(Buffer.from('"k"'), w, false), false, 10_000)).toEqual({
      key: Buffer.from('"k"'),
      window: w,
    });
    expect(splitWindowedKey(windowedKey(Buffer.from('"k"'), w, true), true, 0)).toEqual({
      key: Buffer.from('"k"'),
      window: w,
    });
  });
});

describe('text-to-number CAST', () => {
  // plain digits up to 9 (INTEGER) and 15 (BIGINT) take the digit loop; longer ones, signs and
  // blanks the general code
  const texts = [
    '42',
    ' 42 ',
    '-7.9',
    '1e3',
    '0x10',
    '',
    'abc',
    '99999999999',
    null,
    '007',
    '+5',
    '-5',
    '0',
    '1796249954047',
    '999999999999999',
    '1234567890123456',
    '9223372036854775807',
    '9223372036854775808',
    '12a',
  ];
  for (const to of [T.INTEGER, T.BIGINT, T.DOUBLE, T.decimal(5, 1)]) {
    it.each(texts)(`casts %j to ${to.kind} like castValue`, (s) => {
      expect(outcome(() => castFunction(T.STRING, to)(s))).toEqual(outcome(() => castValue(s, T.STRING, to)));
    });
  }
  it('trims spaces of every kind, and only skips the trim when there is nothing to trim', () => {
    for (const [s, n] of [
      ['42', 42],
      [' 42', 42],
      ['42\n', 42],
      ['\u00a042\u2003', 42],
      ['\t-3 ', -3],
    ] as const)
      expect(castFunction(T.STRING, T.INTEGER)(s)).toBe(n);
    expect(() => castFunction(T.STRING, T.INTEGER)(' ')).toThrow(RecordError);
  });

  it('reads a BIGINT of up to 15 plain digits exactly, and a 16-digit one beyond 2^53 as a bigint', () => {
    expect(castFunction(T.STRING, T.BIGINT)('1796249954047')).toBe(1796249954047);
    expect(castFunction(T.STRING, T.BIGINT)(' 999999999999999\t')).toBe(999999999999999);
    expect(castFunction(T.STRING, T.BIGINT)('9007199254740993')).toBe(9007199254740993n);
    expect(() => castFunction(T.STRING, T.BIGINT)('12a')).toThrow(RecordError);
  });
});
