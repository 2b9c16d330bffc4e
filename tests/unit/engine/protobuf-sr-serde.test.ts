// PROTOBUF on the in-memory Schema Registry: the frame (magic byte, id, message-indexes array),
// the proto3 schema a writer registers (as Confluent's ProtobufData writes it, with the nullable
// representations), round trips, another schema's records read by name, the refusals (a message
// the schema lacks, MAP keys other than STRING), and a sink registering its schema in statements.
import { describe, expect, it } from 'vitest';
import { MemorySchemaRegistry } from '../../../engine/exec/serde/memory-schema-registry.js';
import { makeSerde, type SerdeOptions } from '../../../engine/exec/serde/serde.js';
import { frame } from '../../../engine/exec/serde/confluent-wire.js';
import { protobufSchemaOf } from '../../../engine/exec/serde/protobuf-schema.js';
import { T } from '../../../engine/types/sql-types.js';
import { PlanError, RecordError } from '../../../engine/errors.js';
import { Engine } from '../../../engine/runtime/engine.js';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';

const COLS = [
  { name: 'I', type: T.INTEGER },
  { name: 'S', type: T.STRING },
];

function opts(registry: MemorySchemaRegistry, o: Partial<SerdeOptions> = {}): SerdeOptions {
  return {
    format: 'PROTOBUF',
    columns: COLS,
    isKey: false,
    wrapSingle: true,
    delimiter: ',',
    schemaRegistry: registry,
    topic: 't',
    ...o,
  };
}

describe('the PROTOBUF schema of columns', () => {
  it('is one ConnectDefault1 message, fields numbered in column order', () => {
    expect(protobufSchemaOf(COLS)).toBe(
      'syntax = "proto3";\n\nmessage ConnectDefault1 {\n  int32 I = 1;\n  string S = 2;\n}\n',
    );
  });
  it('marks primitives optional or wraps them as the nullable representation asks', () => {
    expect(protobufSchemaOf(COLS, 'OPTIONAL')).toContain('  optional int32 I = 1;\n  optional string S = 2;\n');
    expect(protobufSchemaOf(COLS, 'WRAPPER')).toBe(
      'syntax = "proto3";\n\nimport "google/protobuf/wrappers.proto";\n\nmessage ConnectDefault1 {\n  google.protobuf.Int32Value I = 1;\n  google.protobuf.StringValue S = 2;\n}\n',
    );
  });
  it('nests a STRUCT message and imports the well-known types it uses', () => {
    const s = protobufSchemaOf([
      { name: 'T', type: T.TIMESTAMP },
      { name: 'R', type: { kind: 'STRUCT', fields: [{ name: 'A', type: T.BIGINT }] } },
    ]);
    expect(s).toContain('import "google/protobuf/timestamp.proto";');
    expect(s).toContain('  message ConnectDefault2 {\n    int64 A = 1;\n  }\n');
    expect(s).toContain('  ConnectDefault2 R = 2;');
  });
});

describe('PROTOBUF records', () => {
  it('are framed: magic 0, the registered id, message index 0, then the message', () => {
    const r = new MemorySchemaRegistry();
    r.register('other-value', 'AVRO', '"string"');
    const serde = makeSerde(opts(r));
    const bytes = serde.serialize([150, 'hi'])!;
    // id 2; index array [0]; field 1 varint 150 (96 01); field 2 "hi"
    expect(bytes.toString('hex')).toBe('0000000002' + '00' + '089601' + '12026869');
    expect(r.latest('t-value')).toMatchObject({ id: 2, schemaType: 'PROTOBUF', schema: protobufSchemaOf(COLS) });
    expect(serde.deserialize(bytes)).toEqual([150, 'hi']);
    // proto3 reads an absent primitive as its zero value
    expect(serde.deserialize(serde.serialize([null, null]))).toEqual([0, '']);
  });
  it('round trip a key, with OPTIONAL keeping NULLs', () => {
    const r = new MemorySchemaRegistry();
    const serde = makeSerde(opts(r, { isKey: true, nullable: 'OPTIONAL' }));
    expect(serde.deserialize(serde.serialize([0, null]))).toEqual([0, null]);
    expect(r.latest('t-key')?.schema).toContain('optional int32 I = 1;');
  });
  it('read a record of another schema by its fields; refuse a message the schema lacks', () => {
    const r = new MemorySchemaRegistry();
    const id = r.register('t-value', 'PROTOBUF', 'syntax = "proto3"; message M { string S = 1; }');
    const serde = makeSerde(opts(r));
    // M's field 1 is S: read into column S by name; column I is no field of M, so NULL
    expect(serde.deserialize(frame(id, Buffer.from('000a0168', 'hex')))).toEqual([null, 'h']);
    const own = r.register('u-value', 'PROTOBUF', protobufSchemaOf(COLS));
    // message-indexes array [1] (count 1 zigzag 02, index 1 zigzag 02)
    expect(() => serde.deserialize(frame(own, Buffer.from('0202', 'hex')))).toThrow(/message \[1\]/);
    expect(serde.deserialize(frame(own, Buffer.from('000801', 'hex')))).toEqual([1, '']);
    expect(() => serde.deserialize(frame(99, Buffer.from('000801', 'hex')))).toThrow(
      /schema id 99 is not on the Schema Registry/,
    );
    const unregistered = makeSerde(opts(r, { schemaRegistry: undefined, topic: undefined }));
    expect(() => unregistered.deserialize(frame(own, Buffer.from('000801', 'hex')))).toThrow(RecordError);
  });
  it('refuse MAP keys other than STRING, as ksqlDB does', () => {
    const r = new MemorySchemaRegistry();
    const cols = [{ name: 'M', type: { kind: 'MAP', key: T.INTEGER, value: T.DOUBLE } as const }];
    expect(() => makeSerde(opts(r, { columns: cols }))).toThrow(PlanError);
    expect(() => makeSerde(opts(r, { columns: cols }))).toThrow(
      'PROTOBUF format only supports MAP types with STRING keys',
    );
  });
});

describe('PROTOBUF in statements', () => {
  it('a sink registers its schema and writes framed messages', () => {
    const driver = new MemoryDriver();
    const e = new Engine({ driver, props: { 'auto.offset.reset': 'earliest' }, now: () => 0 });
    e.execute("CREATE STREAM S (K STRING KEY, V INT) WITH (KAFKA_TOPIC='in', FORMAT='PROTOBUF', PARTITIONS=1);");
    e.execute("CREATE STREAM O WITH (KAFKA_TOPIC='out') AS SELECT K, V + 1 AS W FROM S;");
    e.execute("INSERT INTO S (K, V) VALUES ('a', 41);");
    const [rec] = driver.read('out');
    const id = driver.schemaRegistry.latest('out-value')!.id;
    expect(driver.schemaRegistry.latest('out-value')!.schema).toContain('int32 W = 1;');
    expect(rec!.value!.toString('hex')).toBe('00' + id.toString(16).padStart(8, '0') + '00' + '082a');
    expect(driver.schemaRegistry.latest('out-key')!.schema).toContain('string K = 1;');
  });
});
