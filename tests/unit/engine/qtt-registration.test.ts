// The QTT harness registers a case's schemas as ksqlDB's runner does: the case's topics completed
// by the schemas its CREATE statements' columns give, in java.util.HashMap order, so the ids its
// KEY_/VALUE_SCHEMA_ID name match; and it compares an empty top-level BYTES field as null.
import { describe, expect, it } from 'vitest';
import { javaHashOrder } from '../../../engine/qtt/java-hash-order.js';
import { registerCaseSchemas } from '../../../engine/qtt/case-schemas.js';
import { statementTopics } from '../../../engine/qtt/statement-schemas.js';
import { emptyBytesAsNull } from '../../../engine/qtt/empty-bytes.js';
import { MemorySchemaRegistry } from '../../../engine/exec/serde/memory-schema-registry.js';
import type { QttCase } from '../../../engine/qtt/load-cases.js';
import { T } from '../../../engine/types/sql-types.js';

describe('java.util.HashMap order', () => {
  it('iterates by spread String.hashCode bucket, insertion order within a bucket', () => {
    // "input".hashCode() = 100358090 (bucket 1 of 16), "OUTPUT".hashCode() = -1952183039 (bucket 5)
    expect(javaHashOrder(['OUTPUT', 'input'])).toEqual(['input', 'OUTPUT']);
    // "a" (97) and "q" (113) share bucket 1 of 16: kept in insertion order
    expect(javaHashOrder(['q', 'b', 'a'])).toEqual(['q', 'a', 'b']);
  });
  it('masks with the grown table once the entries pass three quarters of it', () => {
    const keys = Array.from({ length: 13 }, (_, i) => String.fromCharCode(97 + i * 2)); // a c e ... y
    // 13 entries: the table is 32, so "q" (113 & 31 = 17) sorts after "c" (99 & 31 = 3)
    expect(javaHashOrder(keys)).toEqual(['a', 'c', 'e', 'g', 'i', 'k', 'm', 'o', 'q', 's', 'u', 'w', 'y']);
    // 12 entries fit the table of 16: "q" (113 & 15 = 1) shares "a"'s bucket
    expect(javaHashOrder(keys.slice(0, 12))).toEqual(['a', 'q', 'c', 's', 'e', 'u', 'g', 'w', 'i', 'k', 'm', 'o']);
  });
});

describe('QTT schema registration', () => {
  const base: QttCase = { file: 'x.json', name: 'x', statements: [], properties: {}, inputs: [], outputs: [] };
  it('derives schemas from CREATE statements with declared columns of a registry format', () => {
    const topics = statementTopics(
      [
        "CREATE STREAM INPUT (`id` INT KEY, `c1` INT) WITH (kafka_topic='input', value_format='avro');",
        "CREATE STREAM P (K STRING KEY, V INT) WITH (kafka_topic='p', format='PROTOBUF');",
        "CREATE STREAM J (V INT) WITH (kafka_topic='j', value_format='JSON');",
        'CREATE STREAM BROKEN (',
      ],
      {},
    );
    expect(topics.map((t) => [t.name, t.key?.schemaType, t.value?.schemaType])).toEqual([
      ['input', undefined, 'AVRO'],
      ['p', 'PROTOBUF', 'PROTOBUF'],
      ['j', undefined, undefined],
    ]);
    expect(topics[1]!.key!.schema).toContain('string K = 1;');
  });
  it('registers in the runner order, statement schemas included, so the ids count as ksqlDB counts them', () => {
    const r = new MemorySchemaRegistry();
    registerCaseSchemas(
      {
        ...base,
        statements: ["CREATE STREAM INPUT (`id` INT KEY, `c1` INT) WITH (kafka_topic='input', value_format='avro');"],
        topics: [
          {
            name: 'OUTPUT',
            keyFormat: 'PROTOBUF',
            keySchema: 'syntax = "proto3"; message K { int32 id = 1; }',
            valueFormat: 'PROTOBUF',
            valueSchema: 'syntax = "proto3"; message V { int32 c1 = 1; }',
          },
        ],
      },
      r,
    );
    expect(['input-value', 'OUTPUT-key', 'OUTPUT-value'].map((s) => r.latest(s)?.id)).toEqual([1, 2, 3]);
  });
});

describe('empty BYTES fields', () => {
  it('compare as null at the top level only', () => {
    const fields = [
      { name: 'B', type: T.BYTES },
      { name: 'S', type: T.STRING },
    ];
    expect(emptyBytesAsNull({ B: '', S: '' }, fields)).toEqual({ B: null, S: '' });
    expect(emptyBytesAsNull({ B: 'aGk=', S: 'x' }, fields)).toEqual({ B: 'aGk=', S: 'x' });
  });
});
