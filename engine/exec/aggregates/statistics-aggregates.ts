// Statistical aggregates with ksqlDB's arithmetic, so results match to the last digit:
// STDDEV_SAMP (the sample variance, as ksqlDB computes it) and STDDEV_SAMPLE (its square root)
// by the Youngs-Cramer update, integer sums in the column's own width; CORRELATION (Pearson)
// from running sums. All skip nulls and can take a row back (tables).
import { T, type SqlType } from '../../types/sql-types.js';
import type { Value } from '../../types/values.js';
import { aggSig, type AggImpl, type AggregateFunction } from './aggregate.js';
import { GENERIC_STATE } from './state-codec.js';

interface Moments {
  sum: number;
  count: number;
  m2: number;
}

type Width = 'INTEGER' | 'BIGINT' | 'DOUBLE';

/** Arithmetic in the column's width: INT wraps at 32 bits, BIGINT is exact as far as a double
 *  goes, DOUBLE is floating point; the sum divided by the count is integer division for both
 *  integer widths (Java's). */
function arithmetic(w: Width): { add: (a: number, b: number) => number; div: (a: number, b: number) => number } {
  if (w === 'INTEGER') return { add: (a, b) => (a + b) | 0, div: (a, b) => Math.trunc(a / b) };
  if (w === 'BIGINT') return { add: (a, b) => a + b, div: (a, b) => Math.trunc(a / b) };
  return { add: (a, b) => a + b, div: (a, b) => a / b };
}

function moments(w: Width, map: (variance: number) => number): AggImpl<Moments> {
  const { add, div } = arithmetic(w);
  const mul =
    w === 'INTEGER' ? (a: number, b: number): number => Math.imul(a, b) : (a: number, b: number): number => a * b;
  const delta = (s: Moments, v: number, count: number): number => add(mul(v, count), -add(s.sum, v));
  return {
    type: T.DOUBLE,
    complexState: true,
    init: () => ({ sum: 0, count: 0, m2: 0 }),
    add: (s, a) => {
      const v = a[0];
      if (v === null || v === undefined) return s;
      const count = s.count + 1;
      const d = count > 1 ? delta(s, v as number, count) : 0;
      const m2 = count > 1 ? (d * d) / (count * (count - 1)) : 0;
      return { count, sum: add(s.sum, v as number), m2: s.m2 + m2 };
    },
    undo: (s, a) => {
      const v = a[0];
      if (v === null || v === undefined) return s;
      const count = s.count - 1;
      const d = count > 0 ? delta(s, v as number, s.count + 1) : 0;
      const m2 = count > 0 ? (d * d) / (count * (count + 1)) : 0;
      return { count, sum: add(s.sum, -(v as number)), m2: s.m2 - m2 };
    },
    merge: (x, y) => {
      const count = x.count + y.count;
      let m2 = x.m2 + y.m2;
      if (x.count > 0 && y.count > 0) {
        const inner = div(x.sum, x.count) - div(y.sum, y.count);
        m2 += (x.count * y.count * inner * inner) / count;
      }
      return { count, sum: add(x.sum, y.sum), m2 };
    },
    result: (s) => (s.count < 2 ? 0 : map(s.m2 / (s.count - 1))),
    ...(GENERIC_STATE as Pick<AggImpl<Moments>, 'serialize' | 'deserialize'>),
  };
}

function widthOf(t: SqlType | undefined): Width | undefined {
  return t?.kind === 'INTEGER' || t?.kind === 'BIGINT' || t?.kind === 'DOUBLE' ? t.kind : undefined;
}

function deviation(name: string, description: string, map: (variance: number) => number): AggregateFunction {
  return {
    name,
    description,
    signatures: ['INT', 'BIGINT', 'DOUBLE'].map((t) => aggSig([`${t} val`], 'DOUBLE')),
    resolve(args) {
      const w = args.length === 1 ? widthOf(args[0]) : undefined;
      return w ? (moments(w, map) as AggImpl) : undefined;
    },
  };
}

interface Sums {
  x: number;
  y: number;
  xx: number;
  yy: number;
  xy: number;
  n: number;
}

function sums(s: Sums, x: number, y: number, sign: 1 | -1): Sums {
  return {
    x: s.x + sign * x,
    y: s.y + sign * y,
    xx: s.xx + sign * x * x,
    yy: s.yy + sign * y * y,
    xy: s.xy + sign * x * y,
    n: s.n + sign,
  };
}

const correlationImpl: AggImpl<Sums> = {
  type: T.DOUBLE,
  columnArgs: 2,
  complexState: true,
  init: () => ({ x: 0, y: 0, xx: 0, yy: 0, xy: 0, n: 0 }),
  add: (s, a) => (a[0] == null || a[1] == null ? s : sums(s, a[0] as number, a[1] as number, 1)),
  undo: (s, a) => (a[0] == null || a[1] == null ? s : sums(s, a[0] as number, a[1] as number, -1)),
  merge: (p, q) => ({ x: p.x + q.x, y: p.y + q.y, xx: p.xx + q.xx, yy: p.yy + q.yy, xy: p.xy + q.xy, n: p.n + q.n }),
  result: (s): Value => {
    const numerator = s.n * s.xy - s.x * s.y;
    const dx = s.n * s.xx - s.x * s.x;
    const dy = s.n * s.yy - s.y * s.y;
    return numerator / Math.sqrt(dx * dy);
  },
  ...(GENERIC_STATE as Pick<AggImpl<Sums>, 'serialize' | 'deserialize'>),
};

const NUMERIC_ARGS = new Set(['INTEGER', 'BIGINT', 'DOUBLE', 'NULL']);

const correlation: AggregateFunction = {
  name: 'CORRELATION',
  description: 'Computes the Pearson correlation coefficient between two columns of data.',
  signatures: [aggSig(['DOUBLE x', 'DOUBLE y'], 'DOUBLE')],
  columnArgs: () => 2,
  resolve(args) {
    if (args.length !== 2 || !args.every((t) => NUMERIC_ARGS.has(t.kind))) return undefined;
    return correlationImpl as AggImpl;
  },
};

export const STATISTICS_AGGREGATES: AggregateFunction[] = [
  deviation('STDDEV_SAMP', 'Returns the sample standard deviation of a column.', (v) => v),
  deviation('STDDEV_SAMPLE', 'Returns the sample standard deviation of a column.', Math.sqrt),
  correlation,
];
