// PROTOBUF_NOSR: the wire bytes of protobuf's encoding guide (varints, strings, packed repeated,
// negative int32 as ten bytes), proto3's NULL-as-zero rule and the OPTIONAL / WRAPPER
// representations that keep NULLs, the well-known messages for DECIMAL, DATE, TIME and
// TIMESTAMP, nested STRUCT / ARRAY / MAP, clear errors for bytes that are not a message, and
// the format in statements (CSAS inheritance, ksqlDB's refusals).
import { describe, expect, it } from 'vitest';
import { makeSerde } from '../../../engine/exec/serde/serde.js';
import { T, type SqlType } from '../../../engine/types/sql-types.js';
import { PlanError, RecordError } from '../../../engine/errors.js';
import { Engine } from '../../../engine/runtime/engine.js';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';
import { decodeRecord } from '../../../engine/qtt/record-codec.js';

const proto = (cols: Array<{ name: string; type: SqlType }>, nullable?: 'OPTIONAL' | 'WRAPPER') =>
  makeSerde({ format: 'PROTOBUF_NOSR', columns: cols, isKey: false, wrapSingle: true, delimiter: ',', nullable });
const hex = (b: Buffer | null): string => b?.toString('hex') ?? 'null';

describe('PROTOBUF_NOSR wire bytes', () => {
  it('writes the encoding guide examples: int 150, a string, a packed repeated int', () => {
    expect(hex(proto([{ name: 'A', type: T.INTEGER }]).serialize([150]))).toBe('089601');
    const s = proto([
      { name: 'A', type: T.INTEGER },
      { name: 'B', type: T.STRING },
    ]);
    expect(hex(s.serialize([null, 'testing']))).toBe('120774657374696e67');
    const packed = proto([
      { name: 'A', type: T.INTEGER },
      { name: 'B', type: T.STRING },
      { name: 'C', type: T.STRING },
      { name: 'D', type: T.array(T.INTEGER) },
    ]);
    expect(hex(packed.serialize([null, null, null, [3, 270, 86942]]))).toBe('2206038e029ea705');
    expect(packed.deserialize(Buffer.from('2206038e029ea705', 'hex'))).toEqual([0, '', '', [3, 270, 86942]]);
  });
  it('writes a negative int32 as a ten-byte varint and reads it back', () => {
    const s = proto([{ name: 'A', type: T.INTEGER }]);
    expect(hex(s.serialize([-2]))).toBe('08feffffffffffffffff01');
    expect(s.deserialize(s.serialize([-2]))).toEqual([-2]);
  });
  it('keeps a BIGINT beyond 2^53 exact and a DOUBLE as 64-bit little-endian', () => {
    const s = proto([
      { name: 'L', type: T.BIGINT },
      { name: 'D', type: T.DOUBLE },
    ]);
    const big = 9007199254740993n;
    expect(s.deserialize(s.serialize([big, 1.5]))).toEqual([big, 1.5]);
    expect(hex(s.serialize([null, 1.5]))).toBe('11000000000000f83f');
  });
});

describe('PROTOBUF_NOSR NULLs', () => {
  const cols = [
    { name: 'I', type: T.INTEGER },
    { name: 'S', type: T.STRING },
    { name: 'B', type: T.BOOLEAN },
  ];
  it('reads NULL primitives back as zero values by default (proto3 has no presence)', () => {
    const s = proto(cols);
    expect(s.serialize([null, null, null])?.length).toBe(0);
    expect(s.deserialize(s.serialize([null, null, null]))).toEqual([0, '', false]);
    expect(s.deserialize(s.serialize([0, '', false]))).toEqual([0, '', false]);
  });
  it('keeps NULL apart from zero with OPTIONAL and with WRAPPER', () => {
    for (const mode of ['OPTIONAL', 'WRAPPER'] as const) {
      const s = proto(cols, mode);
      expect(s.deserialize(s.serialize([null, '', null]))).toEqual([null, '', null]);
      expect(s.deserialize(s.serialize([0, null, false]))).toEqual([0, null, false]);
    }
    // a wrapper is a nested google.protobuf.Int32Value: field 1 length-delimited, empty for 0
    expect(hex(proto(cols, 'WRAPPER').serialize([0, null, null]))).toBe('0a00');
    expect(hex(proto(cols, 'OPTIONAL').serialize([0, null, null]))).toBe('0800');
  });
});

