// Where remote functions (ANOMALY_SCORE) may be called: a record that needs one is run through its
// pipeline again once the result is in (runtime/remote-record.ts), which is only sound when nothing
// before the sink keeps state. Aggregations, windows and table sources (whose operator remembers
// the previous row) keep state, so such queries are refused here with a way out.
import { PlanError } from '../errors.js';
import type { PlanServices } from './plan-services.js';
import type { Query } from '../syntax/index.js';
import type { Analysis } from './analyze-query.js';

export function checkRemoteUse(q: Query, a: Analysis, services: PlanServices): void {
  const used = services.remoteFunctionsIn(q);
  if (used.length === 0) return;
  const fn = used[0]!;
  if (a.nodes.some((n) => n.kind === 'Aggregate') || q.window !== undefined) {
    throw new PlanError(
      `${fn} is a remote function: it can only be used in a query without GROUP BY/WINDOW; compute the aggregate in its own query and call ${fn} from a stream over that query's output`,
      {
        hint: `aggregate in a CREATE TABLE … AS SELECT, declare a STREAM over that table's topic, and call ${fn} in a CREATE STREAM … AS SELECT from it (as ksql/V000023 does)`,
      },
    );
  }
  if (a.source.kind === 'TABLE') {
    throw new PlanError(
      `${fn} is a remote function: it can only be used in a query over a STREAM, and ${a.source.name} is a TABLE; declare a stream over the table's topic and call ${fn} from it`,
    );
  }
}
