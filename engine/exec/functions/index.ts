// The default function registry: every built-in scalar function and the aggregate names.
// A later remote-function bridge registers its functions on the same registry.
import { FunctionRegistry } from './registry.js';
import { STRING_FUNCTIONS } from './string-functions.js';
import { OTHER_FUNCTIONS } from './other-functions.js';
import { AGGREGATE_NAMES } from '../aggregates/index.js';

export function defaultRegistry(): FunctionRegistry {
  const r = new FunctionRegistry();
  for (const f of [...STRING_FUNCTIONS, ...OTHER_FUNCTIONS]) r.register(f);
  for (const n of AGGREGATE_NAMES) r.registerAggregateName(n);
  return r;
}
