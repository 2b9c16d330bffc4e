// Records of a PROTOBUF schema registered as proto text: the SQL types ksqlDB gives its fields,
// bytes written with the schema's field numbers and wire types (and the message's indexes in the
// frame), read back into columns by name; the PROTOBUF serde reading them by the id in their
// frame; and statements: columns inferred from the registered schema (SCHEMA_FULL_NAME picking
// the message), a CREATE ... AS SELECT writing the message a VALUE_SCHEMA_ID names.
import { describe, expect, it } from 'vitest';
import { protoSchemaOf } from '../../../../engine/exec/serde/proto-text/resolve-proto.js';
import { messageNamed, sqlFieldsOf } from '../../../../engine/exec/serde/proto-text/proto-sql-types.js';
import { readMessage, writeMessage } from '../../../../engine/exec/serde/proto-text/message-codec.js';
import { ProtoWriter } from '../../../../engine/exec/serde/protobuf-wire.js';
import { registeredWriter } from '../../../../engine/exec/serde/protobuf-registered.js';
import { MemorySchemaRegistry } from '../../../../engine/exec/serde/memory-schema-registry.js';
import { makeSerde } from '../../../../engine/exec/serde/serde.js';
import { typeToString, T } from '../../../../engine/types/sql-types.js';
import { NotSupportedError } from '../../../../engine/errors.js';
import { Engine } from '../../../../engine/runtime/engine.js';
import { MemoryDriver } from '../../../../engine/runtime/memory-driver.js';

const TEXT = `syntax = "proto3";
package acme;
import "google/protobuf/wrappers.proto";
message Header { string id = 1; }
message Reading {
  enum Unit { C = 0; F = 1; }
  message Point { sint32 x = 1; fixed32 y = 2; }
  float temp = 7;
  Unit unit = 2;
  repeated int64 samples = 3;
  map<string, Point> points = 4;
  google.protobuf.Int32Value count = 5;
  optional string label = 6;
  uint64 big = 9;
  oneof source { string device = 10; Point at = 11; }
  bytes raw = 12;
}`;

const schema = protoSchemaOf(TEXT, 'test');
const reading = messageNamed(schema, 'acme.Reading');

function encode(values: unknown[], cols = sqlFieldsOf(reading, 'test', true)): Buffer {
  const w = new ProtoWriter();
  writeMessage(w, reading, values as never, cols);
  return w.finish();
}