describe('PROTOBUF_NOSR types', () => {
  it('round-trips DECIMAL (confluent.type.Decimal), DATE, TIME, TIMESTAMP and BYTES', () => {
    const s = proto([
      { name: 'DEC', type: T.decimal(21, 19) },
      { name: 'DT', type: T.DATE },
      { name: 'TM', type: T.TIME },
      { name: 'TS', type: T.TIMESTAMP },
      { name: 'BY', type: T.BYTES },
      { name: 'NEG', type: T.decimal(6, 2) },
    ]);
    const row = [10.123451234512345, -10, 45_296_789, 1_700_000_000_123, Buffer.from('variations'), -1234.5];
    expect(s.deserialize(s.serialize(row))).toEqual(row);
  });
  it('encodes a decimal as its unscaled two’s complement bytes with precision and scale', () => {
    // 1.00 in DECIMAL(3,2): unscaled 100 = 0x64; precision 3; scale 2
    expect(hex(proto([{ name: 'D', type: T.decimal(3, 2) }]).serialize([1]))).toBe('0a070a016410031802');
    // -1 in DECIMAL(1,0): unscaled -1 = 0xff, no scale field
    expect(hex(proto([{ name: 'D', type: T.decimal(1, 0) }]).serialize([-1]))).toBe('0a050a01ff1001');
  });
  it('nests STRUCT, ARRAY of STRUCT and MAP, with zero values inside', () => {
    const inner = T.struct([
      { name: 'X', type: T.INTEGER },
      { name: 'Y', type: T.STRING },
    ]);
    const s = proto([
      { name: 'ST', type: inner },
      { name: 'AR', type: T.array(inner) },
      { name: 'M', type: T.map(T.STRING, T.BIGINT) },
      { name: 'SA', type: T.array(T.STRING) },
    ]);
    const back = s.deserialize(
      s.serialize([{ X: 1, Y: null }, [{ X: 2, Y: 'b' }, null], { a: 1, b: 0 }, ['x', null, 'z']]),
    );
    expect(back).toEqual([
      { X: 1, Y: '' },
      [
        { X: 2, Y: 'b' },
        { X: 0, Y: '' },
      ],
      { a: 1, b: 0 },
      ['x', '', 'z'],
    ]);
    expect(s.deserialize(Buffer.alloc(0))).toEqual([null, [], {}, []]);
  });
  it('refuses types it cannot encode when the statement is planned', () => {
    expect(() => proto([{ name: 'A', type: T.array(T.array(T.INTEGER)) }])).toThrowError(PlanError);
    expect(() => proto([{ name: 'M', type: T.map(T.DOUBLE, T.INTEGER) }])).toThrowError(/MAP keys of type DOUBLE/);
  });
  it('fails clearly on bytes that are not a message of these columns', () => {
    const s = proto([{ name: 'S', type: T.STRING }]);
    expect(() => s.deserialize(Buffer.from('0a05ab', 'hex'))).toThrowError(RecordError);
    expect(() => s.deserialize(Buffer.from('0801', 'hex'))).toThrowError(/field 1 is varint.*STRING/);
  });
});

describe('PROTOBUF_NOSR in statements', () => {
  const run = (sql: string) => {
    const driver = new MemoryDriver();
    const engine = new Engine({ driver, props: { 'auto.offset.reset': 'earliest' }, now: () => 5 });
    engine.execute(sql);
    return { engine, driver };
  };
  it('reads a PROTOBUF_NOSR stream, inherits the format and its nullable representation in CSAS', () => {
    const t = run(
      "CREATE STREAM S (K STRING KEY, I INT, N STRING) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='PROTOBUF_NOSR', VALUE_PROTOBUF_NULLABLE_REPRESENTATION='OPTIONAL', PARTITIONS=1);" +
        'CREATE STREAM O AS SELECT K, I * 2 AS I2, N FROM S;' +
        "INSERT INTO S (K, I, N) VALUES ('a', 0, NULL);",
    );
    const o = t.engine.catalog.require('O');
    expect([o.valueFormat, o.valueNullable]).toEqual(['PROTOBUF_NOSR', 'OPTIONAL']);
    const rec = t.driver.read(o.topic)[0]!;
    expect(decodeRecord(rec, o).value).toEqual({ I2: 0, N: null });
    // the bytes are a message: field 1 (I2) present as 0, field 2 (N) absent
    expect(rec.value?.toString('hex')).toBe('0800');
  });
  it('refuses what ksqlDB refuses', () => {
    expect(() =>
      run(
        "CREATE STREAM S (K STRING KEY, I INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='PROTOBUF_NOSR', WRAP_SINGLE_VALUE=false, PARTITIONS=1);",
      ),
    ).toThrowError("Format 'PROTOBUF_NOSR' does not support 'WRAP_SINGLE_VALUE' set to 'false'.");
    expect(() =>
      run(
        "CREATE STREAM S (I INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON', VALUE_PROTOBUF_NULLABLE_REPRESENTATION='WRAPPER', PARTITIONS=1);",
      ),
    ).toThrowError('JSON does not support the following configs: [nullableRepresentation]');
    expect(() =>
      run(
        "CREATE STREAM S (I INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='PROTOBUF_NOSR', VALUE_PROTOBUF_NULLABLE_REPRESENTATION='SOMETIMES', PARTITIONS=1);",
      ),
    ).toThrowError(/String must be one of: OPTIONAL, WRAPPER/);
  });
});
