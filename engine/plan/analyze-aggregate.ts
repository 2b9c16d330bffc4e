// GROUP BY analysis: collects the aggregate calls, checks ksqlDB's rules (no aggregates in
// GROUP BY, no nesting, every non-aggregate expression grouped) and builds the scope seen by
// the projection and HAVING: [group keys..., aggregate results..., WINDOWSTART, WINDOWEND].
import { PlanError } from '../errors.js';
import { printExpression, type Expression, type FunctionCall } from '../syntax/index.js';
import type { ScopeColumn, Scope } from '../types/scope.js';
import type { PlanServices } from './plan-services.js';
import type { AggregateSignature } from './plan-services.js';
import { T, type SqlType } from '../types/sql-types.js';
import type { Value } from '../types/values.js';
import { children, normalText } from '../types/walk.js';
import { typeOf, type Stage } from './scopes.js';

export function collectAggregates(
  e: Expression,
  ctx: PlanServices,
  out: Map<string, FunctionCall>,
  inside = false,
): void {
  if (e.kind === 'FunctionCall' && ctx.isAggregate(e.name)) {
    if (inside) throw new PlanError(`Aggregate functions can not be nested: ${printExpression(e)}`);
    for (const a of e.args) findNested(a, ctx, e);
    out.set(normalText(e), e);
    return;
  }
  for (const c of children(e)) collectAggregates(c, ctx, out, inside);
}

function findNested(e: Expression, ctx: PlanServices, outer: FunctionCall): void {
  if (e.kind === 'FunctionCall' && ctx.isAggregate(e.name)) {
    throw new PlanError(`Aggregate functions can not be nested: ${outer.name}(${printExpression(e)})`);
  }
  for (const c of children(e)) findNested(c, ctx, outer);
}

export function checkGroupBy(groupBy: Expression[], ctx: PlanServices): void {
  const seen = new Set<string>();
  for (const g of groupBy) {
    const found = new Map<string, FunctionCall>();
    collectAggregates(g, ctx, found);
    const first = [...found.values()][0];
    if (first)
      throw new PlanError(`GROUP BY does not support aggregate functions: ${first.name} is an aggregate function.`);
    const t = normalText(g);
    if (seen.has(t)) throw new PlanError(`Duplicate GROUP BY expression: ${printExpression(g)}`);
    seen.add(t);
  }
}

const literalValue = (e: Expression): Value | undefined => {
  if (
    e.kind === 'IntegerLiteral' ||
    e.kind === 'DoubleLiteral' ||
    e.kind === 'StringLiteral' ||
    e.kind === 'BooleanLiteral'
  )
    return e.value;
  if (e.kind === 'BigIntLiteral' || e.kind === 'DecimalLiteral') return Number(e.value);
  return undefined;
};

export function resolveAgg(
  call: FunctionCall,
  stage: Stage,
  ctx: PlanServices,
): { impl: AggregateSignature; args: Expression[] } {
  const args = call.args;
  const types = args.map((a, i) => (i === 0 ? typeOf(a, stage, 'SELECT', ctx) : literalType(a, stage, ctx)));
  return {
    impl: ctx.aggregateSignature(call.name, types, args.map(literalValue), call.star, args.map(printExpression)),
    args,
  };
}

function literalType(e: Expression, stage: Stage, ctx: PlanServices): SqlType {
  return typeOf(e, stage, 'SELECT', ctx);
}

/** True when `e` only uses grouped expressions outside aggregate calls. */
export function isGrouped(e: Expression, grouped: Set<string>, ctx: PlanServices, windowed: boolean): boolean {
  if (grouped.has(normalText(e))) return true;
  if (e.kind === 'FunctionCall' && ctx.isAggregate(e.name)) return true;
  if (e.kind === 'ColumnRef') return windowed && (e.name === 'WINDOWSTART' || e.name === 'WINDOWEND');
  return children(e).every((c) => isGrouped(c, grouped, ctx, windowed));
}

export function postAggregateScope(
  keys: Array<{ text: string; type: SqlType; name?: string }>,
  aggs: Array<{ text: string; type: SqlType }>,
  windowed: boolean,
  qualifiers: string[],
): Scope {
  const slots = new Map<string, ScopeColumn>();
  const columns = new Map<string, ScopeColumn>();
  keys.forEach((k, i) => {
    slots.set(k.text, { name: k.text, type: k.type, index: i });
    if (k.name !== undefined) columns.set(k.name, { name: k.name, type: k.type, index: i });
  });
  aggs.forEach((a, j) => slots.set(a.text, { name: a.text, type: a.type, index: keys.length + j }));
  if (windowed) {
    const at = keys.length + aggs.length;
    columns.set('WINDOWSTART', { name: 'WINDOWSTART', type: T.BIGINT, index: at });
    columns.set('WINDOWEND', { name: 'WINDOWEND', type: T.BIGINT, index: at + 1 });
  }
  return { qualifiers: new Set(qualifiers), columns, slots, clause: 'SELECT' };
}
