// AVRO and JSON_SR sinks given a KEY_/VALUE_SCHEMA_ID: the query's columns checked against the
// registered schema with ksqlDB's errors (a changed or reordered column fails the statement, an
// extra optional or defaulted field is allowed, an extra required one fails the first record),
// records written with the registered schema (its id in the frame, its field order and names,
// defaults and nulls for the fields the query does not give, nothing registered), the AVRO
// record names VALUE_AVRO_SCHEMA_FULL_NAME gives, and the QTT harness reading such a record as
// all its fields.
import { describe, expect, it } from 'vitest';
import { AvroCodec } from '../../../engine/exec/serde/avro-binary.js';
import { parseAvroSchema } from '../../../engine/exec/serde/avro-schema.js';
import { unframe } from '../../../engine/exec/serde/confluent-wire.js';
import { ExecError, PlanError } from '../../../engine/errors.js';
import { Engine } from '../../../engine/runtime/engine.js';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';
import { decodeRecord } from '../../../engine/qtt/record-codec.js';

function setup(): { driver: MemoryDriver; e: Engine } {
  const driver = new MemoryDriver();
  const e = new Engine({ driver, props: { 'auto.offset.reset': 'earliest' }, now: () => 0 });
  e.execute(
    "CREATE STREAM INPUT (`id` INT KEY, `c1` INT, `name` STRING) WITH (KAFKA_TOPIC='input', VALUE_FORMAT='JSON', PARTITIONS=1);",
  );
  return { driver, e };
}

function avroValues(driver: MemoryDriver, topic: string): { id: number; datum: unknown }[] {
  return driver.read(topic).map((r) => {
    const { schemaId, payload } = unframe(r.value!, 'AVRO');
    const held = driver.schemaRegistry.byId(schemaId)!;
    return { id: schemaId, datum: new AvroCodec(parseAvroSchema(held.schema)).decode(payload) };
  });
}

/** Registers an Avro record of `fields` under `subject`: each an Avro type, or the rest of the
 *  field (its type and default). */
function avroRecord(driver: MemoryDriver, subject: string, fields: Record<string, unknown>): number {
  const list = Object.entries(fields).map(([name, f]) =>
    typeof f === 'object' && f !== null && !Array.isArray(f) ? { name, ...f } : { name, type: f },
  );
  return driver.schemaRegistry.register(
    subject,
    'AVRO',
    JSON.stringify({ type: 'record', name: 'blah', fields: list }),
  );
}

