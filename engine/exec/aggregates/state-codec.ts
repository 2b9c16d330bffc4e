// Turns aggregation state (accumulators, grouping keys) into JSON-able data and back, losslessly:
// a changelog topic stores it, so Buffers, Sets, Maps, BigInts, -0, NaN and ±Infinity survive.
// Every plain object is wrapped too, so a struct value can never be mistaken for a tag.

import { normLong } from '../../types/long.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function encodeNumber(n: number): Json {
  if (Number.isFinite(n) && !Object.is(n, -0)) return n;
  return { $d: Object.is(n, -0) ? '-0' : String(n) };
}

/** Any state value as JSON-able data; throws on functions and symbols (not state). */
export function encodeState(v: unknown): Json {
  if (v === null) return null;
  switch (typeof v) {
    case 'boolean':
    case 'string':
      return v;
    case 'number':
      return encodeNumber(v);
    case 'bigint':
      return { $n: v.toString() };
    case 'undefined':
      return { $u: 1 };
    case 'object':
      return encodeObject(v);
    default:
      throw new TypeError(`cannot serialize aggregation state of type ${typeof v}`);
  }
}

function encodeObject(v: object): Json {
  if (Array.isArray(v)) return v.map(encodeState);
  if (Buffer.isBuffer(v)) return { $b: v.toString('base64') };
  if (v instanceof Set) return { $s: [...v].map(encodeState) };
  if (v instanceof Map) return { $m: [...v].map(([k, x]) => [encodeState(k), encodeState(x)]) };
  const out: Record<string, Json> = {};
  for (const [k, x] of Object.entries(v)) out[k] = encodeState(x);
  return { $o: out };
}

/** The inverse of encodeState; throws on data it did not produce (a corrupt changelog). */
export function decodeState(j: unknown): unknown {
  if (j === null || typeof j === 'boolean' || typeof j === 'string' || typeof j === 'number') return j;
  if (Array.isArray(j)) return j.map(decodeState);
  if (typeof j !== 'object') throw new TypeError(`not encoded aggregation state: ${String(j)}`);
  const o = j as Record<string, unknown>;
  const [tag] = Object.keys(o);
  const body = o[tag!];
  switch (tag) {
    case '$d':
      return body === '-0' ? -0 : Number(body);
    case '$n':
      return BigInt(body as string);
    case '$u':
      return undefined;
    case '$b':
      return Buffer.from(body as string, 'base64');
    case '$s':
      return new Set((body as unknown[]).map(decodeState));
    case '$m':
      return new Map((body as Array<[unknown, unknown]>).map(([k, x]) => [decodeState(k), decodeState(x)]));
    case '$o': {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(body as Record<string, unknown>)) out[k] = decodeState(x);
      return out;
    }
    default:
      throw new TypeError(`not encoded aggregation state: ${JSON.stringify(j).slice(0, 80)}`);
  }
}

/** Serialize/deserialize pair for states the generic codec handles as they are. */
export const GENERIC_STATE = { serialize: encodeState, deserialize: decodeState } as const;

/** An exact BIGINT accumulator (SUM of BIGINT): a number, or a bigint beyond 2^53. */
export const LONG_STATE = {
  serialize: (s: number | bigint): unknown => encodeState(s),
  deserialize: (j: unknown): number | bigint => {
    const n = decodeState(j);
    if (typeof n === 'number') return n;
    if (typeof n === 'bigint') return normLong(n);
    throw new TypeError(`expected a BIGINT accumulator, got ${JSON.stringify(j)}`);
  },
} as const;

/** A number accumulator (COUNT, SUM): plain JSON unless non-finite or -0. */
export const NUMBER_STATE = {
  serialize: (s: number): unknown => encodeNumber(s),
  deserialize: (j: unknown): number => {
    const n = decodeState(j);
    if (typeof n !== 'number') throw new TypeError(`expected a number accumulator, got ${JSON.stringify(j)}`);
    return n;
  },
} as const;
