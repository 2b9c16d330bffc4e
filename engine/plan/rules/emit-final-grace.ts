// EMIT FINAL without GRACE PERIOD means grace 0: ksqlDB rewrites the window this way before
// anything else looks at it, so this rule runs before the default-grace rule.
import type { LogicalNode } from '../logical-plan.js';
import type { PlanRule } from './rule.js';

export const emitFinalGrace: PlanRule = {
  name: 'emit-final-grace',
  apply(plan) {
    if (plan.refinement !== 'FINAL') return plan;
    const nodes: LogicalNode[] = plan.nodes.map((n) =>
      n.kind === 'Aggregate' && n.window && n.window.graceMs === undefined
        ? { ...n, window: { ...n.window, graceMs: 0 } }
        : n,
    );
    return { ...plan, nodes };
  },
};