describe('a proto-text message as SQL', () => {
  it('maps fields to ksqlDB types, oneofs first as <name>_<index> STRUCTs', () => {
    expect(sqlFieldsOf(reading, 'test', true).map((f) => `${f.name} ${typeToString(f.type)}`)).toEqual([
      'source_0 STRUCT<`device` STRING, `at` STRUCT<`x` INTEGER, `y` BIGINT>>',
      'temp DOUBLE',
      'unit STRING',
      'samples ARRAY<BIGINT>',
      'points MAP<STRING, STRUCT<`x` INTEGER, `y` BIGINT>>',
      'count INTEGER',
      'label STRING',
      'big BIGINT',
      'raw BYTES',
    ]);
    expect(sqlFieldsOf(messageNamed(schema, 'acme.Header'), 'test', false)).toEqual([{ name: 'ID', type: T.STRING }]);
  });
  it('refuses a recursive message and an unknown full name by name', () => {
    const rec = protoSchemaOf('syntax = "proto3";\nmessage Node { Node next = 1; }', 'subject t-value');
    expect(() => sqlFieldsOf(rec.messages[0]!, 'subject t-value', true)).toThrow(NotSupportedError);
    expect(() => sqlFieldsOf(rec.messages[0]!, 'subject t-value', true)).toThrow(/2:1: message Node contains itself/);
    expect(() => messageNamed(schema, 'Reading')).toThrow(/has no message Reading \(it has acme.Header/);
  });
});

describe('proto-text records', () => {
  it('are written with the schema field numbers and wire types', () => {
    const cols = [
      { name: 'TEMP', type: T.DOUBLE },
      { name: 'UNIT', type: T.STRING },
      { name: 'SAMPLES', type: T.array(T.BIGINT) },
      { name: 'BIG', type: T.BIGINT },
    ];
    // temp: field 7 fixed32 (0x3d) 1.5f; unit F: field 2 varint 1; samples packed (0x1a) [1, 300]; big field 9 varint
    expect(encode([1.5, 'F', [1, 300], 5], cols).toString('hex')).toBe('3d0000c03f' + '1001' + '1a0301ac02' + '4805');
    // proto3 leaves zero values out: the enum's first value, 0, an empty list
    expect(encode([0, 'C', [], 0], cols).length).toBe(0);
  });
  it('read back into columns by name, with proto3 zero values and NULLs for presence', () => {
    const cols = sqlFieldsOf(reading, 'test', false);
    const values = [
      { DEVICE: null, AT: { X: -3, Y: 4 } },
      0.25,
      'F',
      [7, -1],
      { a: { X: 1, Y: 2 } },
      null,
      null,
      42,
      Buffer.from('hi'),
    ];
    const bytes = encode(values, cols);
    expect(readMessage(reading, bytes, cols)).toEqual(values);
    // an empty message: zero values for fields without presence, NULL for the rest
    expect(readMessage(reading, Buffer.alloc(0), cols)).toEqual([null, 0, 'C', [], {}, null, null, 0, Buffer.alloc(0)]);
    // columns the message lacks read as NULL; names match ignoring case
    expect(
      readMessage(reading, bytes, [
        { name: 'Unit', type: T.STRING },
        { name: 'nope', type: T.INTEGER },
      ]),
    ).toEqual(['F', null]);
  });
  it('refuse a field that cannot give the column type, naming it', () => {
    const bytes = encode(['x'], [{ name: 'label', type: T.STRING }]);
    expect(() => readMessage(reading, bytes, [{ name: 'label', type: T.INTEGER }])).toThrow(
      'Failed to deserialize data: protobuf field acme.Reading.label is string, not INTEGER',
    );
    expect(() => encode(['K'], [{ name: 'unit', type: T.STRING }])).toThrow(/K is no value of enum acme.Reading.Unit/);
  });
});

describe('the PROTOBUF serde with a registered proto-text schema', () => {
  it('writes the message an id and full name name, framed with its indexes, and reads it by id', () => {
    const r = new MemorySchemaRegistry();
    const id = r.register('t-value', 'PROTOBUF', TEXT);
    const cols = [
      { name: 'UNIT', type: T.STRING },
      { name: 'TEMP', type: T.DOUBLE },
    ];
    const bytes = registeredWriter(r, id, 'acme.Reading', cols)(['F', 2]);
    // magic, id 1, indexes [1] (count 1, index 1: zigzag 02 02), then the fields in the message's
    // order: temp 2.0f (field 7), unit F (field 2)
    expect(bytes.toString('hex')).toBe('00' + '00000001' + '0202' + '3d00000040' + '1001');
    const reader = makeSerde({
      format: 'PROTOBUF',
      columns: cols,
      isKey: false,
      wrapSingle: true,
      delimiter: ',',
      schemaRegistry: r,
    });
    expect(reader.deserialize(bytes)).toEqual(['F', 2]);
  });
});

describe('PROTOBUF statements over a registered proto-text schema', () => {
  it('infer the columns and write a CREATE ... AS SELECT as the message its VALUE_SCHEMA_ID names', () => {
    const driver = new MemoryDriver();
    const inId = driver.schemaRegistry.register('in-value', 'PROTOBUF', TEXT);
    const outId = driver.schemaRegistry.register(
      'out-value',
      'PROTOBUF',
      'syntax = "proto3"; message Out { double TEMP = 3; string UNIT = 1; string extra = 2; }',
    );
    const e = new Engine({ driver, props: { 'auto.offset.reset': 'earliest' }, now: () => 0 });
    e.execute(
      "CREATE STREAM S WITH (KAFKA_TOPIC='in', VALUE_FORMAT='PROTOBUF', VALUE_SCHEMA_FULL_NAME='acme.Reading', PARTITIONS=1);",
    );
    expect(
      e.catalog
        .get('S')!
        .columns.slice(0, 3)
        .map((c) => `${c.name} ${typeToString(c.type)}`),
    ).toEqual(['SOURCE_0 STRUCT<`DEVICE` STRING, `AT` STRUCT<`X` INTEGER, `Y` BIGINT>>', 'TEMP DOUBLE', 'UNIT STRING']);
    expect(() =>
      e.execute(`CREATE STREAM BAD WITH (KAFKA_TOPIC='out', VALUE_SCHEMA_ID=${outId}) AS SELECT UNIT, TEMP FROM S;`),
    ).toThrow(
      'The following value columns are changed, missing or reordered: [`UNIT` STRING, `TEMP` DOUBLE]. Schema from schema registry is [`TEMP` DOUBLE, `UNIT` STRING, `extra` STRING]',
    );
    e.execute(`CREATE STREAM O WITH (KAFKA_TOPIC='out', VALUE_SCHEMA_ID=${outId}) AS SELECT TEMP, UNIT FROM S;`);
    const w = registeredWriter(driver.schemaRegistry, inId, 'acme.Reading', [
      { name: 'TEMP', type: T.DOUBLE },
      { name: 'UNIT', type: T.STRING },
    ]);
    driver.produce('in', { key: null, value: w([1.5, 'F']), timestamp: 0, headers: [], partition: 0 });
    const [rec] = driver.read('out');
    // framed with the registered id; TEMP is Out's field 3 (double), UNIT field 1
    expect(rec!.value!.toString('hex')).toBe(
      '00' + outId.toString(16).padStart(8, '0') + '00' + '19000000000000f83f' + '0a0146',
    );
    expect(driver.schemaRegistry.latest('out-value')!.id).toBe(outId);
  });
  it("INSERT VALUES into a source created with a VALUE_SCHEMA_ID writes that schema's message", () => {
    const driver = new MemoryDriver();
    const id = driver.schemaRegistry.register('in-value', 'PROTOBUF', TEXT);
    const e = new Engine({ driver, props: { 'auto.offset.reset': 'earliest' }, now: () => 0 });
    e.execute(
      `CREATE STREAM S WITH (KAFKA_TOPIC='in', VALUE_FORMAT='PROTOBUF', VALUE_SCHEMA_ID=${id}, VALUE_SCHEMA_FULL_NAME='acme.Header', PARTITIONS=1);`,
    );
    expect(e.catalog.get('S')!.columns.map((c) => c.name)).toEqual(['id']);
    e.execute("INSERT INTO S (`id`) VALUES ('x');");
    const [rec] = driver.read('in');
    // id, message indexes [0] (the first message, acme.Header), field 1 "x"
    expect(rec!.value!.toString('hex')).toBe('00' + id.toString(16).padStart(8, '0') + '00' + '0a0178');
  });
});

describe('unsigned 64-bit fields', () => {
  it('read as Java longs and write them back as the same bits', () => {
    const cols = [{ name: 'big', type: T.BIGINT }];
    // uint64 2^64-1 on the wire: ten bytes of varint, read as the long -1
    const bytes = Buffer.from('48ffffffffffffffffff01', 'hex');
    expect(readMessage(reading, bytes, cols)).toEqual([-1]);
    expect(encode([-1], cols).toString('hex')).toBe('48ffffffffffffffffff01');
  });
});
