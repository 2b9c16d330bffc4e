// Formats: JSON (case-insensitive read, wrapping, coercion), KAFKA primitives, DELIMITED CSV,
// NONE, and the clear refusal of Schema Registry formats.
import { describe, expect, it } from 'vitest';
import { makeSerde } from '../../../engine/exec/serde/serde.js';
import { T } from '../../../engine/types/sql-types.js';
import { NotSupportedError, PlanError, RecordError } from '../../../engine/errors.js';

const json = (
  cols: Array<{ name: string; type: ReturnType<typeof T.array> }>,
  o: { isKey?: boolean; wrap?: boolean } = {},
) => makeSerde({ format: 'JSON', columns: cols, isKey: o.isKey ?? false, wrapSingle: o.wrap ?? true, delimiter: ',' });

describe('JSON', () => {
  const serde = json([
    { name: 'SRC', type: T.STRING },
    { name: 'N', type: T.INTEGER },
    { name: 'A', type: T.struct([{ name: 'X', type: T.BIGINT }]) },
  ]);
  it('reads exact names first, then upper-cased ones, and coerces "2" to INT', () => {
    expect(serde.deserialize(Buffer.from('{"src":"a","N":"2","a":{"x":5}}'))).toEqual(['a', 2, { X: 5 }]);
  });
  it('reads an object into a STRING column as JSON text', () => {
    expect(serde.deserialize(Buffer.from('{"SRC":{"k":1}}'))[0]).toBe('{"k":1}');
  });
  it('throws a RecordError for bad JSON and wrong types', () => {
    expect(() => serde.deserialize(Buffer.from('{not json'))).toThrowError(RecordError);
    expect(() => serde.deserialize(Buffer.from('{"N":"abc"}'))).toThrowError(RecordError);
  });
  it('writes column names as keys; one-column keys are bare', () => {
    expect(serde.serialize(['a', 1, { X: 2 }])?.toString()).toBe('{"SRC":"a","N":1,"A":{"X":2}}');
    const key = json([{ name: 'K', type: T.STRING }], { isKey: true });
    expect(key.serialize(['bob'])?.toString()).toBe('"bob"');
  });
  it('unwraps a single value with WRAP_SINGLE_VALUE=false', () => {
    const one = json([{ name: 'V', type: T.INTEGER }], { wrap: false });
    expect(one.deserialize(Buffer.from('7'))).toEqual([7]);
    expect(one.serialize([7])?.toString()).toBe('7');
  });
  it('refuses MAP keys that are not strings', () => {
    expect(() => json([{ name: 'M', type: T.map(T.INTEGER, T.STRING) }])).toThrowError(
      'JSON only supports MAP types with STRING keys',
    );
  });
});

describe('KAFKA', () => {
  const k = (type: ReturnType<typeof T.array>) =>
    makeSerde({ format: 'KAFKA', columns: [{ name: 'K', type }], isKey: true, wrapSingle: false, delimiter: ',' });
  it('writes big-endian INT/BIGINT/DOUBLE and UTF-8 strings', () => {
    expect(k(T.INTEGER).serialize([1])?.toString('hex')).toBe('00000001');
    expect(k(T.BIGINT).serialize([2])?.toString('hex')).toBe('0000000000000002');
    expect(k(T.DOUBLE).deserialize(k(T.DOUBLE).serialize([1.5]))).toEqual([1.5]);
    expect(k(T.STRING).serialize(['é'])?.toString('utf8')).toBe('é');
  });
  it('rejects several columns and unsupported types with ksqlDB wording', () => {
    expect(() =>
      makeSerde({
        format: 'KAFKA',
        columns: [
          { name: 'A', type: T.INTEGER },
          { name: 'B', type: T.INTEGER },
        ],
        isKey: true,
        wrapSingle: false,
        delimiter: ',',
      }),
    ).toThrowError("The 'KAFKA' format only supports a single field");
    expect(() => k(T.BOOLEAN)).toThrowError("The 'KAFKA' format does not support type 'BOOLEAN'");
  });
  it('checks the size of numeric data', () => {
    expect(() => k(T.INTEGER).deserialize(Buffer.from('abc'))).toThrowError(RecordError);
  });
});

describe('DELIMITED and NONE', () => {
  const d = makeSerde({
    format: 'DELIMITED',
    columns: [
      { name: 'A', type: T.STRING },
      { name: 'B', type: T.DOUBLE },
      { name: 'C', type: T.INTEGER },
    ],
    isKey: false,
    wrapSingle: true,
    delimiter: ',',
  });
  it('reads CSV with quotes and empty fields as null', () => {
    expect(d.deserialize(Buffer.from('"x,y",1.5,'))).toEqual(['x,y', 1.5, null]);
  });
  it('writes doubles as Java does', () => {
    expect(d.serialize(['a', 2, 3])?.toString()).toBe('a,2.0,3');
  });
  it("quotes as Commons CSV's minimal mode does", () => {
    const s = makeSerde({
      format: 'DELIMITED',
      columns: ['A', 'B', 'C', 'D'].map((name) => ({ name, type: T.STRING })),
      isKey: false,
      wrapSingle: true,
      delimiter: ',',
    });
    const line = (v: string[]): string | undefined => s.serialize(v)?.toString();
    expect(line(['!', 'ok', '!', 'a b'])).toBe('"!",ok,"!",a b');
    expect(line(['é', 'x\t', ' y', 'a,b'])).toBe('"é","x\t"," y","a,b"');
    expect(line(['', '', 'q"', '$ok'])).toBe('"",,"q""",$ok');
  });
  it('rejects the wrong number of fields and complex types', () => {
    expect(() => d.deserialize(Buffer.from('a,1'))).toThrowError(RecordError);
    expect(() =>
      makeSerde({
        format: 'DELIMITED',
        columns: [{ name: 'S', type: T.struct([]) }],
        isKey: false,
        wrapSingle: true,
        delimiter: ',',
      }),
    ).toThrowError(PlanError);
  });
  it('NONE holds no columns', () => {
    expect(
      makeSerde({ format: 'NONE', columns: [], isKey: true, wrapSingle: true, delimiter: ',' }).serialize([]),
    ).toBeNull();
  });
});

describe('Schema Registry formats', () => {
  it('refuse writing for a topic without a registry', () => {
    expect(() =>
      makeSerde({ format: 'PROTOBUF', columns: [], isKey: false, wrapSingle: true, delimiter: ',', topic: 't' }),
    ).toThrowError(NotSupportedError);
  });
});
