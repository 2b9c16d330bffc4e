// A push query may leave out the key: `SELECT B FROM S EMIT CHANGES` with S keyed by ID, or an
// aggregation without its GROUP BY columns. ksqlDB runs these (a transient query has no sink whose
// key must be written). The engine plans push queries through its persistent-query planner, which
// requires the key in the projection, so the missing key expressions are added under hidden names
// and left out of the columns the client sees.
import { printExpression, type Expression, type Query, type SelectItem } from '../syntax/index.js';
import type { Catalog } from '../plan/catalog.js';

export interface PushProjection {
  query: Query;
  /** Names of the added items, never shown to the client. */
  hidden: Set<string>;
}

const HIDDEN_PREFIX = 'ZIEM_HIDDEN_KEY_';

function selected(items: SelectItem[], e: Expression): boolean {
  const text = printExpression(e);
  return items.some((i) => i.kind === 'SelectSingle' && printExpression(i.expr) === text);
}

function keyExpressions(q: Query, catalog: Catalog): Expression[] {
  if (q.groupBy) return q.groupBy;
  if (q.partitionBy) return q.partitionBy;
  if (q.from.kind !== 'AliasedSource') return [];
  const def = catalog.get(q.from.name);
  if (!def) return [];
  return def.columns.filter((c) => c.ns === 'KEY').map((c): Expression => ({ kind: 'ColumnRef', name: c.name }));
}

export function withHiddenKeys(q: Query, catalog: Catalog): PushProjection {
  const hidden = new Set<string>();
  // `*` already brings the key columns; a join's key rules stay the planner's
  if (q.select.some((i) => i.kind !== 'SelectSingle') || q.from.kind !== 'AliasedSource') return { query: q, hidden };
  const added: SelectItem[] = [];
  for (const e of keyExpressions(q, catalog)) {
    if (selected(q.select, e)) continue;
    const alias = `${HIDDEN_PREFIX}${hidden.size}`;
    hidden.add(alias);
    added.push({ kind: 'SelectSingle', expr: e, alias });
  }
  return { query: added.length === 0 ? q : { ...q, select: [...q.select, ...added] }, hidden };
}
