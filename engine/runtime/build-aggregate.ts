// Builds the aggregation operator for an Aggregate plan node (plain, time-windowed or session)
// and the scope its output row offers to HAVING and the projection.
import type { CompileContext } from '../exec/expression/compile.js';
import { compile, compileBool } from '../exec/expression/compile.js';
import type { Scope } from '../types/scope.js';
import { normalText } from '../types/walk.js';
import { resolveAggregate } from '../exec/aggregates/index.js';
import type { Value } from '../types/values.js';
import type { Operator, SkipReporter } from '../exec/operators/operator.js';
import { AggregateCore, type AggSpec } from '../exec/operators/aggregate-core.js';
import { AggregateOperator } from '../exec/operators/aggregate.js';
import { WindowAggregateOperator } from '../exec/operators/window-aggregate.js';
import { SessionAggregateOperator } from '../exec/operators/session-aggregate.js';
import { postAggregateScope } from '../plan/analyze-aggregate.js';
import type { LogicalNode } from '../plan/logical-plan.js';
import type { Expression } from '../syntax/index.js';
import { borrowedResults } from './borrowed-results.js';

const literal = (e: Expression): Value | undefined => {
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

export function buildAggregate(
  node: Extract<LogicalNode, { kind: 'Aggregate' }>,
  scope: Scope,
  c: CompileContext,
  skip: SkipReporter,
  emitFinal: boolean,
  /** The projection's expressions when it reads each output row at once (borrowed-results.ts);
   *  undefined when the row is kept before it is read (a record cache). */
  readers: readonly Expression[] | undefined,
): { factory: (next: Operator) => Operator; scope: Scope } {
  const keys = node.groupBy.map((g) => compile(g, { ...scope, clause: 'GROUP BY' }, c));
  const borrowed = borrowedResults(
    node.aggregates,
    readers === undefined ? undefined : [...readers, ...(node.having ? [node.having] : [])],
  );
  const aggs: AggSpec[] = node.aggregates.map((a, j) => {
    const args = a.args.map((x) => compile(x, scope, c));
    const impl = resolveAggregate(
      a.name,
      args.map((x) => x.type),
      a.args.map(literal),
      a.star,
      undefined,
      c.props,
      (n) => c.registry.aggregate(n),
    );
    return { impl, args: args.slice(0, impl.columnArgs ?? 1).map((x) => x.eval), borrowed: borrowed[j]! };
  });
  const post = postAggregateScope(
    node.groupBy.map((g, i) => ({
      text: normalText(g),
      type: keys[i]!.type,
      ...(g.kind === 'ColumnRef' ? { name: g.name } : {}),
    })),
    node.aggregates.map((a, j) => ({ text: normalText(a), type: aggs[j]!.impl.type })),
    !!node.window,
    [...scope.qualifiers],
  );
  const having = node.having ? compileBool(node.having, { ...post, clause: 'HAVING' }, c) : undefined;
  const text = node.groupBy.map(normalText).join(', ');
  const w = node.window;
  const factory = (next: Operator): Operator => {
    const core = new AggregateCore({ groupBy: keys.map((k) => k.eval), aggs, next, ...(having ? { having } : {}) });
    if (!w) return new AggregateOperator(core, node.fromTable, text);
    if (w.type === 'SESSION') return new SessionAggregateOperator(core, w.gapMs, w.graceMs ?? 0, skip, text, emitFinal);
    const grace = w.graceMs ?? 0;
    const final = emitFinal ? { final: { retentionMs: w.retentionMs ?? w.sizeMs + grace } } : {};
    return new WindowAggregateOperator(
      core,
      { sizeMs: w.sizeMs, advanceMs: w.advanceMs, graceMs: grace, ...final },
      skip,
      text,
    );
  };
  return { factory, scope: post };
}