describe('an AVRO sink with a VALUE_SCHEMA_ID', () => {
  it("refuses a changed or reordered column with ksqlDB's message, before running", () => {
    const { driver, e } = setup();
    const changed = avroRecord(driver, 'OUT-value', { c1: 'string', c2: 'double' });
    const sql = (id: number): string =>
      `CREATE STREAM OUT WITH (KAFKA_TOPIC='OUT', VALUE_FORMAT='AVRO', VALUE_SCHEMA_ID=${id}) AS SELECT \`id\`, \`c1\` FROM INPUT;`;
    expect(() => e.execute(sql(changed))).toThrow(PlanError);
    expect(() => e.execute(sql(changed))).toThrow(
      'The following value columns are changed, missing or reordered: [`c1` INTEGER]. Schema from schema registry is [`c1` STRING, `c2` DOUBLE]',
    );
    const reordered = avroRecord(driver, 'OUT2-value', { c2: 'double', c1: 'int' });
    expect(() => e.execute(sql(reordered))).toThrow(
      'The following value columns are changed, missing or reordered: [`c1` INTEGER]. Schema from schema registry is [`c2` DOUBLE, `c1` INTEGER]',
    );
    expect(e.catalog.get('OUT')).toBeUndefined();
  });

  it('writes the registered schema: its id, field order, defaults, nulls for optional fields, nothing registered', () => {
    const { driver, e } = setup();
    const id = driver.schemaRegistry.register(
      'OUT-value',
      'AVRO',
      JSON.stringify({
        type: 'record',
        name: 'Reading',
        namespace: 'com.acme',
        fields: [
          { name: 'c1', type: 'int', default: 7 },
          {
            name: 'inner',
            type: {
              type: 'record',
              name: 'Inner',
              fields: [
                { name: 'n', type: 'int', default: 0 },
                { name: 's', type: ['null', 'string'] },
              ],
            },
          },
          { name: 'opt', type: ['null', 'int'], default: null },
          { name: 'tag', type: 'string', default: 'foo' },
        ],
      }),
    );
    e.execute(
      `CREATE STREAM OUT WITH (KAFKA_TOPIC='OUT', VALUE_FORMAT='AVRO', VALUE_SCHEMA_ID=${id}) AS SELECT \`id\`, \`c1\`, STRUCT(\`n\` := CAST(NULL AS INT), \`s\` := \`name\`) AS \`inner\` FROM INPUT;`,
    );
    e.execute("INSERT INTO INPUT (`id`, `c1`, `name`) VALUES (1, 4, 'x');");
    e.execute('INSERT INTO INPUT (`id`, `c1`, `name`) VALUES (2, NULL, NULL);');
    expect(avroValues(driver, 'OUT')).toEqual([
      // a null INT field with a default takes it, as a Connect Struct gives it; absent fields too
      { id, datum: { c1: 4, inner: { n: 0, s: 'x' }, opt: null, tag: 'foo' } },
      { id, datum: { c1: 7, inner: { n: 0, s: null }, opt: null, tag: 'foo' } },
    ]);
    expect(driver.schemaRegistry.latest('OUT-value')!.id).toBe(id);
    expect(e.catalog.get('OUT')!.columns.map((c) => c.name)).toEqual(['id', 'c1', 'inner']);
  });

  it('fails the query on a required field without a default that the query does not give', () => {
    const { driver, e } = setup();
    const id = avroRecord(driver, 'OUT-value', { c1: 'int', c2: 'double' });
    // the statement plans: the columns are the schema's first fields
    e.execute(
      `CREATE STREAM OUT WITH (KAFKA_TOPIC='OUT', VALUE_FORMAT='AVRO', VALUE_SCHEMA_ID=${id}) AS SELECT \`id\`, \`c1\` FROM INPUT;`,
    );
    const insert = (): unknown => e.execute('INSERT INTO INPUT (`id`, `c1`) VALUES (1, 4);');
    expect(insert).toThrow(ExecError);
    expect(insert).toThrow(
      /Exception caught in process: Unable to serialize record to topic OUT with schema \d+: Missing default value for required Avro field: \[c2\]\. This field appears in Avro schema in Schema Registry/,
    );
    expect(driver.read('OUT')).toEqual([]);
  });

  it('writes INSERT VALUES into a source created with a VALUE_SCHEMA_ID with that schema', () => {
    const driver = new MemoryDriver();
    const id = avroRecord(driver, 'in-value', { a: 'string', b: { type: 'long', default: 5 } });
    const e = new Engine({ driver, props: {}, now: () => 0 });
    e.execute(`CREATE STREAM S WITH (KAFKA_TOPIC='in', VALUE_FORMAT='AVRO', VALUE_SCHEMA_ID=${id}, PARTITIONS=1);`);
    e.execute("INSERT INTO S (`a`) VALUES ('x');");
    expect(avroValues(driver, 'in')).toEqual([{ id, datum: { a: 'x', b: 5 } }]);
  });
});

describe('AVRO schema full names', () => {
  it('VALUE_AVRO_SCHEMA_FULL_NAME names the record written, split into namespace and name', () => {
    const { driver, e } = setup();
    e.execute(
      "CREATE STREAM OUT WITH (KAFKA_TOPIC='OUT', VALUE_FORMAT='AVRO', VALUE_AVRO_SCHEMA_FULL_NAME='com.custom.Rec') AS SELECT `id`, STRUCT(`n` := `c1`) AS `s` FROM INPUT;",
    );
    e.execute("INSERT INTO INPUT (`id`, `c1`, `name`) VALUES (1, 4, 'x');");
    const schema = JSON.parse(driver.schemaRegistry.latest('OUT-value')!.schema) as Record<string, unknown>;
    expect([schema['name'], schema['namespace'], schema['connect.name']]).toEqual([
      'Rec',
      'com.custom',
      'com.custom.Rec',
    ]);
    const nested = (schema['fields'] as Array<{ type: unknown[] }>)[0]!.type[1] as Record<string, unknown>;
    expect([nested['name'], nested['connect.name']]).toEqual(['Rec_s', 'com.custom.Rec_s']);
    expect(avroValues(driver, 'OUT').map((r) => r.datum)).toEqual([{ s: { n: 4 } }]);
  });

  it('refuses a blank name as ksqlDB does', () => {
    const e = new Engine({ driver: new MemoryDriver(), props: {}, now: () => 0 });
    expect(() =>
      e.execute(
        "CREATE STREAM I (K STRING KEY, foo STRING) WITH (kafka_topic='t', value_format='AVRO', PARTITIONS=1, VALUE_AVRO_SCHEMA_FULL_NAME=' ');",
      ),
    ).toThrow('fullSchemaName cannot be empty. Format configuration: {fullSchemaName=}');
  });
});

