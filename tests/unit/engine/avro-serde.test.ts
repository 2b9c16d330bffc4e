// AVRO: Avro's binary encoding (zig-zag varints, little-endian floats, blocks, unions) and its
// malformed forms, the schema ksqlDB registers for columns (Connect's AvroData form), the SQL
// types a registered Avro schema declares, and the format in statements (a sink registering its
// schema, a CREATE inferring its columns, a malformed record going to the processing log).
import { describe, expect, it } from 'vitest';
import { AvroCodec, type AvroSchema } from '../../../engine/exec/serde/avro-binary.js';
import { avroKeyName, avroSchemaOf, AvroTypes } from '../../../engine/exec/serde/avro-schema.js';
import { frame, unframe } from '../../../engine/exec/serde/confluent-wire.js';
import { MemorySchemaRegistry } from '../../../engine/exec/serde/memory-schema-registry.js';
import { makeSerde } from '../../../engine/exec/serde/serde.js';
import { T } from '../../../engine/types/sql-types.js';
import { RecordError } from '../../../engine/errors.js';
import { Engine } from '../../../engine/runtime/engine.js';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';

const hex = (s: AvroSchema, v: Parameters<AvroCodec['encode']>[0]): string =>
  new AvroCodec(s).encode(v).toString('hex');

describe('Avro binary encoding', () => {
  it('writes ints and longs as zig-zag varints', () => {
    expect(hex('int', 0)).toBe('00');
    expect(hex('int', -1)).toBe('01');
    expect(hex('int', 1)).toBe('02');
    expect(hex('int', 64)).toBe('8001');
    expect(hex('int', 2147483647)).toBe('feffffff0f');
    expect(hex('int', -2147483648)).toBe('ffffffff0f');
    expect(hex('long', 9223372036854775807n)).toBe('feffffffffffffffff01');
    const c = new AvroCodec('long');
    for (const v of [0, -1, 1, 2 ** 53 - 1, -(2 ** 53 - 1), -(2n ** 53n), 9223372036854775807n, -9223372036854775808n])
      expect(c.decode(c.encode(v))).toEqual(v);
  });
  it('writes floats and doubles little-endian, strings and bytes length-prefixed', () => {
    expect(hex('double', 1)).toBe('000000000000f03f');
    expect(hex('float', 1)).toBe('0000803f');
    expect(hex('string', 'hé')).toBe('0668c3a9');
    expect(hex('bytes', Buffer.from([1, 2]))).toBe('040102');
    expect(hex('boolean', true)).toBe('01');
  });
  it('writes a union branch index, arrays and maps in blocks, records in field order', () => {
    expect(hex(['null', 'int'], null)).toBe('00');
    expect(hex(['null', 'int'], 3)).toBe('0206');
    expect(hex({ type: 'array', items: 'int' }, [1, 2])).toBe('04020400');
    expect(hex({ type: 'array', items: 'int' }, [])).toBe('00');
    expect(hex({ type: 'map', values: 'int' }, { a: 1 })).toBe('0202610200');
    const rec: AvroSchema = {
      type: 'record',
      name: 'R',
      fields: [
        { name: 'b', type: 'string' },
        { name: 'a', type: ['null', 'long'] },
        { name: 'e', type: { type: 'enum', name: 'E', symbols: ['X', 'Y'] } },
        { name: 'again', type: 'E' },
      ],
    };
    const c = new AvroCodec(rec);
    const bytes = c.encode({ a: 5, b: 'x', e: 'Y', again: 'X' });
    expect(bytes.toString('hex')).toBe('0278020a0200');
    expect(c.decode(bytes)).toEqual({ b: 'x', a: 5, e: 'Y', again: 'X' });
  });
  it('reads blocks with a negative count and their byte size', () => {
    // -2 items (zig-zag 03), block size 2 bytes (04), items 1 and 2, end
    expect(new AvroCodec({ type: 'array', items: 'int' }).decode(Buffer.from('0304020400', 'hex'))).toEqual([1, 2]);
  });
  it('refuses malformed data with a RecordError saying where', () => {
    const c = new AvroCodec({ type: 'record', name: 'R', fields: [{ name: 's', type: 'string' }] });
    expect(() => c.decode(Buffer.from('0a61', 'hex'))).toThrow(RecordError);
    expect(() => c.decode(Buffer.from('0a61', 'hex'))).toThrow(/length 5 past the end at byte 1 of 2/);
    expect(() => new AvroCodec('int').decode(Buffer.from('ff', 'hex'))).toThrow(/truncated varint/);
    expect(() => new AvroCodec('int').decode(Buffer.from('0200', 'hex'))).toThrow(/1 byte\(s\) left/);
    expect(() => new AvroCodec(['null', 'int']).decode(Buffer.from('04', 'hex'))).toThrow(/union branch 2 of 2/);
    expect(() => new AvroCodec('int').decode(Buffer.from('80808080808001', 'hex'))).toThrow(/int out of range/);
    expect(() => new AvroCodec('boolean').decode(Buffer.from('02', 'hex'))).toThrow(/boolean byte 2/);
  });
});

