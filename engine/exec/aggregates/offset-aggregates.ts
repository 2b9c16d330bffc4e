// LATEST_BY_OFFSET and EARLIEST_BY_OFFSET: the last or first value by input order, nulls
// ignored unless asked, optionally the last/first N as an array.
import { T } from '../../types/sql-types.js';
import type { Value } from '../../types/values.js';
import { aggSig, type AggImpl, type AggregateFunction } from './aggregate.js';
import { decodeState, encodeState } from './state-codec.js';

interface Item {
  seq: number;
  v: Value;
}

function byOffset(name: string, latest: boolean): AggregateFunction {
  return {
    name,
    description: `Returns the ${latest ? 'latest' : 'earliest'} value of a column by offset, or the ${latest ? 'latest' : 'earliest'} N as an array.`,
    signatures: [
      aggSig(['T val'], 'T'),
      aggSig(['T val', 'BOOLEAN ignoreNulls'], 'T'),
      aggSig(['T val', 'INT n'], 'ARRAY<T>'),
      aggSig(['T val', 'INT n', 'BOOLEAN ignoreNulls'], 'ARRAY<T>'),
    ],
    resolve(args, lits) {
      if (args.length < 1 || args.length > 3) return undefined;
      let n: number | undefined;
      let ignoreNulls = true;
      if (args.length >= 2 && args[1]!.kind === 'BOOLEAN') ignoreNulls = lits[1] as boolean;
      else if (args.length >= 2) n = lits[1] as number;
      if (args.length === 3) ignoreNulls = lits[2] as boolean;
      if (n !== undefined && (typeof n !== 'number' || n < 1)) return undefined;
      const keep = n ?? 1;
      const trim = (items: Item[]): Item[] => {
        const sorted = [...items].sort((a, b) => a.seq - b.seq);
        return latest ? sorted.slice(Math.max(sorted.length - keep, 0)) : sorted.slice(0, keep);
      };
      const impl: AggImpl<Item[]> = {
        type: n === undefined ? args[0]! : T.array(args[0]!),
        complexState: true,
        init: () => [],
        add: (s, a, seq) => {
          if (a[0] === null && ignoreNulls) return s;
          const item = { seq, v: a[0] ?? null };
          // one value kept (the usual call): trim's stable sort in one comparison
          if (keep === 1 && s.length <= 1) {
            const held = s[0];
            if (held === undefined) return [item];
            return (latest ? held.seq <= seq : seq < held.seq) ? [item] : s;
          }
          return trim([...s, item]);
        },
        merge: (a, b) => trim([...a, ...b]),
        result: (s) => (n === undefined ? (s[0]?.v ?? null) : s.map((i) => i.v)),
        // seq orders items across restarts too: the restoring operator moves its counter past them
        serialize: (s) => s.map((i) => [i.seq, encodeState(i.v)]),
        deserialize: (j) => (j as Array<[number, unknown]>).map(([seq, v]) => ({ seq, v: decodeState(v) as Value })),
      };
      return impl as AggImpl;
    },
  };
}

export const OFFSET_AGGREGATES: AggregateFunction[] = [
  byOffset('LATEST_BY_OFFSET', true),
  byOffset('EARLIEST_BY_OFFSET', false),
];