describe('a JSON_SR sink with KEY_/VALUE_SCHEMA_ID', () => {
  it('writes the registered schemas: the key object, properties in order, defaults and nulls', () => {
    const { driver, e } = setup();
    const keyId = driver.schemaRegistry.register(
      'OUT-key',
      'JSON',
      JSON.stringify({ type: 'object', properties: { id: { type: 'integer' } } }),
    );
    const valueId = driver.schemaRegistry.register(
      'OUT-value',
      'JSON',
      JSON.stringify({
        type: 'object',
        properties: { c1: { type: 'integer' }, c2: { type: 'string' }, c3: { type: 'integer', default: 9 } },
        required: ['c1', 'c3'],
      }),
    );
    e.execute(
      `CREATE STREAM OUT WITH (KAFKA_TOPIC='OUT', KEY_FORMAT='JSON_SR', VALUE_FORMAT='JSON_SR', KEY_SCHEMA_ID=${keyId}, VALUE_SCHEMA_ID=${valueId}) AS SELECT STRUCT(\`id\` := CAST(\`id\` AS BIGINT)) AS ROWKEY, CAST(\`c1\` AS BIGINT) AS \`c1\` FROM INPUT PARTITION BY STRUCT(\`id\` := CAST(\`id\` AS BIGINT));`,
    );
    e.execute("INSERT INTO INPUT (`id`, `c1`, `name`) VALUES (42, 4, 'x');");
    const [rec] = driver.read('OUT');
    const key = unframe(rec!.key!, 'JSON_SR');
    const value = unframe(rec!.value!, 'JSON_SR');
    expect([key.schemaId, key.payload.toString()]).toEqual([keyId, '{"id":42}']);
    expect([value.schemaId, value.payload.toString()]).toEqual([valueId, '{"c1":4,"c2":null,"c3":9}']);
  });

  it('fails the query on a required property without a default', () => {
    const { driver, e } = setup();
    const id = driver.schemaRegistry.register(
      'OUT-value',
      'JSON',
      JSON.stringify({
        type: 'object',
        properties: { c1: { type: 'integer' }, c2: { type: 'string' } },
        required: ['c2'],
      }),
    );
    e.execute(
      `CREATE STREAM OUT WITH (KAFKA_TOPIC='OUT', VALUE_FORMAT='JSON_SR', VALUE_SCHEMA_ID=${id}) AS SELECT \`id\`, CAST(\`c1\` AS BIGINT) AS \`c1\` FROM INPUT;`,
    );
    expect(() => e.execute('INSERT INTO INPUT (`id`, `c1`) VALUES (1, 4);')).toThrow(
      'Missing default value for required field: [c2]. This field appears in JSON_SR schema in Schema Registry',
    );
  });
});

describe('the QTT harness reading a sink of a registered AVRO schema', () => {
  it('gives the columns, then the other fields of the writer record', () => {
    const { driver, e } = setup();
    const id = avroRecord(driver, 'OUT-value', { c1: 'int', c2: { type: 'int', default: 100 } });
    e.execute(
      `CREATE STREAM OUT WITH (KAFKA_TOPIC='OUT', VALUE_FORMAT='AVRO', VALUE_SCHEMA_ID=${id}) AS SELECT \`id\`, \`c1\` FROM INPUT;`,
    );
    e.execute('INSERT INTO INPUT (`id`, `c1`) VALUES (42, 4);');
    const [rec] = driver.read('OUT');
    expect(decodeRecord(rec!, e.catalog.get('OUT'), driver.schemaRegistry).value).toEqual({ c1: 4, c2: 100 });
  });
});
