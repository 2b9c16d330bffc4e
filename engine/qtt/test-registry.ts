// The function registry a QTT case runs with: the engine's default one plus the test functions
// ksqlDB's functional-test harness loads from its test classpath (test-udfs.ts, test-udtfs.ts,
// test-udafs.ts), as that harness does. The default registry users get never holds them.
import { defaultRegistry } from '../exec/default-registry.js';
import type { FunctionRegistry } from '../exec/functions/registry.js';
import { TEST_UDFS } from './test-udfs.js';
import { TEST_UDTFS } from './test-udtfs.js';
import { TEST_UDAFS } from './test-udafs.js';

export function qttRegistry(): FunctionRegistry {
  const r = defaultRegistry();
  for (const f of [...TEST_UDFS, ...TEST_UDTFS]) r.register(f);
  for (const a of TEST_UDAFS) r.registerAggregate(a);
  return r;
}
