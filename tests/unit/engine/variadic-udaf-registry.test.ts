// The registry features ksqlDB's test functions need, on their own: a variadic parameter at any
// position (before fixed ones, as UDAF columns before initial arguments), ANY parameters,
// generic variadics bound to one type, aggregates looked up on the registry, and UDAF factories
// with initial arguments resolved before their literals are checked; plus the QTT registry
// holding the test functions while the default one does not.
import { describe, expect, it } from 'vitest';
import { resolveOverload, paramAt } from '../../../engine/exec/functions/resolve-overload.js';
import { sig } from '../../../engine/exec/functions/signature.js';
import { paramTypeToString } from '../../../engine/exec/functions/param-types.js';
import { T } from '../../../engine/types/sql-types.js';
import { resolveAggregate } from '../../../engine/exec/aggregates/index.js';
import { udaf } from '../../../engine/exec/aggregates/udaf.js';
import { FunctionRegistry } from '../../../engine/exec/functions/registry.js';
import { defaultRegistry } from '../../../engine/exec/default-registry.js';
import { qttRegistry } from '../../../engine/qtt/test-registry.js';
import type { Value } from '../../../engine/types/values.js';

const none = (): Value => null;
const midVariadic = sig(['BIGINT first', 'STRING... rest', 'INT a', 'INT b'], 'BIGINT', none);

describe('a variadic parameter in the middle', () => {
  it('takes what the fixed parameters before and after it leave over', () => {
    const at = (i: number, n: number): string => paramTypeToString(paramAt(midVariadic, i, n));
    expect([0, 1, 2].map((i) => at(i, 3))).toEqual(['BIGINT', 'INTEGER', 'INTEGER']);
    expect([0, 1, 2, 3, 4].map((i) => at(i, 5))).toEqual(['BIGINT', 'STRING', 'STRING', 'INTEGER', 'INTEGER']);
  });

  it('resolves calls with none, one or several variadic arguments and refuses the rest', () => {
    const r = resolveOverload('MID', [midVariadic], [T.BIGINT, T.STRING, T.STRING, T.INTEGER, T.INTEGER]);
    expect(r.params).toEqual([T.BIGINT, T.STRING, T.STRING, T.INTEGER, T.INTEGER]);
    expect(resolveOverload('MID', [midVariadic], [T.BIGINT, T.INTEGER, T.INTEGER]).returns).toEqual(T.BIGINT);
    expect(() => resolveOverload('MID', [midVariadic], [T.STRING, T.STRING, T.INTEGER, T.INTEGER])).toThrowError(
      "Function 'MID' does not accept parameters (STRING, STRING, INTEGER, INTEGER).",
    );
    expect(() => resolveOverload('MID', [midVariadic], [T.BIGINT, T.STRING, T.STRING, T.INTEGER])).toThrowError(
      'does not accept parameters (BIGINT, STRING, STRING, INTEGER)',
    );
    expect(() => resolveOverload('MID', [midVariadic], [T.BIGINT, T.INTEGER])).toThrowError('does not accept');
  });
});

describe('ANY and generic variadics', () => {
  it('lets ANY take a different type per argument while a generic variadic needs one type', () => {
    const any = sig(['INT first', 'ANY... rest'], 'ARRAY<INT>', none);
    const mixed = [T.INTEGER, T.BIGINT, T.BOOLEAN, T.decimal(5, 1), T.struct([{ name: 'A', type: T.INTEGER }])];
    expect(resolveOverload('OBJ', [any], mixed).params).toEqual(mixed);
    const generic = sig(['A first', 'B second', 'C... rest'], 'ARRAY<A>', none);
    expect(resolveOverload('GEN', [generic], [T.decimal(5, 1), T.INTEGER, T.DOUBLE, T.DOUBLE]).returns).toEqual(
      T.array(T.decimal(5, 1)),
    );
    expect(() => resolveOverload('GEN', [generic], [T.DOUBLE, T.INTEGER, T.DOUBLE, T.STRING])).toThrowError(
      "Function 'GEN' does not accept parameters (DOUBLE, INTEGER, DOUBLE, STRING).",
    );
  });

  it('chooses the exact match before an implicit cast', () => {
    const sigs = [
      sig(['INT a', 'STRING b'], 'STRING', () => 'int'),
      sig(['BIGINT a', 'STRING b'], 'STRING', () => 'long'),
    ];
    expect(resolveOverload('F', sigs, [T.INTEGER, T.STRING]).signature).toBe(sigs[0]);
    expect(resolveOverload('F', sigs, [T.BIGINT, T.STRING]).signature).toBe(sigs[1]);
  });
});

