// The FlatMap stage of a pipeline: compiles each table function call's arguments against the
// row, and gives the projection after it a scope where each call reads its appended value.
import { printExpression } from '../syntax/index.js';
import { normalText } from '../types/walk.js';
import type { Scope, ScopeColumn } from '../types/scope.js';
import { compile, type CompileContext } from '../exec/expression/compile.js';
import { compileTableCall } from '../exec/expression/compile-call.js';
import { FlatMapOperator } from '../exec/operators/flat-map.js';
import type { Operator, SkipReporter } from '../exec/operators/operator.js';
import type { LogicalNode } from '../plan/logical-plan.js';

export function flatMapStage(
  node: Extract<LogicalNode, { kind: 'FlatMap' }>,
  scope: Scope,
  c: CompileContext,
  skip: SkipReporter,
): { factory: (next: Operator) => Operator; scope: Scope } {
  const indices = [...scope.columns.values(), ...(scope.slots?.values() ?? [])].map((x) => x.index);
  const at = indices.length === 0 ? 0 : Math.max(...indices) + 1;
  const calls = node.calls.map((e) => ({ text: printExpression(e), ...compileTableCall(e, scope, c, compile) }));
  const slots = new Map<string, ScopeColumn>(scope.slots ?? []);
  node.calls.forEach((e, i) =>
    slots.set(normalText(e), { name: `KSQL_SYNTH_${i}`, type: calls[i]!.type, index: at + i }),
  );
  return {
    factory: (next) => new FlatMapOperator(calls, at, next, skip),
    scope: { ...scope, slots },
  };
}
