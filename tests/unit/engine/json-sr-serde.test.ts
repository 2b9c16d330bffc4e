// JSON_SR on the in-memory Schema Registry: the Confluent frame (magic byte, big-endian id) and
// its malformed forms, the registry's ids and versions, the JSON schema a writer registers and
// the columns a CREATE infers from one, and the format in statements (a sink registering its
// schema, a CREATE without columns, a record that is not framed going to the processing log).
import { describe, expect, it } from 'vitest';
import { frame, unframe } from '../../../engine/exec/serde/confluent-wire.js';
import { MemorySchemaRegistry } from '../../../engine/exec/serde/memory-schema-registry.js';
import { makeSerde } from '../../../engine/exec/serde/serde.js';
import { columnsOfJsonSchema, jsonSchemaOf, sqlTypeOfJsonSchema } from '../../../engine/exec/serde/json-schema.js';
import { T } from '../../../engine/types/sql-types.js';
import { NotSupportedError, PlanError, RecordError } from '../../../engine/errors.js';
import { Engine } from '../../../engine/runtime/engine.js';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';

describe('the Confluent wire format', () => {
  it('frames a payload behind magic byte 0 and the id as a big-endian int', () => {
    const b = frame(258, Buffer.from('{}'));
    expect(b.toString('hex')).toBe('00000001027b7d');
    expect(unframe(b, 'JSON_SR')).toEqual({ schemaId: 258, payload: Buffer.from('{}') });
    expect(unframe(frame(0x7fffffff, Buffer.alloc(0)), 'JSON_SR').schemaId).toBe(0x7fffffff);
  });
  it('refuses bytes that are too short or start with another magic byte', () => {
    expect(() => unframe(Buffer.from('0000', 'hex'), 'JSON_SR')).toThrow(/got 2 byte\(s\)/);
    expect(() => unframe(Buffer.from('{"A":1}'), 'JSON_SR')).toThrow(RecordError);
    expect(() => unframe(Buffer.from('{"A":1}'), 'JSON_SR')).toThrow(/unknown magic byte 123/);
  });
});

describe('the in-memory Schema Registry', () => {
  it('gives one id per schema, versions per subject, the latest version', () => {
    const r = new MemorySchemaRegistry();
    expect(r.register('t-value', 'JSON', '{"type":"string"}')).toBe(1);
    expect(r.register('u-value', 'JSON', '{"type":"string"}')).toBe(1);
    expect(r.register('t-value', 'JSON', '{"type":"integer"}')).toBe(2);
    expect(r.register('t-value', 'JSON', '{"type":"string"}')).toBe(1);
    expect(r.latest('t-value')).toMatchObject({ id: 2, version: 2, schemaType: 'JSON' });
    expect(r.latest('nope-value')).toBeUndefined();
    expect(r.byId(1)?.schema).toBe('{"type":"string"}');
    expect(r.byId(9)).toBeUndefined();
  });
  it('takes an id given, the same schema under two ids, but no id twice for two schemas', () => {
    const r = new MemorySchemaRegistry();
    expect(r.register('a-key', 'JSON', '{"type":"integer"}', 101)).toBe(101);
    expect(r.register('b-key', 'JSON', '{"type":"integer"}', 201)).toBe(201);
    expect(r.register('c-key', 'JSON', '{"type":"string"}')).toBe(202);
    expect(() => r.register('d-key', 'JSON', '{"type":"boolean"}', 101)).toThrow(PlanError);
  });
});

describe('JSON_SR records', () => {
  const cols = [
    { name: 'A', type: T.INTEGER },
    { name: 'B', type: T.STRING },
  ];
  it('writes framed JSON, registering the columns schema once, and reads it back', () => {
    const registry = new MemorySchemaRegistry();
    const s = makeSerde({
      format: 'JSON_SR',
      columns: cols,
      isKey: false,
      wrapSingle: true,
      delimiter: ',',
      schemaRegistry: registry,
      topic: 'out',
    });
    const b = s.serialize([1, 'x'])!;
    expect(b.subarray(0, 5).toString('hex')).toBe('0000000001');
    expect(b.subarray(5).toString()).toBe('{"A":1,"B":"x"}');
    expect(s.serialize([2, null])!.readInt32BE(1)).toBe(1);
    expect(JSON.parse(registry.latest('out-value')!.schema)).toEqual({
      type: 'object',
      properties: {
        A: { 'connect.index': 0, oneOf: [{ type: 'null' }, { type: 'integer', 'connect.type': 'int32' }] },
        B: { 'connect.index': 1, oneOf: [{ type: 'null' }, { type: 'string' }] },
      },
    });
    expect(s.deserialize(b)).toEqual([1, 'x']);
    expect(s.deserialize(null)).toEqual([null, null]);
  });
  it('reads an unwrapped primitive, coercing as JSON does; refuses unframed JSON', () => {
    const s = makeSerde({ format: 'JSON_SR', columns: [cols[1]!], isKey: false, wrapSingle: false, delimiter: ',' });
    expect(s.deserialize(frame(7, Buffer.from('10')))).toEqual(['10']);
    expect(() => s.deserialize(Buffer.from('"1000"'))).toThrow(/JSON_SR: unknown magic byte 34/);
    expect(() => s.deserialize(frame(7, Buffer.from('{')))).toThrow(/invalid JSON/);
  });
  it('refuses a writer for a topic with no registry', () => {
    expect(() =>
      makeSerde({ format: 'JSON_SR', columns: cols, isKey: false, wrapSingle: true, delimiter: ',', topic: 't' }),
    ).toThrow(NotSupportedError);
  });
});