describe('the Avro schema of columns', () => {
  it("is Connect's form: KsqlDataSourceSchema, nullable unions with null first, logical types", () => {
    const s = avroSchemaOf(
      [
        { name: 'I', type: T.INTEGER },
        { name: 'D', type: T.decimal(4, 2) },
        { name: 'TS', type: T.TIMESTAMP },
        { name: 'S', type: T.struct([{ name: 'F', type: T.STRING }]) },
        { name: 'M', type: T.map(T.STRING, T.BIGINT) },
      ],
      false,
    );
    expect(s).toMatchObject({
      type: 'record',
      name: 'KsqlDataSourceSchema',
      namespace: 'io.confluent.ksql.avro_schemas',
      'connect.name': 'io.confluent.ksql.avro_schemas.KsqlDataSourceSchema',
    });
    const fields = (s as { fields: Array<{ name: string; type: AvroSchema; default: null }> }).fields;
    expect(fields[0]).toEqual({ name: 'I', type: ['null', 'int'], default: null });
    expect(fields[1]!.type).toEqual([
      'null',
      expect.objectContaining({ type: 'bytes', logicalType: 'decimal', scale: 2, precision: 4 }),
    ]);
    expect(fields[2]!.type).toEqual([
      'null',
      expect.objectContaining({ type: 'long', logicalType: 'timestamp-millis' }),
    ]);
    expect(fields[3]!.type).toEqual(['null', expect.objectContaining({ name: 'KsqlDataSourceSchema_S' })]);
    expect(fields[4]!.type).toEqual([
      'null',
      expect.objectContaining({
        type: 'array',
        items: expect.objectContaining({ 'connect.internal.type': 'MapEntry' }),
      }),
    ]);
    // and it reads back as the same SQL types
    expect(new AvroTypes(s).sqlType(s, 'x', true)).toEqual(
      T.struct([
        { name: 'I', type: T.INTEGER },
        { name: 'D', type: T.decimal(4, 2) },
        { name: 'TS', type: T.TIMESTAMP },
        { name: 'S', type: T.struct([{ name: 'F', type: T.STRING }]) },
        { name: 'M', type: T.map(T.STRING, T.BIGINT) },
      ]),
    );
  });
  it('refuses what Avro cannot hold: non-STRING map keys, field names Avro refuses', () => {
    expect(() => avroSchemaOf([{ name: 'M', type: T.map(T.INTEGER, T.DOUBLE) }], false)).toThrow(
      'Avro only supports MAPs with STRING keys',
    );
    expect(() => avroSchemaOf([{ name: '1A', type: T.DOUBLE }], false)).toThrow(
      'Schema is not compatible with Avro: Illegal initial character: 1A',
    );
    expect(() => avroSchemaOf([{ name: 'A-B', type: T.DOUBLE }], false)).toThrow(/Illegal character in: A-B/);
  });
  it("names a key record after its source, as ksqlDB's UPPER_CAMEL", () => {
    expect(avroKeyName('LEFT_TABLE')).toBe('LeftTableKey');
    expect(avroKeyName('T1')).toBe('T1Key');
    expect(avroSchemaOf([{ name: 'K', type: T.STRING }], true, true, 'S')).toEqual(['null', 'string']);
  });
});

