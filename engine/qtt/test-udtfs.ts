// The table test functions of ksqlDB's functional-test harness (ksqldb-engine's src/test
// function/udf: TestUdtf, ThrowingUdtf), written after what those classes do: TEST_UDTF returns
// its arguments as text (one row each) or its single argument back; THROWING_UDTF throws when
// asked to. Only a QTT run registers them (test-registry.ts).
import { RecordError } from '../errors.js';
import { T, type SqlType } from '../types/sql-types.js';
import type { Value } from '../types/values.js';
import { valueToString } from '../exec/expression/cast.js';
import { defineFunction, type FunctionDef } from '../exec/functions/registry.js';
import { sig, typedSig, type ImplInfo } from '../exec/functions/signature.js';
import { primitiveArgs } from './test-udfs.js';

const KINDS = ['INT', 'BIGINT', 'DOUBLE', 'BOOLEAN', 'STRING', 'DECIMAL', 'STRUCT<A VARCHAR>'];

/** Java's String.valueOf of each argument's first value (`pick` finds it in a container). */
function asText(pick: (v: Value) => Value, itemType: (t: SqlType) => SqlType) {
  return (info: ImplInfo) =>
    (args: Value[]): Value[] =>
      args.map((v, i) => {
        const x = pick(v);
        // Java: String.valueOf(null) is "null"; a null String element stays null
        return x === null ? (KINDS[i] === 'STRING' ? null : 'null') : valueToString(x, itemType(info.args[i]!));
      });
}

const first = (v: Value): Value => (v === null ? null : ((v as Value[])[0] ?? null));
const firstValue = (v: Value): Value => (v === null ? null : (Object.values(v as object)[0] ?? null));
const item = (t: SqlType): SqlType => (t.kind === 'ARRAY' ? t.item : t);
const mapValue = (t: SqlType): SqlType => (t.kind === 'MAP' ? t.value : t);

function single(type: string, primitive: boolean, o: { returnType?: () => SqlType } = {}) {
  const call = (a: Value[]): Value[] => [a[0]!];
  return sig([`${type} arg`], type, primitive ? primitiveArgs('test_udtf', [0], call) : call, o);
}

const testUdtf = defineFunction(
  'test_udtf',
  'OTHER',
  'test',
  [
    // standardParams: int, long, double and boolean are Java primitives
    typedSig(
      KINDS.map((k, i) => `${k} p${i}`),
      'STRING',
      (info) => {
        const text = asText(
          (v) => v,
          (t) => t,
        )(info);
        return primitiveArgs('test_udtf', [0, 1, 2, 3], text);
      },
    ),
    typedSig(
      KINDS.map((k, i) => `ARRAY<${k}> p${i}`),
      'STRING',
      asText(first, item),
    ),
    typedSig(
      KINDS.map((k, i) => `MAP<STRING, ${k}> p${i}`),
      'STRING',
      asText(firstValue, mapValue),
    ),
    typedSig(
      KINDS.map((k, i) => `MAP<${i === 0 ? 'BIGINT' : 'STRING'}, ${k}> p${i}`),
      'STRING',
      asText(firstValue, mapValue),
    ),
    single('INT', true),
    single('BIGINT', true),
    single('DOUBLE', true),
    single('BOOLEAN', true),
    single('STRING', false),
    // listBigDecimalReturnWithSchemaProvider: always DECIMAL(30, 10)
    single('DECIMAL', false, { returnType: () => T.decimal(30, 10) }),
    single('STRUCT<A VARCHAR>', false),
    // TestUdtf's structTest(int) has listIntegerReturn's signature; ksqlDB resolves INT to the
    // latter (table-functions.json "test_udtf - key column"), so it is not declared here
  ],
  'TABLE',
);

const throwingUdtf = defineFunction(
  'throwing_udtf',
  'OTHER',
  'test UDTF that throws if param is true',
  [
    sig(
      ['BOOLEAN shouldThrow'],
      'BOOLEAN',
      primitiveArgs('throwing_udtf', [0], (a) => {
        if (a[0] === true) throw new RecordError('You asked me to throw...');
        return [a[0]!];
      }),
    ),
  ],
  'TABLE',
);

export const TEST_UDTFS: readonly FunctionDef[] = [testUdtf, throwingUdtf];
