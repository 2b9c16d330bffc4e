// Aggregation state through a changelog: the generic codec keeps every value kind exact, and each
// built-in aggregate's accumulator, serialized to JSON text and read back, continues exactly as the
// original does (same result after more rows).
import { describe, expect, it } from 'vitest';
import { decodeState, encodeState } from '../../../engine/exec/aggregates/state-codec.js';
import { resolveAggregate } from '../../../engine/exec/aggregates/index.js';
import { T, type SqlType } from '../../../engine/types/sql-types.js';
import type { Value } from '../../../engine/types/values.js';

const roundTrip = (v: unknown): unknown => decodeState(JSON.parse(JSON.stringify(encodeState(v))));

describe('state codec', () => {
  it('keeps Buffers, Sets, Maps, BigInts, -0, NaN, Infinity and undefined', () => {
    const v = {
      b: Buffer.from([0, 255, 7]),
      s: new Set([1, 'a', null]),
      m: new Map<unknown, unknown>([
        ['k', [1, 2]],
        [3, Buffer.from('x')],
      ]),
      n: 12345678901234567890n,
      z: -0,
      nan: NaN,
      inf: -Infinity,
      u: undefined,
    };
    const back = roundTrip(v) as typeof v;
    expect(Buffer.isBuffer(back.b) && back.b.equals(v.b)).toBe(true);
    expect(back.s).toEqual(v.s);
    expect(back.m).toEqual(v.m);
    expect(back.n).toBe(v.n);
    expect(Object.is(back.z, -0)).toBe(true);
    expect(back.nan).toBeNaN();
    expect(back.inf).toBe(-Infinity);
    expect('u' in back && back.u === undefined).toBe(true);
  });

  it('never mistakes a struct whose field names look like tags for a tag', () => {
    const v = { $b: 'AAAA', $s: [1], nested: [{ $o: 2 }] };
    expect(roundTrip(v)).toEqual(v);
  });

  it('rejects data it did not produce, naming it', () => {
    expect(() => decodeState({ $zz: 1 })).toThrow(/not encoded aggregation state: \{"\$zz":1\}/);
    expect(() => encodeState(() => 1)).toThrow(/cannot serialize aggregation state of type function/);
  });
});

interface Case {
  name: string;
  types: SqlType[];
  lits?: Array<Value | undefined>;
  star?: boolean;
  rows: Value[][];
}

const CASES: Case[] = [
  { name: 'COUNT', types: [], star: true, rows: [[], [], []] },
  { name: 'COUNT', types: [T.STRING], rows: [['a'], [null], ['b']] },
  { name: 'SUM', types: [T.DOUBLE], rows: [[1.5], [-0], [null], [2.25]] },
  { name: 'SUM', types: [T.decimal(10, 2)], rows: [[1.1], [2.2], [3.3]] },
  { name: 'SUM_LIST', types: [T.array(T.INTEGER)], rows: [[[1, 2]], [[null, 3]], [[4]]] },
  { name: 'AVG', types: [T.INTEGER], rows: [[1], [2], [null], [6]] },
  { name: 'MIN', types: [T.STRING], rows: [['m'], ['c'], [null], ['x']] },
  { name: 'MAX', types: [T.BYTES], rows: [[Buffer.from('a')], [Buffer.from('z')], [Buffer.from('b')]] },
  { name: 'COUNT_DISTINCT', types: [T.INTEGER], rows: [[1], [2], [1], [3]] },
  { name: 'COUNT_DISTINCT', types: [T.array(T.STRING)], rows: [[['a']], [['a']], [['b']], [['a', 'b']]] },
  { name: 'COLLECT_LIST', types: [T.BYTES], rows: [[Buffer.from('p')], [null], [Buffer.from('q')]] },
  {
    name: 'COLLECT_SET',
    types: [T.struct([{ name: 'A', type: T.INTEGER }])],
    rows: [[{ A: 1 }], [{ A: 2 }], [{ A: 1 }], [{ A: 3 }]],
  },
  {
    name: 'TOPK',
    types: [T.INTEGER, T.INTEGER],
    lits: [undefined, 2],
    rows: [
      [5, 2],
      [9, 2],
      [1, 2],
      [7, 2],
    ],
  },
  {
    name: 'TOPKDISTINCT',
    types: [T.DOUBLE, T.INTEGER],
    lits: [undefined, 3],
    rows: [
      [5.5, 3],
      [5.5, 3],
      [1, 3],
      [7, 3],
    ],
  },
  { name: 'LATEST_BY_OFFSET', types: [T.STRING], rows: [['a'], ['b'], [null], ['c']] },
  {
    name: 'EARLIEST_BY_OFFSET',
    types: [T.STRING, T.INTEGER],
    lits: [undefined, 2],
    rows: [['a'], ['b'], ['c'], ['d']],
  },
  { name: 'STDDEV_SAMP', types: [T.INTEGER], rows: [[0], [10], [null], [50], [7]] },
  { name: 'STDDEV_SAMPLE', types: [T.DOUBLE], rows: [[1.5], [2.5], [-3], [9.25]] },
  {
    name: 'CORRELATION',
    types: [T.DOUBLE, T.DOUBLE],
    rows: [
      [1.5, 8],
      [-3.5, -2],
      [-1, null],
      [-4.5, -1],
      [3, 11],
    ],
  },
  { name: 'HISTOGRAM', types: [T.STRING], rows: [['a'], ['b'], ['a'], [null], ['c']] },
  { name: 'ATTR', types: [T.STRING], rows: [['a'], ['a'], ['a'], ['b']] },
];

describe('accumulator serialization', () => {
  for (const c of CASES) {
    it(`${c.name}(${c.types.map((t) => t.kind).join(', ')}) continues the same after a round trip`, () => {
      const impl = resolveAggregate(c.name, c.types, c.lits ?? c.types.map(() => undefined), c.star ?? false);
      const half = Math.ceil(c.rows.length / 2);
      let seq = 0;
      let orig = impl.init();
      for (const r of c.rows.slice(0, half)) orig = impl.add(orig, r, seq++);
      const text = JSON.stringify(impl.serialize!(orig));
      let back = impl.deserialize!(JSON.parse(text));
      expect(impl.result(back)).toEqual(impl.result(orig));
      for (const r of c.rows.slice(half)) {
        const s = seq++;
        orig = impl.add(orig, r, s);
        back = impl.add(back, r, s);
      }
      expect(impl.result(back)).toEqual(impl.result(orig));
    });
  }

  it('every built-in aggregate has its own serialize and deserialize', async () => {
    const { AGGREGATE_FUNCTIONS } = await import('../../../engine/exec/aggregates/index.js');
    const covered = new Set(CASES.map((c) => c.name));
    expect(AGGREGATE_FUNCTIONS.map((f) => f.name).filter((n) => !covered.has(n))).toEqual([]);
    for (const c of CASES) {
      const impl = resolveAggregate(c.name, c.types, c.lits ?? c.types.map(() => undefined), c.star ?? false);
      expect(typeof impl.serialize === 'function' && typeof impl.deserialize === 'function').toBe(true);
    }
  });
});
