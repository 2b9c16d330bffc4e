// Runs one record through a pipeline that calls remote functions: a synchronous attempt with the
// record's results installed; each RemoteCallPending is awaited (a failure becomes null plus a
// processing-log entry) and the record runs again. Sound only because the pipeline is stateless up
// to its sink (plan/remote-use.ts refuses aggregations and table sources).
import { ExecError } from '../errors.js';
import { RemoteCallPending, type RemoteBinding, type RemoteCall } from '../exec/functions/remote-function.js';
import type { Value } from '../types/values.js';

/** More distinct calls than this for one record means the results are not being found: a bug. */
const MAX_CALLS_PER_RECORD = 256;

function attempt(b: RemoteBinding, results: Map<string, Value>, handle: () => void): RemoteCall | undefined {
  // restore, not clear: a sink may feed a downstream query synchronously, which installs its own
  const previous = b.slot.current;
  b.slot.current = results;
  try {
    handle();
    return undefined;
  } catch (err) {
    if (err instanceof RemoteCallPending) return err.call;
    throw err;
  } finally {
    b.slot.current = previous;
  }
}

async function callsThenRetry(
  b: RemoteBinding,
  results: Map<string, Value>,
  handle: () => void,
  report: (reason: string) => void,
  first: RemoteCall,
): Promise<void> {
  let call: RemoteCall | undefined = first;
  for (let n = 1; call !== undefined; n++) {
    if (n > MAX_CALLS_PER_RECORD || results.has(call.key))
      throw new ExecError(`remote function ${call.fn}: the record asked for the same or too many results (${n} calls)`);
    const out = await b.invoker.invoke(call);
    if (out.value === null) report(`remote function ${call.fn} returned null: ${out.problem}`);
    results.set(call.key, out.value);
    call = attempt(b, results, handle);
  }
}

/**
 * Processes one record; returns nothing when no remote call was needed (the synchronous fast path),
 * else a promise that settles once the record has gone through with every result in place.
 */
export function runRecordWithRemote(
  b: RemoteBinding,
  handle: () => void,
  report: (reason: string) => void,
): void | Promise<void> {
  const results = new Map<string, Value>();
  const call = attempt(b, results, handle);
  if (call === undefined) return;
  return callsThenRetry(b, results, handle, report, call);
}