describe('declared struct parameters', () => {
  it('fits a struct of exactly those fields, and any struct when none are declared', () => {
    const a = T.struct([{ name: 'A', type: T.STRING }]);
    const ab = T.struct([
      { name: 'A', type: T.STRING },
      { name: 'B', type: T.INTEGER },
    ]);
    const declared = sig(['STRUCT<A VARCHAR> s'], 'STRUCT<A VARCHAR>', none);
    expect(resolveOverload('S', [declared], [a]).returns).toEqual(a);
    expect(() => resolveOverload('S', [declared], [ab])).toThrowError('does not accept');
    expect(() => resolveOverload('S', [declared], [T.struct([{ name: 'A', type: T.INTEGER }])])).toThrowError(
      'does not accept',
    );
    expect(resolveOverload('S', [sig(['STRUCT s'], 'INT', none)], [ab]).returns).toEqual(T.INTEGER);
    expect(paramTypeToString(declared.params[0]!.type)).toBe('STRUCT<A STRING>');
  });
});

/** A UDAF summing a BIGINT column and string lengths onto its int initial argument. */
const multi = udaf('MULTI', 'test', [
  {
    columns: ['BIGINT first', 'STRING second'],
    init: ['INT start', 'STRING... more'],
    returns: 'BIGINT',
    make: ({ init }) => ({
      init: () => (init[0] as number) + init.slice(1).reduce<number>((s, v) => s + (v as string).length, 0),
      add: (s, a) => (s as number) + ((a[0] as number | null) ?? 0) + ((a[1] as string | null)?.length ?? 0),
      merge: (a, b) => (a as number) + (b as number),
      result: (s) => s as number,
    }),
  },
]);

describe('UDAF factories with initial arguments', () => {
  const lookup = (n: string): typeof multi | undefined => (n.toUpperCase() === 'MULTI' ? multi : undefined);
  const resolve = (types: Parameters<typeof resolveAggregate>[1], lits: Value[], texts?: string[]) =>
    resolveAggregate(
      'multi',
      types,
      lits.map((v) => (v === null ? undefined : v)),
      false,
      texts,
      {},
      lookup,
    );

  it('reads the columns per row and hands the literals to the factory once', () => {
    const impl = resolve([T.BIGINT, T.STRING, T.INTEGER, T.STRING, T.STRING], [null, null, 5, '10', '200']);
    expect(impl.columnArgs).toBe(2);
    expect(impl.type).toEqual(T.BIGINT);
    let s = impl.init();
    expect(impl.result(s)).toBe(10);
    s = impl.add(s, [3, 'abcd'], 0);
    expect(impl.result(s)).toBe(17);
  });

  it('reports a call no factory takes before asking for literals', () => {
    expect(() => resolve([T.BIGINT, T.STRING], [null, null])).toThrowError(
      "Function 'MULTI' does not accept parameters (BIGINT, STRING).",
    );
    expect(() => resolve([T.BIGINT, T.STRING, T.INTEGER], [null, null, null], ['A', 'B', 'C'])).toThrowError(
      'Parameter 3 passed to function MULTI must be a literal constant',
    );
  });

  it('is found on the registry it was registered on', () => {
    const r = new FunctionRegistry();
    r.registerAggregate(multi);
    expect(r.isAggregate('multi')).toBe(true);
    expect(r.aggregate('Multi')).toBe(multi);
    expect(r.get('MULTI')?.kind).toBe('AGGREGATE');
  });
});

describe('the QTT registry', () => {
  it("holds ksqlDB's test functions, which the default registry never offers", () => {
    const qtt = qttRegistry();
    const plain = defaultRegistry();
    for (const name of ['TEST_UDF', 'BAD_UDF', 'WHENCONDITION', 'TEST_UDTF', 'TEST_UDAF', 'MID_VAR_ARG']) {
      expect(qtt.has(name)).toBe(true);
      expect(plain.has(name)).toBe(false);
    }
    expect(qtt.aggregate('GENERIC_VAR_ARG')).toBeDefined();
    expect(plain.aggregate('COUNT')).toBeDefined();
  });

  it('resolves TEST_UDF as ksqlDB does: exact first, fixed arity over variadic, nulls fitting any type', () => {
    const qtt = qttRegistry();
    const call = (args: Parameters<typeof qtt.resolveScalar>[1]): Value =>
      qtt.resolveScalar('TEST_UDF', args, { props: {} }).call(args.map(() => 1));
    expect(call([T.INTEGER, T.STRING])).toBe('doStuffIntString');
    expect(call([T.BIGINT, T.NULL])).toBe('doStuffLongString');
    expect(call([T.BIGINT, T.BIGINT, T.NULL])).toBe('doStuffLongLongString');
    expect(call([T.BIGINT, T.BIGINT, T.BIGINT, T.BIGINT])).toBe('doStuffLongVarargs');
  });
});
