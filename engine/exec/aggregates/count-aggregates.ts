// HISTOGRAM (how often each string occurs, at most 1,000 distinct values) and ATTR (the value
// when every row agrees on one, else null): both count values, so both can take a row back.
import { T } from '../../types/sql-types.js';
import { valueKey, type Value } from '../../types/values.js';
import { aggSig, type AggImpl, type AggregateFunction } from './aggregate.js';
import { GENERIC_STATE } from './state-codec.js';

const HISTOGRAM_LIMIT = 1000;

type Counts = Record<string, number>;

const histogramImpl: AggImpl<Counts> = {
  type: T.map(T.STRING, T.BIGINT),
  complexState: true,
  init: () => ({}),
  add: (s, a) => {
    const v = a[0];
    if (v === null || v === undefined) return s;
    const k = v as string;
    if (!(k in s) && Object.keys(s).length >= HISTOGRAM_LIMIT) return s;
    return { ...s, [k]: (s[k] ?? 0) + 1 };
  },
  undo: (s, a) => {
    const v = a[0];
    if (v === null || v === undefined || !((v as string) in s)) return s;
    const k = v as string;
    const out = { ...s };
    if (out[k]! <= 1) delete out[k];
    else out[k] = out[k]! - 1;
    return out;
  },
  merge: (x, y) => {
    const out = { ...x };
    for (const [k, n] of Object.entries(y)) {
      if (!(k in out) && Object.keys(out).length >= HISTOGRAM_LIMIT) continue;
      out[k] = (out[k] ?? 0) + n;
    }
    return out;
  },
  result: (s) => ({ ...s }),
  ...(GENERIC_STATE as Pick<AggImpl<Counts>, 'serialize' | 'deserialize'>),
};

const histogram: AggregateFunction = {
  name: 'HISTOGRAM',
  description: 'Returns a map of each distinct string value to the number of times it occurs.',
  signatures: [aggSig(['STRING val'], 'MAP<STRING, BIGINT>')],
  resolve: (args) =>
    args.length === 1 && (args[0]!.kind === 'STRING' || args[0]!.kind === 'NULL')
      ? (histogramImpl as AggImpl)
      : undefined,
};

/** Distinct values (null included) with how many current rows hold each. */
type Tally = Array<{ key: string; value: Value; n: number }>;

function tally(s: Tally, v: Value, by: 1 | -1): Tally {
  const key = valueKey(v);
  const at = s.findIndex((e) => e.key === key);
  if (at < 0) return by > 0 ? [...s, { key, value: v, n: 1 }] : s;
  const n = s[at]!.n + by;
  return n <= 0 ? [...s.slice(0, at), ...s.slice(at + 1)] : s.map((e, i) => (i === at ? { ...e, n } : e));
}

const attr: AggregateFunction = {
  name: 'ATTR',
  description: 'Returns the value of a column when every row of the group holds the same one, else null.',
  signatures: [aggSig(['T val'], 'T')],
  resolve(args) {
    if (args.length !== 1) return undefined;
    const impl: AggImpl<Tally> = {
      type: args[0]!,
      complexState: true,
      init: () => [],
      add: (s, a) => tally(s, a[0] ?? null, 1),
      undo: (s, a) => tally(s, a[0] ?? null, -1),
      merge: (x, y) =>
        y.reduce((acc, e) => {
          let out = acc;
          for (let i = 0; i < e.n; i++) out = tally(out, e.value, 1);
          return out;
        }, x),
      result: (s) => (s.length === 1 ? s[0]!.value : null),
      ...(GENERIC_STATE as Pick<AggImpl<Tally>, 'serialize' | 'deserialize'>),
    };
    return impl as AggImpl;
  },
};

export const COUNT_AGGREGATES: AggregateFunction[] = [histogram, attr];
