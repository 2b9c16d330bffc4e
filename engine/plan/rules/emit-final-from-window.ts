// The EmitFinal node releases windows after the aggregation's grace: it copies the decided
// grace from the window, so it must run after both grace rules.
import { InternalError } from '../../../core/errors/ziem-error.js';
import type { LogicalNode } from '../logical-plan.js';
import type { PlanRule } from './rule.js';

export const emitFinalFromWindow: PlanRule = {
  name: 'emit-final-from-window',
  apply(plan) {
    const agg = plan.nodes.find((n) => n.kind === 'Aggregate');
    const grace = agg?.kind === 'Aggregate' ? agg.window?.graceMs : undefined;
    const nodes: LogicalNode[] = plan.nodes.map((n) => {
      if (n.kind !== 'EmitFinal') return n;
      if (grace === undefined) throw new InternalError('EmitFinal without a windowed aggregation reached the rules');
      return { kind: 'EmitFinal', graceMs: grace };
    });
    return { ...plan, nodes };
  },
};
