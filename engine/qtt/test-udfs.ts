// The scalar test functions ksqlDB's functional-test harness loads from its test classpath
// (ksqldb-engine's src/test function/udf: TestUdf, BadUdf, WhenCondition, WhenResult, and the
// udf-example jar's ToStruct), written after what those classes do. Only a QTT run registers
// them (test-registry.ts); users never see them.
import { RecordError } from '../errors.js';
import type { Value } from '../types/values.js';
import { defineFunction, type FunctionDef } from '../exec/functions/registry.js';
import { sig, typedSig, type Impl } from '../exec/functions/signature.js';

/** A Java method with primitive parameters (int, long, boolean…) at `positions`: a null there
 *  fails the call, as unboxing it does in Java. */
export function primitiveArgs(name: string, positions: number[], fn: Impl): Impl {
  return (args) => {
    for (const i of positions)
      if (args[i] === null) throw new RecordError(`${name}: null passed to primitive parameter ${i + 1}`);
    return fn(args);
  };
}

/** TEST_UDF: each overload answers with the name of the Java method it stands for, so a case
 *  shows which overload a call resolved to. */
const testUdf = defineFunction('test_udf', 'OTHER', 'test', [
  sig(
    ['INT arg1', 'STRING arg2'],
    'STRING',
    primitiveArgs('test_udf', [0], () => 'doStuffIntString'),
  ),
  sig(
    ['BIGINT arg1', 'STRING arg2'],
    'STRING',
    primitiveArgs('test_udf', [0], () => 'doStuffLongString'),
  ),
  sig(
    ['BIGINT arg1', 'BIGINT arg2', 'STRING arg3'],
    'STRING',
    primitiveArgs('test_udf', [0, 1], () => 'doStuffLongLongString'),
  ),
  sig(['BIGINT... longs'], 'STRING', () => 'doStuffLongVarargs'),
  sig(['STRUCT<A VARCHAR> struct'], 'STRING', (a) => (a[0] as Record<string, Value> | null)?.A ?? null),
  sig([], 'STRUCT<A VARCHAR>', () => ({ A: 'foo' })),
  // TestUdf's returnList(String) exits the JVM from its schema provider: deliberately absent
]);

/** BAD_UDF: throws, throws on request, or returns null every other call (one counter per call
 *  site, as ksqlDB makes one instance per compiled expression). */
const badUdf = defineFunction('bad_udf', 'OTHER', 'throws exceptions when called', [
  sig(['INT arg1'], 'STRING', () => {
    throw new RecordError('boom!');
  }),
  sig(
    ['BOOLEAN arg'],
    'INT',
    primitiveArgs('bad_udf', [0], (a) => {
      if (a[0] === true) throw new RecordError('You asked me to throw...');
      return 0;
    }),
  ),
  typedSig(['STRING arg'], 'STRING', () => {
    let i = 0;
    return (a) => (i++ % 2 === 0 ? null : a[0]!);
  }),
]);

/** WHENCONDITION / WHENRESULT: return their first argument and fail when their second is false,
 *  so a CASE that evaluates a branch it should not fails the case (case-expression.json). */
function lazinessProbe(name: string, type: string, what: string): FunctionDef {
  return defineFunction(name, 'OTHER', 'UDF used in case-expression.json', [
    sig(
      [`${type} retValue`, 'BOOLEAN shouldBeEvaluated'],
      type,
      primitiveArgs(name, [0, 1], (a) => {
        if (a[1] !== true) throw new RecordError(`${what} in case is not running lazily!`);
        return a[0]!;
      }),
    ),
  ]);
}

/** TOSTRUCT (the udf-example jar): a string as STRUCT<A VARCHAR>. */
const toStruct = defineFunction('tostruct', 'OTHER', 'converts things to a struct', [
  sig(['STRING value'], 'STRUCT<A VARCHAR>', (a) => ({ A: a[0]! })),
]);

export const TEST_UDFS: readonly FunctionDef[] = [
  testUdf,
  badUdf,
  lazinessProbe('WhenCondition', 'BOOLEAN', 'When condition'),
  lazinessProbe('WhenResult', 'INT', 'Then expression'),
  toStruct,
];
