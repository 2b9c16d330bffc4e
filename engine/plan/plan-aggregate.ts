// GROUP BY queries: the grouping expressions become the key (named after the projection item
// that selects them), aggregates are computed per key (and window), then HAVING and the
// projection run over [keys..., aggregates..., WINDOWSTART, WINDOWEND].
import { PlanError } from '../errors.js';
import { printExpression, type Expression, type FunctionCall, type Query } from '../syntax/index.js';
import type { PlanServices } from './plan-services.js';
import { children, normalText } from '../types/walk.js';
import type { SourceDef } from './catalog.js';
import type { LogicalNode, SelectPlanItem, WindowPlan } from './logical-plan.js';
import { listWithAnd, type NamedItem } from './select-items.js';
import { typeOf, type Stage } from './scopes.js';
import { checkGroupBy, collectAggregates, isGrouped, postAggregateScope, resolveAgg } from './analyze-aggregate.js';
import { orderItems, requireValues } from './plan-projection.js';

export interface AggregateInput {
  q: Query;
  def: SourceDef;
  stage: Stage;
  named: NamedItem[];
  sinkName: string;
  ctx: PlanServices;
  window?: WindowPlan;
}

function aggregatesOf(p: AggregateInput): FunctionCall[] {
  const found = new Map<string, FunctionCall>();
  for (const it of p.named) collectAggregates(it.expr, p.ctx, found);
  if (p.q.having) collectAggregates(p.q.having, p.ctx, found);
  if (found.size === 0)
    throw new PlanError('GROUP BY requires aggregate functions in either the SELECT or HAVING clause.');
  return [...found.values()];
}

function checkNonAggregates(p: AggregateInput, grouped: Set<string>): void {
  const bad = p.named
    .filter((it) => !isGrouped(it.expr, grouped, p.ctx, !!p.window))
    .map((it) => printExpression(it.expr));
  if (bad.length > 0) {
    throw new PlanError(
      `Non-aggregate SELECT expression(s) not part of GROUP BY: ${bad.join(', ')}\nEither add the column(s) to the GROUP BY or remove them from the SELECT.`,
    );
  }
  if (p.q.having && !isGrouped(p.q.having, grouped, p.ctx, !!p.window)) {
    const cols: string[] = [];
    const walk = (e: Expression): void => {
      if (isGrouped(e, grouped, p.ctx, !!p.window)) return;
      if (e.kind === 'ColumnRef') cols.push(printExpression(e));
      else children(e).forEach(walk);
    };
    walk(p.q.having);
    throw new PlanError(`Non-aggregate HAVING expression not part of GROUP BY: ${cols.join(', ')}`);
  }
}

function checkFunctionsExist(e: Expression, ctx: PlanServices): void {
  if (e.kind === 'FunctionCall' && !ctx.isFunction(e.name))
    throw new PlanError(`Can't find any functions with the name '${e.name}'`);
  children(e).forEach((c) => checkFunctionsExist(c, ctx));
}

export function planAggregate(p: AggregateInput): { nodes: LogicalNode[]; items: SelectPlanItem[] } {
  const groupBy = p.q.groupBy!;
  checkGroupBy(groupBy, p.ctx);
  for (const it of p.named) checkFunctionsExist(it.expr, p.ctx);
  const aggregates = aggregatesOf(p);
  const grouped = new Set(groupBy.map(normalText));
  for (const it of p.named) checkFunctionsExist(it.expr, p.ctx);
  checkNonAggregates(p, grouped);
  const keyTypes = groupBy.map((g) => typeOf(g, p.stage, 'GROUP BY', p.ctx));
  const resolved = aggregates.map((a) => resolveAgg(a, p.stage, p.ctx));
  if (p.def.valueFormat === 'DELIMITED' && resolved.some((r) => r.impl.complexState))
    throw new PlanError(
      'One of the functions used in the statement has an intermediate type that the value format can not handle. Please remove the function or change the format.',
    );
  if (p.def.kind === 'TABLE') {
    const bad = aggregates.filter((_, i) => !resolved[i]!.impl.undoable).map((a) => a.name);
    if (bad.length > 0)
      throw new PlanError(
        `The aggregation functions ${listWithAnd([...new Set(bad)])} cannot be applied to a table source, only to a stream source.`,
      );
  }
  const scope = postAggregateScope(
    groupBy.map((g, i) => ({
      text: normalText(g),
      type: keyTypes[i]!,
      ...(g.kind === 'ColumnRef' ? { name: g.name } : {}),
    })),
    aggregates.map((a, j) => ({ text: normalText(a), type: resolved[j]!.impl.type })),
    !!p.window,
    p.stage.qualifiers,
  );
  if (p.q.having) p.ctx.checkCondition(p.q.having, { ...scope, clause: 'HAVING' });
  const items: SelectPlanItem[] = p.named.map((it) => ({
    expr: it.expr,
    name: it.name,
    key: grouped.has(normalText(it.expr)),
    type: p.ctx.typeOf(it.expr, scope),
  }));
  const texts = groupBy.map(normalText);
  const keyNames = checkKeys(p, texts, items);
  requireValues(items);
  const ordered = orderItems(items, (it) => texts.indexOf(normalText(it.expr)));
  const node: LogicalNode = {
    kind: 'Aggregate',
    groupBy,
    keyNames,
    aggregates,
    fromTable: p.def.kind === 'TABLE',
    ...(p.window ? { window: p.window } : {}),
    ...(p.q.having ? { having: p.q.having } : {}),
  };
  const nodes: LogicalNode[] = [node];
  if (p.q.refinement === 'FINAL') {
    if (!p.window) throw new PlanError('EMIT FINAL is only supported for windowed aggregations.');
    nodes.push({ kind: 'EmitFinal', graceMs: p.window.graceMs ?? -1 });
  }
  nodes.push({ kind: 'Project', items: ordered });
  return { nodes, items: ordered };
}

function checkKeys(p: AggregateInput, texts: string[], items: SelectPlanItem[]): string[] {
  const missing: string[] = [];
  const names = texts.map((t, i) => {
    const hits = items.filter((it) => it.key && normalText(it.expr) === t);
    if (hits.length > 1)
      throw new PlanError(
        `The projection contains a key column more than once: ${hits.map((h) => `\`${h.name}\``).join(' and ')}.`,
      );
    if (hits.length === 0) missing.push(printExpression(p.q.groupBy![i]!));
    return hits[0]?.name ?? '';
  });
  if (missing.length > 0) {
    const s = missing.length > 1 ? 's' : '';
    throw new PlanError(
      `The query used to build \`${p.sinkName}\` must include the grouping expression${s} ${listWithAnd(missing)} in its projection (eg, SELECT ${missing.join(', ')}...).`,
    );
  }
  return names;
}
