// Per-node copies of evaluator factories: each call gives a function of its own that behaves as
// the factory's own closure; a factory that reaches outside its parameters fails at once.
import { describe, expect, it } from 'vitest';
import { callWith, evaluateAll, searchedCase, specialize } from '../../../engine/exec/expression/specialize.js';

describe('specialize', () => {
  it('makes a separate function per call, with the same behaviour as the factory', () => {
    const factory = (i: number, dflt: string) => (row: unknown[]) => row[i] ?? dflt;
    const make = specialize(factory);
    const a = make(0, 'none');
    const b = make(1, 'none');
    expect(a).not.toBe(b);
    expect(a.toString()).toBe(factory(0, 'x').toString());
    expect([a(['x', 'y']), b(['x', 'y']), b(['x'])]).toEqual([factory(0, 'none')(['x', 'y']), 'y', 'none']);
  });

  it('evaluates the factory outside the module scope, so free names fail', () => {
    const outside = 41;
    const make = specialize(() => () => outside + 1);
    expect(() => make()()).toThrow(ReferenceError);
  });
});

describe('evaluateAll', () => {
  it('fills each output slot from its own evaluator, in order', () => {
    const seen: number[] = [];
    const run = evaluateAll([
      (r: number[]) => (seen.push(0), r[0]! * 2),
      (r: number[]) => (seen.push(1), r[1]! + 1),
      () => (seen.push(2), 'k'),
    ]);
    const out: unknown[] = [];
    run([5, 7], out);
    expect(out).toEqual([10, 8, 'k']);
    expect(seen).toEqual([0, 1, 2]);
    const none = evaluateAll([]);
    const empty: unknown[] = [];
    none([], empty);
    expect(empty).toEqual([]);
  });
});

describe('searchedCase', () => {
  it('returns the first true branch, evaluating only its THEN, else ELSE or null', () => {
    const seen: string[] = [];
    const when = (name: string, v: unknown) => () => (seen.push(name), v);
    const pick = searchedCase(
      [when('c0', null), when('c1', true), when('c2', true)],
      [when('t0', 0), when('t1', 1), when('t2', 2)],
      when('else', 'e'),
    );
    expect(pick([])).toBe(1);
    expect(seen).toEqual(['c0', 'c1', 't1']);
    expect(searchedCase([() => false], [() => 1], undefined)([])).toBeNull();
    expect(searchedCase([() => 'true'], [() => 1], () => 9)([])).toBe(9);
  });
});

describe('callWith', () => {
  it('calls with a new array of the arguments, evaluated in order', () => {
    const seen: number[] = [];
    const arrays: unknown[][] = [];
    const call = callWith(
      [(r: number[]) => (seen.push(0), r[0]!), (r: number[]) => (seen.push(1), r[1]!)],
      (args: number[]) => (arrays.push(args), args[0]! - args[1]!),
    );
    expect([call([5, 2]), call([1, 1])]).toEqual([3, 0]);
    expect(seen).toEqual([0, 1, 0, 1]);
    expect(arrays[0]).not.toBe(arrays[1]);
    expect(callWith([], () => 'none')([])).toBe('none');
  });
});