describe('the AVRO serde', () => {
  it('round-trips a row through the registry, DECIMAL and maps included', () => {
    const registry = new MemorySchemaRegistry();
    const columns = [
      { name: 'A', type: T.BIGINT },
      { name: 'D', type: T.decimal(5, 2) },
      { name: 'M', type: T.map(T.STRING, T.INTEGER) },
      { name: 'L', type: T.array(T.DOUBLE) },
    ];
    const serde = makeSerde({
      format: 'AVRO',
      columns,
      isKey: false,
      wrapSingle: true,
      delimiter: ',',
      schemaRegistry: registry,
      topic: 't',
    });
    const row = [9223372036854775807n, -12.5, { x: 1, y: null }, [1.5, null]];
    const bytes = serde.serialize(row)!;
    expect(unframe(bytes, 'AVRO').schemaId).toBe(registry.latest('t-value')!.id);
    expect(registry.latest('t-value')!.schemaType).toBe('AVRO');
    expect(serde.deserialize(bytes)).toEqual(row);
    expect(serde.serialize([null, null, null, null])).not.toBeNull();
  });
  it('reads with the schema the frame names (another field order, no unions)', () => {
    const registry = new MemorySchemaRegistry();
    const writer = {
      type: 'record',
      name: 'w',
      fields: [
        { name: 'b', type: 'string' },
        { name: 'a', type: 'int' },
      ],
    };
    const id = registry.register('t-value', 'AVRO', JSON.stringify(writer));
    const payload = new AvroCodec(writer).encode({ b: 'x', a: 7 });
    const serde = makeSerde({
      format: 'AVRO',
      columns: [
        { name: 'A', type: T.INTEGER },
        { name: 'B', type: T.STRING },
      ],
      isKey: false,
      wrapSingle: true,
      delimiter: ',',
      schemaRegistry: registry,
    });
    expect(serde.deserialize(frame(id, payload))).toEqual([7, 'x']);
  });
});

describe('AVRO in statements', () => {
  it('infers columns, registers the sink schema, logs a malformed record with where it was', () => {
    const driver = new MemoryDriver();
    driver.createTopic('in', { partitions: 1, replicas: 1, cleanupPolicy: 'delete' });
    const schema = { type: 'record', name: 'r', fields: [{ name: 'v', type: ['null', 'long'] }] };
    const id = driver.schemaRegistry.register('in-value', 'AVRO', JSON.stringify(schema));
    const e = new Engine({ driver, props: { 'auto.offset.reset': 'earliest' }, now: () => 0 });
    e.execute("CREATE STREAM S WITH (KAFKA_TOPIC='in', VALUE_FORMAT='AVRO');");
    expect(e.catalog.get('S')!.columns).toEqual([{ name: 'V', type: T.BIGINT, ns: 'VALUE' }]);
    e.execute("CREATE STREAM O WITH (KAFKA_TOPIC='out', PARTITIONS=1) AS SELECT V + 1 AS W FROM S;");
    const rec = (value: Buffer) => ({ key: null, value, timestamp: 0, headers: [], partition: 0 });
    driver.produce('in', rec(frame(id, new AvroCodec(schema).encode({ v: 41 }))));
    driver.produce('in', rec(frame(id, Buffer.from('02', 'hex'))));
    const out = driver.read('out');
    expect(out).toHaveLength(1);
    const sink = driver.schemaRegistry.latest('out-value')!;
    expect(unframe(out[0]!.value!, 'AVRO').schemaId).toBe(sink.id);
    expect(
      new AvroCodec(JSON.parse(sink.schema) as AvroSchema).decode(unframe(out[0]!.value!, 'AVRO').payload),
    ).toEqual({ W: 42 });
    expect(e.log.entries).toHaveLength(1);
    expect(e.log.entries[0]).toMatchObject({ topic: 'in', offset: 1 });
    expect(e.log.entries[0]!.reason).toMatch(/Avro: truncated varint/);
    e.close();
  });
});

describe('AVRO without the writer schema', () => {
  it('refuses a record whose schema id the registry does not hold, or with no registry', () => {
    const columns = [{ name: 'A', type: T.INTEGER }];
    const o = { format: 'AVRO', columns, isKey: false, wrapSingle: true, delimiter: ',' };
    const bytes = frame(7, Buffer.from('02', 'hex'));
    expect(() => makeSerde({ ...o, schemaRegistry: new MemorySchemaRegistry() }).deserialize(bytes)).toThrow(
      /schema id 7 is not on the Schema Registry/,
    );
    expect(() => makeSerde(o).deserialize(bytes)).toThrow(/no Schema Registry/);
  });
});
