// Table functions in a projection (EXPLODE, CUBE_EXPLODE): the distinct calls the SELECT makes
// become one FlatMap before the projection, which reads each call's value from the row. ksqlDB's
// rules: streams only, no aggregation in the same query, no table function inside another.
import { PlanError } from '../errors.js';
import { printExpression, type Expression, type FunctionCall } from '../syntax/index.js';
import { children, normalText, someNode } from '../types/walk.js';
import type { PlanServices } from './plan-services.js';
import type { LogicalNode } from './logical-plan.js';

/** The table function calls of `exprs`, each once (by text), outermost first. */
export function tableFunctionCalls(exprs: Expression[], ctx: PlanServices): FunctionCall[] {
  const found = new Map<string, FunctionCall>();
  const visit = (e: Expression): void => {
    if (e.kind === 'FunctionCall' && ctx.isTableFunction(e.name)) {
      if (e.args.some((a) => someNode(a, (x) => x.kind === 'FunctionCall' && ctx.isTableFunction(x.name))))
        throw new PlanError(`Table functions cannot be nested: ${printExpression(e)}`);
      const key = normalText(e);
      if (!found.has(key)) found.set(key, e);
      return;
    }
    children(e).forEach(visit);
  };
  exprs.forEach(visit);
  return [...found.values()];
}

export interface TableFunctionUse {
  sourceKind: 'STREAM' | 'TABLE';
  aggregated: boolean;
}

/** Checks where table functions may be used; the FlatMap node, or none when there are none. */
export function flatMapNode(calls: FunctionCall[], use: TableFunctionUse): LogicalNode | undefined {
  if (calls.length === 0) return undefined;
  if (use.aggregated) throw new PlanError('Table functions cannot be used with aggregations.');
  if (use.sourceKind === 'TABLE') throw new PlanError('Table source is not supported with table functions');
  return { kind: 'FlatMap', calls };
}

/** The plan with the FlatMap just before its projection. */
export function withFlatMap(nodes: LogicalNode[], flatMap: LogicalNode | undefined): LogicalNode[] {
  if (!flatMap) return nodes;
  const at = nodes.findIndex((n) => n.kind === 'Project');
  return at < 0 ? [...nodes, flatMap] : [...nodes.slice(0, at), flatMap, ...nodes.slice(at)];
}
