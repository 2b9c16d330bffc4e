// Overload resolution as ksqlDB's UdfIndex does it: exact match first, then implicit casts,
// fixed arity over variadic, generics bound consistently, lambdas typed from the other
// arguments, and ksqlDB's wording for calls that match nothing or more than one overload.
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../../engine/exec/default-registry.js';
import { T, type SqlType } from '../../../engine/types/sql-types.js';
import type { ArgType } from '../../../engine/exec/functions/param-types.js';
import { builtInFunctionEntity } from '../../../engine/server/describe-function.js';

const registry = defaultRegistry();
const type = (name: string, args: ArgType[]): SqlType => registry.resultType(name, args);
const lambda = (arity: number, body: (p: SqlType[]) => SqlType): ArgType => ({ kind: 'LAMBDA', arity, typeBody: body });

describe('overload resolution', () => {
  it('prefers the exact overload and widens only when none matches', () => {
    expect(type('ABS', [T.INTEGER])).toEqual(T.INTEGER);
    expect(type('ABS', [T.decimal(5, 2)])).toEqual(T.decimal(5, 2));
    expect(type('SQRT', [T.INTEGER])).toEqual(T.DOUBLE);
    expect(type('GREATEST', [T.INTEGER, T.BIGINT, T.decimal(30, 18), T.DOUBLE, T.NULL])).toEqual(T.DOUBLE);
    expect(type('GREATEST', [T.decimal(9, 2), T.decimal(7, 6)])).toEqual(T.decimal(13, 6));
  });

  it('reports an ambiguous call as ksqlDB does (widening to BIGINT, DECIMAL and DOUBLE all fit)', () => {
    expect(() => type('GREATEST', [T.INTEGER, T.BIGINT])).toThrowError(
      "Function 'greatest' cannot be resolved due to ambiguous method parameters (INTEGER, BIGINT).",
    );
    expect(() => type('LEAST', [T.NULL, T.NULL, T.NULL, T.NULL])).toThrowError(
      "Function 'least' cannot be resolved due to ambiguous method parameters (null, null, null, null).",
    );
  });

  it('lists the valid alternatives when nothing fits', () => {
    expect(() => type('EXPLODE', [T.map(T.STRING, T.INTEGER)])).toThrowError(
      "Function 'explode' does not accept parameters (MAP<STRING, INTEGER>).\nValid alternatives are:\nexplode(ARRAY<DECIMAL> input)\nexplode(ARRAY<T> list)",
    );
    expect(() => type('GREATEST', [])).toThrowError("Function 'greatest' does not accept parameters ().");
    expect(() => type('TIMESTAMPADD', [T.TIMESTAMP, T.INTEGER, T.TIMESTAMP])).toThrowError(
      "Function 'timestampadd' does not accept parameters (TIMESTAMP, INTEGER, TIMESTAMP).",
    );
    expect(() => type('NO_SUCH', [])).toThrowError("Can't find any functions with the name 'NO_SUCH'");
  });

  it('binds a generic once: every T must be the same type', () => {
    expect(type('COALESCE', [T.NULL, T.STRING, T.STRING])).toEqual(T.STRING);
    expect(type('ARRAY_CONTAINS', [T.array(T.STRING), T.STRING])).toEqual(T.BOOLEAN);
    expect(() => type('COALESCE', [T.STRING, T.INTEGER])).toThrowError(
      "Function 'COALESCE' does not accept parameters (STRING, INTEGER).",
    );
    const point = T.struct([{ name: 'X', type: T.INTEGER }]);
    expect(type('EXPLODE', [T.array(point)])).toEqual(point);
  });

  it('reads text as a temporal argument (GREATEST of dates and a date literal)', () => {
    const impl = registry.resolveScalar('GREATEST', [T.DATE, T.NULL, T.STRING], { props: {} });
    expect(impl.type).toEqual(T.DATE);
    expect(impl.call([19071, null, '2022-06-14'])).toBe(19157);
  });

  it('types a lambda body with the parameter types the other arguments bind', () => {
    const seen: SqlType[][] = [];
    const r = type('TRANSFORM', [
      T.array(T.INTEGER),
      lambda(1, (p) => {
        seen.push(p);
        return T.STRING;
      }),
    ]);
    expect(seen).toEqual([[T.INTEGER]]);
    expect(r).toEqual(T.array(T.STRING));
    expect(type('REDUCE', [T.map(T.STRING, T.DOUBLE), T.DOUBLE, lambda(3, (p) => p[0]!)])).toEqual(T.DOUBLE);
    expect(() => type('FILTER', [T.array(T.INTEGER), lambda(1, () => T.INTEGER)])).toThrowError(
      "Function 'filter' does not accept parameters",
    );
    expect(() => type('TRANSFORM', [T.array(T.INTEGER), lambda(2, () => T.INTEGER)])).toThrowError(
      "Function 'transform' does not accept parameters",
    );
  });

  it('takes a time unit keyword only where one is declared', () => {
    expect(type('DATEADD', [{ kind: 'INTERVALUNIT' }, T.INTEGER, T.DATE])).toEqual(T.DATE);
  });
});

describe('DESCRIBE FUNCTION and SHOW FUNCTIONS', () => {
  it('lists every overload with named, typed arguments', () => {
    const e = builtInFunctionEntity(registry.get('SUBSTRING')!, 'DESCRIBE FUNCTION SUBSTRING;');
    expect(e).toMatchObject({ name: 'SUBSTRING', type: 'SCALAR', path: 'internal', author: 'Confluent' });
    const fns = e['functions'] as Array<{ argumentTypes: string[]; returnType: string }>;
    expect(fns.map((f) => `${f.argumentTypes.join(', ')} -> ${f.returnType}`)).toEqual([
      'STRING, INTEGER -> STRING',
      'STRING, INTEGER, INTEGER -> STRING',
      'BYTES, INTEGER -> BYTES',
      'BYTES, INTEGER, INTEGER -> BYTES',
    ]);
    const concat = builtInFunctionEntity(registry.get('CONCAT')!, '')['functions'] as Array<{
      arguments: Array<{ type: string; isVariadic: boolean }>;
    }>;
    expect(concat[0]!.arguments).toEqual([
      { name: 'inputs', type: 'ARRAY<STRING>', description: '', isVariadic: true },
    ]);
  });

  it('lists scalar, aggregate and table functions with their categories', () => {
    const all = registry.list();
    expect(all).toContainEqual({ name: 'EXPLODE', type: 'TABLE', category: 'TABLE' });
    expect(all).toContainEqual({ name: 'CORRELATION', type: 'AGGREGATE', category: 'AGGREGATE' });
    expect(all).toContainEqual({ name: 'URL_EXTRACT_HOST', type: 'SCALAR', category: 'URL' });
    expect(all.map((f) => f.name)).toEqual([...all.map((f) => f.name)].sort());
  });
});