describe('JSON schemas and SQL types', () => {
  it('round-trips the types through the schema a writer registers', () => {
    const primitives = (
      ['BOOLEAN', 'INTEGER', 'BIGINT', 'DOUBLE', 'STRING', 'BYTES', 'TIMESTAMP', 'DATE', 'TIME'] as const
    ).map((k) => T[k]);
    const compound = [
      T.decimal(10, 2),
      T.array(T.STRING),
      T.map(T.STRING, T.BIGINT),
      T.struct([{ name: 'X', type: T.INTEGER }]),
    ];
    const all = [...primitives, ...compound].map((type, i) => ({ name: `C${i}`, type }));
    const schema = JSON.parse(jsonSchemaOf(all, false)) as Record<string, unknown>;
    expect(columnsOfJsonSchema(schema, 'v')).toEqual(all);
  });
  it('reads plain JSON schemas: bare integer is BIGINT, number is DOUBLE, names upper-cased unless kept', () => {
    const s = { type: 'object', properties: { c1: { type: 'integer' }, c2: { type: 'number' } } };
    expect(columnsOfJsonSchema(s, 'v')).toEqual([
      { name: 'C1', type: T.BIGINT },
      { name: 'C2', type: T.DOUBLE },
    ]);
    expect(columnsOfJsonSchema(s, 'v', true).map((c) => c.name)).toEqual(['c1', 'c2']);
    expect(sqlTypeOfJsonSchema({ type: ['null', 'string'] }, 'v')).toEqual(T.STRING);
    expect(() => sqlTypeOfJsonSchema({ oneOf: [{ type: 'string' }, { type: 'integer' }] }, 'v')).toThrow(
      /a union of 2 non-null types/,
    );
  });
});

describe('JSON_SR in statements', () => {
  it('infers a CREATE without columns from the registry and registers the sink schema', () => {
    const driver = new MemoryDriver();
    driver.createTopic('in', { partitions: 1, replicas: 1, cleanupPolicy: 'delete' });
    driver.schemaRegistry.register('in-value', 'JSON', '{"type":"object","properties":{"v":{"type":"integer"}}}');
    const e = new Engine({ driver, props: { 'auto.offset.reset': 'earliest' }, now: () => 0 });
    e.execute("CREATE STREAM S WITH (KAFKA_TOPIC='in', VALUE_FORMAT='JSON_SR');");
    expect(e.catalog.get('S')!.columns).toEqual([{ name: 'V', type: T.BIGINT, ns: 'VALUE' }]);
    e.execute("CREATE STREAM O WITH (KAFKA_TOPIC='out', PARTITIONS=1) AS SELECT V + 1 AS W FROM S;");
    driver.produce('in', {
      key: null,
      value: frame(1, Buffer.from('{"V":41}')),
      timestamp: 0,
      headers: [],
      partition: 0,
    });
    driver.produce('in', { key: null, value: Buffer.from('{"V":1}'), timestamp: 0, headers: [], partition: 0 });
    const out = driver.read('out');
    expect(out.map((r) => unframe(r.value!, 'JSON_SR').payload.toString())).toEqual(['{"W":42}']);
    expect(driver.schemaRegistry.latest('out-value')!.id).toBe(out[0]!.value!.readInt32BE(1));
    // the unframed record is skipped, logged with where it was
    expect(e.log.entries).toHaveLength(1);
    expect(e.log.entries[0]).toMatchObject({ topic: 'in', offset: 1 });
    expect(e.log.entries[0]!.reason).toMatch(/JSON_SR: unknown magic byte 123/);
    e.close();
  });
  it('says which subject is missing when there is nothing to infer from', () => {
    const e = new Engine({ driver: new MemoryDriver(), assumeTopicsExist: true });
    expect(() => e.execute("CREATE STREAM S WITH (KAFKA_TOPIC='t', VALUE_FORMAT='JSON_SR');")).toThrow(
      /Subject: t-value/,
    );
    expect(() =>
      e.execute("CREATE STREAM S WITH (KAFKA_TOPIC='t', VALUE_FORMAT='JSON_SR', VALUE_SCHEMA_ID=5);"),
    ).toThrow(/no schema with id 5/);
  });
});
