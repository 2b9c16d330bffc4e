// Windows without an explicit grace get Kafka Streams' legacy default: 24 hours minus the
// window size (minus the gap for sessions), never below zero.
import type { LogicalNode } from '../logical-plan.js';
import type { PlanRule } from './rule.js';

const DAY_MS = 86_400_000;

export const defaultGrace: PlanRule = {
  name: 'default-grace',
  apply(plan) {
    const nodes: LogicalNode[] = plan.nodes.map((n) => {
      if (n.kind !== 'Aggregate' || !n.window || n.window.graceMs !== undefined) return n;
      const span = n.window.type === 'SESSION' ? n.window.gapMs : n.window.sizeMs;
      return { ...n, window: { ...n.window, graceMs: Math.max(DAY_MS - span, 0) } };
    });
    return { ...plan, nodes };
  },
};
