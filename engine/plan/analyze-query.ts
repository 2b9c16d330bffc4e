// Turns a SELECT of a persistent query into a logical plan: resolves the source, types every
// expression, decides the output key (source key, PARTITION BY or GROUP BY) and the value
// columns, and enforces ksqlDB's projection rules with its error wording.
import { rewritePseudoTimestamps } from '../typecheck/pseudo-timestamps.js';
import { NotSupportedError, PlanError } from '../errors.js';
import { printExpression, type Query } from '../syntax/index.js';
import { rewrite, someNode } from '../types/walk.js';
import type { PlanServices } from './plan-services.js';
import type { Catalog, Column, SourceDef } from './catalog.js';
import type { LogicalNode, SelectPlanItem } from './logical-plan.js';
import { expandSelect, nameItems } from './select-items.js';
import { checkSelectNames } from './reserved-names.js';
import { scopeOf, sourceLayout, typeOf, type Stage } from './scopes.js';
import { analyzeJoin } from './analyze-join.js';
import { planAggregate } from './plan-aggregate.js';
import { planProjection } from './plan-projection.js';
import { windowPlan } from './window-plan.js';
import { flatMapNode, tableFunctionCalls, withFlatMap } from './plan-table-functions.js';

export interface AnalyzeInput {
  query: Query;
  sinkName: string;
  catalog: Catalog;
  ctx: PlanServices;
  /** CSAS/CTAS/INSERT INTO: ksqlDB's system columns may not be output columns. */
  persistent?: boolean;
}

export interface Analysis {
  source: SourceDef;
  nodes: LogicalNode[];
  items: SelectPlanItem[];
  /** The projection in written order with its final names (for the rewritten statement text). */
  namedItems: SelectPlanItem[];
  resultKind: 'STREAM' | 'TABLE';
  windowed: boolean;
}

function resolveSource(q: Query, catalog: Catalog): { def: SourceDef; alias: string } {
  if (q.from.kind === 'Join') throw new NotSupportedError('joins', 'joins are not supported here');
  const def = catalog.get(q.from.name);
  if (!def) throw new PlanError(`${q.from.name} does not exist.`);
  return { def, alias: q.from.alias ?? q.from.name };
}

export function analyzeQuery(a: AnalyzeInput): Analysis {
  const q = a.query;
  if (q.from.kind === 'Join') return analyzeJoin(a);
  const { def, alias } = resolveSource(q, a.catalog);
  const qualifiers = [...new Set([alias, def.name])];
  const stage: Stage = { layout: sourceLayout(def), qualifiers };
  const nodes: LogicalNode[] = [{ kind: 'Source', source: def, alias }];
  if (q.where) {
    const where = rewritePseudoTimestamps(q.where);
    a.ctx.checkCondition(where, scopeOf(stage, 'WHERE'));
    nodes.push({ kind: 'Filter', predicate: where });
  }
  if (q.groupBy && q.partitionBy) throw new PlanError('Queries cannot use both GROUP BY and PARTITION BY.');
  if (!q.groupBy) checkNoAggregates(q, a.ctx);
  if (q.having && !q.groupBy) throw new PlanError('HAVING requires GROUP BY.');
  if (q.window && !q.groupBy) throw new PlanError('WINDOW clause requires a GROUP BY clause.');
  // after PARTITION BY the old key columns move to the end of the value (ksqlDB's order)
  const visible = stage.layout.filter((c) => !c.pseudo);
  const starLayout = q.partitionBy ? [...visible.filter((c) => !c.key), ...visible.filter((c) => c.key)] : visible;
  const expanded = expandSelect(q.select, starLayout, (e) => typeOf(e, stage, 'SELECT', a.ctx), new Set(qualifiers));
  const named = nameItems(expanded, new Set(def.columns.map((c) => c.name)));
  if (a.persistent) checkSelectNames(named);
  const flatMap = flatMapNode(
    tableFunctionCalls(
      named.map((n) => n.expr),
      a.ctx,
    ),
    { sourceKind: def.kind, aggregated: !!q.groupBy },
  );
  if (q.groupBy) {
    if (def.valueFormat === 'KAFKA')
      throw new PlanError(
        `Source(s) ${def.name} are using the 'KAFKA' value format. This format does not yet support GROUP BY.`,
      );
    const window = q.window ? windowPlan(q.window) : undefined;
    const r = planAggregate({ q, def, stage, named, sinkName: a.sinkName, ctx: a.ctx, ...(window ? { window } : {}) });
    nodes.push(...r.nodes);
    return {
      source: def,
      nodes,
      items: r.items,
      namedItems: inWrittenOrder(named, r.items),
      resultKind: 'TABLE',
      windowed: !!window,
    };
  }
  if (q.refinement === 'FINAL') throw new PlanError('EMIT FINAL is only supported for windowed aggregations.');
  const r = planProjection({ q, def, alias, stage, named, sinkName: a.sinkName, ctx: a.ctx });
  nodes.push(...withFlatMap(r.nodes, flatMap));
  return {
    source: def,
    nodes,
    items: r.items,
    namedItems: inWrittenOrder(named, r.items),
    resultKind: def.kind,
    windowed: !!def.window,
  };
}

/** Aggregates need GROUP BY; ksqlDB names the ungrouped columns, or the aggregates when all are. */
function checkNoAggregates(q: Query, ctx: PlanServices): void {
  const singles = q.select.filter((s) => s.kind === 'SelectSingle');
  const aggs = singles.filter((s) => someNode(s.expr, (x) => x.kind === 'FunctionCall' && ctx.isAggregate(x.name)));
  if (aggs.length === 0) return;
  const plain = singles.filter((s) => !aggs.includes(s));
  if (plain.length > 0 || q.select.some((s) => s.kind !== 'SelectSingle')) {
    throw new PlanError(
      `Non-aggregate SELECT expression(s) not part of GROUP BY: ${plain.map((s) => printExpression(s.expr)).join(', ')}\nEither add the column(s) to the GROUP BY or remove them from the SELECT.`,
    );
  }
  // ksqlDB rewrites COUNT(*) to COUNT(ROWTIME) before it reports this
  const shown = aggs.map((s) =>
    printExpression(
      rewrite(s.expr, (x) =>
        x.kind === 'FunctionCall' && x.star
          ? { ...x, star: false, args: [{ kind: 'ColumnRef', name: 'ROWTIME' }] }
          : undefined,
      ),
    ),
  );
  throw new PlanError(
    `CREATE TABLE AS SELECT statement does not support aggregate function [${shown.join(', ')}] without a GROUP BY clause.`,
  );
}

function inWrittenOrder(named: Array<{ name: string }>, items: SelectPlanItem[]): SelectPlanItem[] {
  return named.map((n) => items.find((i) => i.name === n.name)).filter((i): i is SelectPlanItem => i !== undefined);
}

export function outputColumns(items: SelectPlanItem[]): Column[] {
  const cols = items.map((i) => ({ name: i.name, type: i.type, ns: i.key ? ('KEY' as const) : ('VALUE' as const) }));
  const seen = new Set<string>();
  for (const c of cols) {
    if (seen.has(c.name))
      throw new PlanError(
        `Duplicate ${c.ns === 'KEY' ? 'key' : 'value'} columns found in schema: \`${c.name}\` ${c.type.kind}`,
      );
    seen.add(c.name);
  }
  return [...cols.filter((c) => c.ns === 'KEY'), ...cols.filter((c) => c.ns !== 'KEY')];
}
