// The engine's function registry: the built-in scalar and table functions, and the aggregates'
// names and signatures (they resolve in aggregates/). Remote functions register on it later.
import { FunctionRegistry } from './functions/registry.js';
import { BUILT_IN_FUNCTIONS } from './functions/index.js';
import { AGGREGATE_FUNCTIONS } from './aggregates/index.js';

export function defaultRegistry(): FunctionRegistry {
  const r = new FunctionRegistry();
  for (const f of BUILT_IN_FUNCTIONS) r.register(f);
  for (const a of AGGREGATE_FUNCTIONS) r.registerAggregate(a);
  return r;
}
