// The size of the record cache an aggregation has on Kafka (exec/operators/record-cache.ts), from
// the session's properties as ksqlDB names them: `ksql.streams.statestore.cache.max.bytes`, 10 MB by
// default; 0 turns it off (every update written, as QTT expects). The in-memory driver delivers
// record by record and never has one.
import { PlanError } from '../errors.js';

/** ksqlDB's default cache size, and the property names that set it (newest first). */
export const DEFAULT_CACHE_MAX_BYTES = 10_000_000;
const CACHE_PROPS = [
  'ksql.streams.statestore.cache.max.bytes',
  'statestore.cache.max.bytes',
  'ksql.streams.cache.max.bytes.buffering',
  'cache.max.bytes.buffering',
];

/** The cache size the session's properties ask for; a value that is not a number is an error. */
export function cacheMaxBytes(props: Record<string, string>): number {
  for (const name of CACHE_PROPS) {
    const v = props[name];
    if (v === undefined) continue;
    const n = Number(v.trim());
    if (v.trim() === '' || !Number.isFinite(n) || n < 0)
      throw new PlanError(`property ${name}: expected a number of bytes ≥ 0, got '${v}'`);
    return n;
  }
  return DEFAULT_CACHE_MAX_BYTES;
}
